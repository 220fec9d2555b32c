// Messages as the emulator stores them, their EML form, and their `MessageBody`/`Part` JSON (brief §4.4–4.5).

import { sha1Hex } from './ids.js';

export interface Header {
  name: string;
  values: string[];
}

export type RecipientKind = 'Originator' | 'Sender' | 'Primary' | 'CarbonCopy' | 'BlindCarbonCopy';

export interface Recipient {
  kind: RecipientKind;
  address: string;
  dn: string | null;
}

export type DispositionType = 'INLINE' | 'ATTACHMENT';

export interface MimeNode {
  mime: string;
  charset?: string | null;
  /** Content-Transfer-Encoding used in the EML (leaves). */
  encoding?: string | null;
  fileName?: string | null;
  dispositionType?: DispositionType | null;
  contentId?: string | null;
  /** Extra part headers, e.g. `X-BM-Disposition` of a detached attachment (brief §8). */
  headers?: Header[];
  /** Decoded content (leaves). */
  content?: Buffer;
  children?: MimeNode[];
}

export interface Message {
  subject: string;
  /** Epoch ms. */
  date: number;
  messageId: string;
  references: string[];
  recipients: Recipient[];
  /** Non-structural headers kept as is (X-Bm-Draft-*, Disposition-Notification-To, …). */
  headers: Header[];
  root: MimeNode;
}

/** JSON shape of `Part` (brief §4.4). Jackson writes nulls, so every field is present. */
export interface PartJson {
  mime: string;
  address: string;
  encoding: string | null;
  charset: string | null;
  fileName: string | null;
  headers: Header[];
  contentId: string | null;
  children: PartJson[];
  size: number;
  dispositionType: DispositionType | null;
}

const CRLF = '\r\n';

export function headerValue(headers: Header[], name: string): string | undefined {
  const h = headers.find((x) => x.name.toLowerCase() === name.toLowerCase());
  return h?.values[0];
}

function isAscii(s: string): boolean {
  return /^[\x20-\x7e]*$/.test(s);
}

/** RFC 2047 encoded-word for non-ASCII header text. */
export function encodeWord(s: string): string {
  return isAscii(s) ? s : `=?UTF-8?B?${Buffer.from(s, 'utf8').toString('base64')}?=`;
}

function formatAddress(r: Recipient): string {
  if (!r.dn) return r.address;
  const dn = isAscii(r.dn) ? (/[",:;<>@()[\]\\]/.test(r.dn) ? JSON.stringify(r.dn) : r.dn) : encodeWord(r.dn);
  return `${dn} <${r.address}>`;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function rfc2822Date(ms: number): string {
  const d = new Date(ms);
  const p = (n: number): string => String(n).padStart(2, '0');
  return (
    `${DAYS[d.getUTCDay()]}, ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ` +
    `${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`
  );
}

export function quotedPrintable(buf: Buffer): string {
  const lines: string[] = [];
  const text = buf.toString('latin1'); // byte-per-char view of the UTF-8 bytes
  for (const rawLine of text.split(/\r?\n/)) {
    let out = '';
    let lineLen = 0;
    for (let i = 0; i < rawLine.length; i += 1) {
      const code = rawLine.charCodeAt(i);
      const last = i === rawLine.length - 1;
      let token: string;
      if ((code === 0x20 || code === 0x09) && last) token = `=${code.toString(16).toUpperCase().padStart(2, '0')}`;
      else if ((code >= 33 && code <= 126 && code !== 61) || code === 0x20 || code === 0x09) token = rawLine[i] ?? '';
      else token = `=${code.toString(16).toUpperCase().padStart(2, '0')}`;
      if (lineLen + token.length > 75) {
        out += `=${CRLF}`;
        lineLen = 0;
      }
      out += token;
      lineLen += token.length;
    }
    lines.push(out);
  }
  return lines.join(CRLF);
}

function base64Lines(buf: Buffer): string {
  return (buf.toString('base64').match(/.{1,76}/g) ?? []).join(CRLF);
}

function defaultEncoding(node: MimeNode): string {
  if (node.encoding) return node.encoding.toLowerCase();
  return node.mime.startsWith('text/') ? 'quoted-printable' : 'base64';
}

function encodeBody(node: MimeNode): string {
  const content = node.content ?? Buffer.alloc(0);
  switch (defaultEncoding(node)) {
    case 'base64':
      return base64Lines(content);
    case 'quoted-printable':
      return quotedPrintable(content);
    default:
      return content.toString('utf8').replace(/\r?\n/g, CRLF);
  }
}

function partHeaders(node: MimeNode, boundary: string | null): string[] {
  const out: string[] = [];
  let ct = node.mime;
  if (boundary) ct += `; boundary="${boundary}"`;
  if (node.charset) ct += `; charset=${node.charset}`;
  if (node.fileName && !node.children?.length) ct += `; name="${encodeWord(node.fileName)}"`;
  out.push(`Content-Type: ${ct}`);
  if (!node.children?.length) out.push(`Content-Transfer-Encoding: ${defaultEncoding(node)}`);
  if (node.dispositionType) {
    const disp = node.dispositionType === 'ATTACHMENT' ? 'attachment' : 'inline';
    out.push(`Content-Disposition: ${disp}${node.fileName ? `; filename="${encodeWord(node.fileName)}"` : ''}`);
  }
  if (node.contentId)
    out.push(`Content-ID: ${node.contentId.startsWith('<') ? node.contentId : `<${node.contentId}>`}`);
  for (const h of node.headers ?? []) for (const v of h.values) out.push(`${h.name}: ${v}`);
  return out;
}

/** Serialises a node's body (after its headers); records each node's encoded size. */
function serialiseBody(node: MimeNode, seed: string, sizes: Map<MimeNode, number>): string {
  let body: string;
  if (node.children?.length) {
    const boundary = boundaryFor(seed);
    const parts = node.children.map((child, i) => {
      const childSeed = `${seed}.${i + 1}`;
      const childBoundary = child.children?.length ? boundaryFor(childSeed) : null;
      return `--${boundary}${CRLF}${partHeaders(child, childBoundary).join(CRLF)}${CRLF}${CRLF}${serialiseBody(child, childSeed, sizes)}${CRLF}`;
    });
    body = `${parts.join('')}--${boundary}--${CRLF}`;
  } else {
    body = encodeBody(node);
  }
  sizes.set(node, Buffer.byteLength(body, 'utf8'));
  return body;
}

function boundaryFor(seed: string): string {
  return `----=_BM_Part_${sha1Hex(seed).slice(0, 24)}`;
}

export interface EmlOptions {
  /** Keep the Bcc header (drafts do; a sent copy does not). */
  includeBcc?: boolean;
}

export interface Serialised {
  eml: Buffer;
  sizes: Map<MimeNode, number>;
}

export function serialise(msg: Message, options: EmlOptions = {}): Serialised {
  const lines: string[] = [];
  const byKind = (k: RecipientKind): Recipient[] => msg.recipients.filter((r) => r.kind === k);
  const from = byKind('Originator');
  if (from.length) lines.push(`From: ${from.map(formatAddress).join(', ')}`);
  const sender = byKind('Sender');
  if (sender.length) lines.push(`Sender: ${sender.map(formatAddress).join(', ')}`);
  const to = byKind('Primary');
  if (to.length) lines.push(`To: ${to.map(formatAddress).join(', ')}`);
  const cc = byKind('CarbonCopy');
  if (cc.length) lines.push(`Cc: ${cc.map(formatAddress).join(', ')}`);
  const bcc = byKind('BlindCarbonCopy');
  if (bcc.length && options.includeBcc) lines.push(`Bcc: ${bcc.map(formatAddress).join(', ')}`);
  lines.push(`Subject: ${encodeWord(msg.subject)}`);
  lines.push(`Date: ${rfc2822Date(msg.date)}`);
  lines.push(`Message-ID: ${msg.messageId}`);
  if (msg.references.length) {
    lines.push(`References: ${msg.references.join(' ')}`);
    lines.push(`In-Reply-To: ${msg.references[msg.references.length - 1]}`);
  }
  for (const h of msg.headers) for (const v of h.values) lines.push(`${h.name}: ${v}`);
  lines.push('MIME-Version: 1.0');
  const sizes = new Map<MimeNode, number>();
  const rootBoundary = msg.root.children?.length ? boundaryFor(msg.messageId) : null;
  lines.push(...partHeaders(msg.root, rootBoundary));
  const body = serialiseBody(msg.root, msg.messageId, sizes);
  const eml = Buffer.from(`${lines.join(CRLF)}${CRLF}${CRLF}${body}`, 'utf8');
  return { eml, sizes };
}

/** IMAP-style part addresses: a multipart root is "TEXT" with children "1", "2", "1.1"…; a single-part root is "1". */
export function partJson(msg: Message, sizes: Map<MimeNode, number>, emlSize: number): PartJson {
  const walk = (node: MimeNode, address: string, prefix: string): PartJson => ({
    mime: node.mime,
    address,
    encoding: node.children?.length ? null : defaultEncoding(node),
    charset: node.charset ?? null,
    fileName: node.fileName ?? null,
    headers: node.headers ?? [],
    contentId: node.contentId ?? null,
    children: (node.children ?? []).map((c, i) => {
      const a = prefix ? `${prefix}.${i + 1}` : String(i + 1);
      return walk(c, a, a);
    }),
    size: sizes.get(node) ?? 0,
    dispositionType: node.dispositionType ?? null,
  });
  if (msg.root.children?.length) return { ...walk(msg.root, 'TEXT', ''), size: emlSize };
  return walk(msg.root, '1', '1');
}

/** Finds a leaf by IMAP-style address (see `partJson`). */
export function findPart(root: MimeNode, address: string): MimeNode | undefined {
  if (!root.children?.length) return address === '1' ? root : undefined;
  let node: MimeNode | undefined = root;
  for (const seg of address.split('.')) {
    const idx = Number(seg);
    if (!Number.isInteger(idx) || idx < 1) return undefined;
    node = node?.children?.[idx - 1];
    if (!node) return undefined;
  }
  return node;
}

export function leaves(node: MimeNode): MimeNode[] {
  return node.children?.length ? node.children.flatMap(leaves) : [node];
}

export function plainText(msg: Message): string {
  const all = leaves(msg.root);
  const text = all.find((n) => n.mime === 'text/plain' && n.dispositionType !== 'ATTACHMENT');
  if (text?.content) return text.content.toString('utf8');
  const html = all.find((n) => n.mime === 'text/html' && n.dispositionType !== 'ATTACHMENT');
  return html?.content ? htmlToText(html.content.toString('utf8')) : '';
}

export function htmlToText(html: string): string {
  return html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/p>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

export function preview(msg: Message): string {
  return plainText(msg).replace(/\s+/g, ' ').trim().slice(0, 160);
}

export function hasAttachment(msg: Message): boolean {
  return leaves(msg.root).some((n) => n.dispositionType === 'ATTACHMENT');
}

/** `text/plain` + `text/html` alternative, optionally wrapped in `multipart/mixed` with attachments. */
export function simpleBody(
  text: string,
  html: string | null,
  attachments: { fileName: string; mime: string; content: Buffer }[] = [],
): MimeNode {
  const textNode: MimeNode = {
    mime: 'text/plain',
    charset: 'utf-8',
    encoding: 'quoted-printable',
    content: Buffer.from(text, 'utf8'),
  };
  const bodyNode: MimeNode = html
    ? {
        mime: 'multipart/alternative',
        children: [
          textNode,
          { mime: 'text/html', charset: 'utf-8', encoding: 'quoted-printable', content: Buffer.from(html, 'utf8') },
        ],
      }
    : textNode;
  if (!attachments.length) return bodyNode;
  return {
    mime: 'multipart/mixed',
    children: [
      bodyNode,
      ...attachments.map((a): MimeNode => ({
        mime: a.mime,
        encoding: 'base64',
        fileName: a.fileName,
        dispositionType: 'ATTACHMENT',
        content: a.content,
      })),
    ],
  };
}

export function textToHtml(text: string): string {
  const esc = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const paras = esc
    .split(/\n{2,}/)
    .map((p) => `<p>${p.replace(/\n/g, '<br>')}</p>`)
    .join('');
  return `<html><body>${paras}</body></html>`;
}
