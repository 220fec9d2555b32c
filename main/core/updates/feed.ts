import yaml from 'js-yaml';
import { z } from 'zod';
import { CoreError } from '../errors';
import type { UpdateChannel } from '../model';
import { compareVersions, isPrerelease, parseVersion } from './versions';

// The check-only half of updates: read electron-updater's generic feed (latest.yml, latest-linux.yml, beta.yml…)
// from the update server and say whether a newer version exists. Downloading and installing stay with
// electron-updater, and only where decideUpdate allows it.

export type { UpdateChannel };

export type UpdateFeedErrorCode =
  | 'updates.invalidUrl'
  | 'updates.feedUnreachable'
  | 'updates.feedTimeout'
  | 'updates.feedNotFound'
  | 'updates.feedHttpError'
  | 'updates.feedNotYaml'
  | 'updates.feedMalformed'
  | 'updates.feedInvalid';

/** A failed check; `code` is a translation key under `errors.`. */
export class UpdateFeedError extends CoreError {
  declare readonly code: UpdateFeedErrorCode;

  constructor(code: UpdateFeedErrorCode, params?: Record<string, string | number>) {
    super(code, params);
    this.name = 'UpdateFeedError';
  }
}

const feedFileSchema = z.object({
  url: z.string().min(1),
  sha512: z.string().min(1),
  size: z.number().int().nonnegative().optional(),
});

const releaseNotesSchema = z.union([
  z.string(),
  z.array(z.object({ version: z.string(), note: z.string().nullable() })),
  z.null(),
]);

const updateFeedSchema = z.object({
  version: z.string().refine((version) => parseVersion(version) !== null),
  files: z.array(feedFileSchema).min(1),
  path: z.string().optional(),
  sha512: z.string().optional(),
  releaseDate: z.string().optional(),
  releaseName: z.string().nullable().optional(),
  releaseNotes: releaseNotesSchema.optional(),
});

export type UpdateFeed = z.infer<typeof updateFeedSchema>;

const maxFeedBytes = 1024 * 1024;

/** Captive portals, SSO proxies and misconfigured servers answer with a page; say so rather than "bad YAML". */
const looksLikeHtml = (text: string, contentType: string | null) =>
  /\btext\/html\b/i.test(contentType ?? '') || /^\s*<(!doctype|html|head|body|\?xml)/i.test(text);

export function parseUpdateFeed(text: string, contentType: string | null = null): UpdateFeed {
  if (looksLikeHtml(text, contentType)) throw new UpdateFeedError('updates.feedNotYaml');
  let document: unknown;
  try {
    // CORE_SCHEMA: no timestamps or other implicit types, so releaseDate stays the string it was.
    document = yaml.load(text, { schema: yaml.CORE_SCHEMA });
  } catch (error) {
    const line = error instanceof yaml.YAMLException ? error.mark.line + 1 : 0;
    throw new UpdateFeedError('updates.feedMalformed', { line });
  }
  const parsed = updateFeedSchema.safeParse(document);
  if (!parsed.success) {
    throw new UpdateFeedError('updates.feedInvalid', { field: parsed.error.issues[0]?.path.join('.') || '(root)' });
  }
  return parsed.data;
}

/** The feed file electron-builder writes for a channel and platform (see its updateInfoBuilder). */
export function feedFileName(channel: UpdateChannel, platform: string, arch: string): string {
  const base = channel === 'stable' ? 'latest' : 'beta';
  if (platform === 'win32') return `${base}.yml`;
  if (platform === 'darwin') return `${base}-mac.yml`;
  const archSuffix = arch === 'x64' ? '' : arch === 'arm' ? '-arm' : `-${arch}`;
  return `${base}-linux${archSuffix}.yml`;
}

/** Release notes as one text, whether the feed gives a string or electron-updater's list per version. */
export function notesText(notes: UpdateFeed['releaseNotes']): string | null {
  if (notes === undefined || notes === null) return null;
  if (typeof notes === 'string') return notes;
  return notes.map((entry) => `${entry.version}\n${entry.note ?? ''}`.trim()).join('\n\n');
}

export interface UpdateFile {
  url: string;
  sha512: string;
  size: number | null;
}

export interface UpdateCheckResult {
  status: 'available' | 'up-to-date';
  currentVersion: string;
  /** The version the feed offers. */
  version: string;
  releaseName: string | null;
  /** Text from the server: show it as text, never as HTML. */
  releaseNotes: string | null;
  releaseDate: string | null;
  files: UpdateFile[];
  feedUrl: string;
}

export interface CheckOptions {
  fetch: typeof fetch;
  /** The update folder (UpdateUrl policy or the built-in URL). */
  baseUrl: string;
  channel: UpdateChannel;
  platform: string;
  arch: string;
  currentVersion: string;
  timeoutMs?: number;
}

async function download(options: CheckOptions, feedUrl: string): Promise<{ text: string; contentType: string | null }> {
  const params = { url: feedUrl };
  try {
    const response = await options.fetch(feedUrl, {
      signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
      headers: { accept: 'application/x-yaml, text/yaml, text/plain;q=0.9, */*;q=0.1' },
    });
    if (response.status === 404) throw new UpdateFeedError('updates.feedNotFound', params);
    if (!response.ok) throw new UpdateFeedError('updates.feedHttpError', { ...params, status: response.status });
    const text = await response.text();
    if (text.length > maxFeedBytes) throw new UpdateFeedError('updates.feedInvalid', { field: '(size)' });
    return { text, contentType: response.headers.get('content-type') };
  } catch (error) {
    if (error instanceof UpdateFeedError) throw error;
    if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
      throw new UpdateFeedError('updates.feedTimeout', params);
    }
    throw new UpdateFeedError('updates.feedUnreachable', params);
  }
}

/** Installers come from the update server itself: Bastide contacts no other host. */
function resolveOnServer(fileUrl: string, feedUrl: string): string {
  const resolved = URL.parse(fileUrl, feedUrl);
  if (!resolved || resolved.origin !== new URL(feedUrl).origin) {
    throw new UpdateFeedError('updates.feedInvalid', { field: 'files.url' });
  }
  return resolved.href;
}

/** Fetches the channel's feed and compares its version with the running one. Throws UpdateFeedError. */
export async function checkForUpdate(options: CheckOptions): Promise<UpdateCheckResult> {
  const folder = options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`;
  const feedUrl = URL.parse(feedFileName(options.channel, options.platform, options.arch), folder)?.href;
  if (!feedUrl) throw new UpdateFeedError('updates.invalidUrl', { url: options.baseUrl });
  const { text, contentType } = await download(options, feedUrl);
  const feed = parseUpdateFeed(text, contentType);

  const files = feed.files.map((file) => ({
    url: resolveOnServer(file.url, feedUrl),
    sha512: file.sha512,
    size: file.size ?? null,
  }));

  // A stable agent never takes a pre-release, and nobody is moved to an older version.
  const acceptable = options.channel === 'beta' || !isPrerelease(feed.version);
  const newer = acceptable && compareVersions(feed.version, options.currentVersion) > 0;
  return {
    status: newer ? 'available' : 'up-to-date',
    currentVersion: options.currentVersion,
    version: feed.version,
    releaseName: feed.releaseName ?? null,
    releaseNotes: notesText(feed.releaseNotes),
    releaseDate: feed.releaseDate ?? null,
    files,
    feedUrl,
  };
}
