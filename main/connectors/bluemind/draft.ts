// A mail as a BlueMind draft (brief §4.6): each leaf uploaded as a temporary part of the session, then a
// `MailboxItem` whose structure points at those parts, with the Message-ID fixed when the mail was queued and
// `X-Bm-Draft-Refresh-Date` fixed with the reserved id (same id + same date = the same draft, so a replay of the
// creation is answered with the existing item). Files sent as links travel as empty attachment parts whose
// headers carry the link (as the webmail does), and the links are also written in the text for any client.
import type { MailAddress } from '../../core/model';
import { apiPath, type BlueMindClient } from './client';
import type { SharedLink } from './filehosting';
import { jsonString, type ImapFlag } from './schemas';

export interface DraftFile {
  /** What identifies the file within this mail (its path, or its position in a message file). */
  key: string;
  name: string;
  mimeType: string;
  content: Uint8Array;
  /** An image shown in the HTML body (`cid:`), not a file to list. */
  contentId?: string | null;
  inline?: boolean;
}

/** What a draft is made of, whatever it came from (the composer, or a message file the mail engine wrote). */
export interface DraftMessage {
  messageId: string;
  from: MailAddress;
  to: MailAddress[];
  cc: MailAddress[];
  bcc: MailAddress[];
  subject: string;
  text: string;
  html: string | null;
  inReplyTo: string | null;
  references: string[];
  files: DraftFile[];
  /** Keys of the files the user chose to send as links. */
  linkKeys: string[];
}

export interface DraftInput {
  message: DraftMessage;
  refreshDate: number;
  /** The files still attached (the others left as links). */
  files: DraftFile[];
  links: SharedLink[];
  seen: ImapFlag;
}

interface PartSpec {
  mime: string;
  address?: string;
  encoding?: string;
  charset?: string;
  fileName?: string;
  contentId?: string;
  dispositionType?: 'ATTACHMENT' | 'INLINE';
  headers?: { name: string; values: string[] }[];
  children?: PartSpec[];
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export const textToHtml = (text: string) =>
  `<div>${text
    .split(/\r?\n/)
    .map((line) => escapeHtml(line) || '<br>')
    .join('<br>')}</div>`;

function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1).replace('.', ',')} Mo`;
  return `${Math.max(1, Math.round(bytes / 1024))} ko`;
}

const expiry = (link: SharedLink) =>
  link.expiresAt ? ` — disponible jusqu’au ${new Date(link.expiresAt).toLocaleDateString('fr-FR')}` : '';

/** The text and HTML bodies with the shared links appended. */
export function bodiesWithLinks(message: DraftMessage, links: readonly SharedLink[]): { text: string; html: string } {
  const html = message.html ?? textToHtml(message.text);
  if (links.length === 0) return { text: message.text, html };
  const textLines = links.map((l) => `- ${l.name} (${formatSize(l.size)}) : ${l.url}${expiry(l)}`);
  const htmlItems = links.map(
    (l) =>
      `<li><a href="${escapeHtml(l.url)}">${escapeHtml(l.name)}</a> (${formatSize(l.size)})${escapeHtml(expiry(l))}</li>`,
  );
  const block = `<p>Fichiers partagés par lien :</p><ul>${htmlItems.join('')}</ul>`;
  return {
    text: `${message.text}\n\nFichiers partagés par lien :\n${textLines.join('\n')}\n`,
    html: /<\/body>/i.test(html) ? html.replace(/<\/body>/i, `${block}</body>`) : `${html}${block}`,
  };
}

/** `X-BM-Disposition` (BlueMind) and `X-Mozilla-Cloud-Part` (Thunderbird) headers of a detached file (brief §8). */
export function linkHeaders(link: SharedLink): { name: string; values: string[] }[] {
  const expires = link.expiresAt ? `;expirationDate=${link.expiresAt}` : '';
  return [
    {
      name: 'X-BM-Disposition',
      values: [`filehosting;url=${link.url};name=${link.name};size=${link.size};mime=${link.mimeType}${expires}`],
    },
    { name: 'X-Mozilla-Cloud-Part', values: [`cloudFile;url=${link.url};name=${link.name}`] },
  ];
}

const recipients = (message: DraftMessage) => [
  { kind: 'Originator', address: message.from.address, dn: message.from.name ?? null },
  ...message.to.map((r) => ({ kind: 'Primary', address: r.address, dn: r.name ?? null })),
  ...message.cc.map((r) => ({ kind: 'CarbonCopy', address: r.address, dn: r.name ?? null })),
  ...message.bcc.map((r) => ({ kind: 'BlindCarbonCopy', address: r.address, dn: r.name ?? null })),
];

/**
 * Uploads the parts into `folderUid` (temporary parts live in the session that uploaded them: the caller
 * creates the item with the same session) and returns the `MailboxItem` to create.
 */
export async function buildDraft(client: BlueMindClient, folderUid: string, input: DraftInput) {
  const { message, refreshDate, files, links } = input;
  const upload = async (content: Uint8Array | string) =>
    client.expect('PUT', apiPath`/api/mail_items/${folderUid}/_part`, jsonString, {
      bytes: typeof content === 'string' ? Buffer.from(content, 'utf8') : content,
      timeoutMs: 5 * 60_000,
    });
  const { text, html } = bodiesWithLinks(message, links);
  let body: PartSpec = {
    mime: 'multipart/alternative',
    children: [
      { mime: 'text/plain', address: await upload(text), encoding: 'quoted-printable', charset: 'utf-8' },
      { mime: 'text/html', address: await upload(html), encoding: 'quoted-printable', charset: 'utf-8' },
    ],
  };
  const inline = files.filter((file) => file.inline && file.contentId);
  if (inline.length > 0) {
    const images: PartSpec[] = [];
    for (const file of inline) {
      images.push({
        mime: file.mimeType,
        address: await upload(file.content),
        encoding: 'base64',
        fileName: file.name,
        contentId: file.contentId!,
        dispositionType: 'INLINE',
      });
    }
    body = { mime: 'multipart/related', children: [body, ...images] };
  }
  const attachments: PartSpec[] = [];
  for (const file of files.filter((f) => !inline.includes(f))) {
    attachments.push({
      mime: file.mimeType,
      address: await upload(file.content),
      encoding: 'base64',
      fileName: file.name,
      dispositionType: 'ATTACHMENT',
    });
  }
  for (const link of links) {
    attachments.push({
      mime: link.mimeType,
      address: await upload(''),
      encoding: 'base64',
      fileName: link.name,
      dispositionType: 'ATTACHMENT',
      headers: linkHeaders(link),
    });
  }
  const structure: PartSpec =
    attachments.length === 0 ? body : { mime: 'multipart/mixed', children: [body, ...attachments] };
  const headers = [
    { name: 'Message-ID', values: [message.messageId] },
    { name: 'X-Bm-Draft-Refresh-Date', values: [String(refreshDate)] },
    { name: 'X-Mailer', values: ['Bastide'] },
    ...(message.inReplyTo ? [{ name: 'In-Reply-To', values: [message.inReplyTo] }] : []),
    ...(message.references.length ? [{ name: 'References', values: [message.references.join(' ')] }] : []),
  ];
  return {
    imapUid: null,
    flags: [input.seen],
    body: {
      subject: message.subject,
      date: refreshDate,
      headers,
      recipients: recipients(message),
      messageId: message.messageId,
      references: message.references,
      structure,
    },
  };
}
