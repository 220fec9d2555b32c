// Large attachments as links (brief §8): the server's auto-detachment threshold (`IAttachment._config`
// `autoDetachmentLimit`, mirrored in the user setting `mail_autoDetachmentLimit`) is where the composer offers
// a share link instead of the file; above what a message may carry at all (`message_size_limit`, 10 MiB by
// default, which the API does not expose, and the 10 MB part-upload limit) the link is forced. A file is
// shared with `PUT /api/attachment/{domain}/{name}/share` and travels as an empty attachment part whose
// `X-BM-Disposition` header carries the link, as the webmail does, plus the link in the text.
import type { AttachmentPolicy } from '../../core/model';
import { apiPath, type BlueMindClient } from './client';
import { isFault } from './errors';
import { attachedFile, attachmentConfig } from './schemas';

/** `message_size_limit` default (brief §1.5) and the nginx limit of part uploads (§1.1). */
export const DEFAULT_MESSAGE_LIMIT = 10 * 1024 * 1024;

export interface SharedLink {
  /** The file this link replaces (its key in the mail). */
  key: string;
  name: string;
  size: number;
  mimeType: string;
  url: string;
  expiresAt: number | null;
}

export class FileHosting {
  constructor(
    private readonly client: BlueMindClient,
    private readonly domainUid: string,
    private readonly roles: () => readonly string[],
    private readonly settings: () => Promise<Record<string, string | null>>,
    private readonly messageLimit = DEFAULT_MESSAGE_LIMIT,
  ) {}

  /** What the composer may (or must) do with a large attachment on this account. */
  async policy(): Promise<AttachmentPolicy> {
    const none: AttachmentPolicy = {
      linksAvailable: false,
      offerAboveBytes: null,
      forceAboveBytes: null,
      maxLinkBytes: null,
    };
    if (!this.roles().includes('canRemoteAttach')) return none;
    let config;
    try {
      config = await this.client.expect('GET', apiPath`/api/attachment/${this.domainUid}/_config`, attachmentConfig);
    } catch (error) {
      // FORBIDDEN (a missing role, as a 500) or no file hosting configured: links are simply not offered.
      if (isFault(error)) return none;
      throw error;
    }
    const setting = Number(
      (await this.settings().catch(() => ({}) as Record<string, string | null>))['mail_autoDetachmentLimit'],
    );
    const threshold = positive(config.autoDetachmentLimit) ?? positive(setting);
    return {
      linksAvailable: true,
      offerAboveBytes: threshold,
      forceAboveBytes: rawLimit(this.messageLimit),
      maxLinkBytes: positive(config.maxFilesize),
    };
  }

  /** Uploads one file and returns its public link. */
  async share(key: string, name: string, content: Uint8Array, mimeType: string): Promise<SharedLink> {
    const file = await this.client.expect(
      'PUT',
      apiPath`/api/attachment/${this.domainUid}/${name}/share`,
      attachedFile,
      { bytes: content, timeoutMs: 10 * 60_000 },
    );
    return {
      key,
      name: file.name ?? name,
      size: content.byteLength,
      mimeType,
      url: file.publicUrl,
      expiresAt: file.expirationDate ?? null,
    };
  }
}

/** Base64 makes a file a third larger in the message, and headers need room. */
export const rawLimit = (messageLimit: number) => Math.max(0, Math.floor((messageLimit * 3) / 4) - 64 * 1024);

const positive = (value: number | null | undefined): number | null =>
  typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : null;

/**
 * Which attachments leave as links: those the user chose, any single file over the forced limit, then the
 * largest remaining ones until the files still attached fit in one message.
 */
export function linkChoices(
  policy: AttachmentPolicy,
  attachments: readonly { key: string; size: number }[],
  chosen: readonly string[],
): Set<string> {
  const links = new Set<string>();
  if (!policy.linksAvailable) return links;
  const limit = policy.forceAboveBytes;
  for (const attachment of attachments) {
    if (chosen.includes(attachment.key) || (limit !== null && attachment.size > limit)) links.add(attachment.key);
  }
  if (limit === null) return links;
  const attached = attachments.filter((a) => !links.has(a.key)).sort((a, b) => b.size - a.size);
  let total = attached.reduce((sum, a) => sum + a.size, 0);
  for (const attachment of attached) {
    if (total <= limit) break;
    links.add(attachment.key);
    total -= attachment.size;
  }
  return links;
}
