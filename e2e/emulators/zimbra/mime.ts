// MIME part trees as GetMsgResponse reports them (§3.3): IMAP-style part names — a multipart message's top part
// is `TEXT` with children `1`, `1.1`, `2`…; a non-multipart message's only part is `1`. Also the raw RFC 822
// source served by REST `GET /service/home/~/?id=<id>` (§3.4).
import type { Address, Message } from './state';

export interface MimePart {
  part: string;
  ct: string;
  s: number;
  cd?: 'attachment' | 'inline';
  filename?: string;
  ci?: string;
  data?: Buffer;
  textual?: 'plain' | 'html';
  mp?: MimePart[];
}

export function partTree(m: Message): MimePart[] {
  const plain: MimePart = {
    part: '',
    ct: 'text/plain',
    s: Buffer.byteLength(m.text),
    data: Buffer.from(m.text),
    textual: 'plain',
  };
  const html: MimePart | undefined = m.html
    ? { part: '', ct: 'text/html', s: Buffer.byteLength(m.html), data: Buffer.from(m.html), textual: 'html' }
    : undefined;
  const attachments: MimePart[] = m.attachments.map((a) => ({
    part: '',
    ct: a.ct,
    s: a.content.length,
    cd: a.inline ? 'inline' : 'attachment',
    filename: a.filename,
    ci: a.contentId,
    data: a.content,
  }));
  const bodyPart: MimePart = html ? { part: '', ct: 'multipart/alternative', s: 0, mp: [plain, html] } : plain;
  if (attachments.length === 0) {
    if (!html) return [{ ...plain, part: '1' }];
    return [name({ ...bodyPart, part: 'TEXT' }, '')];
  }
  return [name({ part: 'TEXT', ct: 'multipart/mixed', s: 0, mp: [bodyPart, ...attachments] }, '')];
}

function name(p: MimePart, prefix: string): MimePart {
  if (!p.mp) return p;
  p.mp = p.mp.map((c, i) => {
    const n = prefix ? `${prefix}.${i + 1}` : String(i + 1);
    return name({ ...c, part: n }, n);
  });
  p.s = p.mp.reduce((t, c) => t + c.s, 0);
  return p;
}

export function flatten(parts: MimePart[]): MimePart[] {
  const out: MimePart[] = [];
  const walk = (p: MimePart) => {
    out.push(p);
    p.mp?.forEach(walk);
  };
  parts.forEach(walk);
  return out;
}

export function findPart(m: Message, part: string): MimePart | undefined {
  return flatten(partTree(m)).find((p) => p.part === part);
}

function encodeAddress(a: Address): string {
  if (!a.p) return a.a;
  // RFC 2047 for non-ASCII display names.
  const p = /^[\x20-\x7e]*$/.test(a.p) ? `"${a.p}"` : `=?UTF-8?B?${Buffer.from(a.p).toString('base64')}?=`;
  return `${p} <${a.a}>`;
}

function encodeHeader(v: string): string {
  return /^[\x20-\x7e]*$/.test(v) ? v : `=?UTF-8?B?${Buffer.from(v).toString('base64')}?=`;
}

function b64(buf: Buffer): string {
  return (buf.toString('base64').match(/.{1,76}/g) ?? []).join('\r\n');
}

export function rawMessage(m: Message): Buffer {
  const headers = [
    `Return-Path: <${m.from.a}>`,
    `From: ${encodeAddress(m.from)}`,
    `To: ${m.to.map(encodeAddress).join(', ')}`,
    ...(m.cc.length ? [`Cc: ${m.cc.map(encodeAddress).join(', ')}`] : []),
    `Subject: ${encodeHeader(m.subject)}`,
    `Date: ${new Date(m.sentDate).toUTCString().replace('GMT', '+0000')}`,
    `Message-ID: ${m.messageId}`,
    ...(m.inReplyTo ? [`In-Reply-To: ${m.inReplyTo}`] : []),
    'MIME-Version: 1.0',
  ];
  const body = renderPart(partTree(m)[0]!, m.id);
  return Buffer.from(`${headers.join('\r\n')}\r\n${body}`);
}

function renderPart(p: MimePart, seed: number): string {
  if (p.mp) {
    const boundary = `=_${seed}_${p.part.replace(/\./g, '_')}_bastide`;
    const inner = p.mp.map((c) => `--${boundary}\r\n${renderPart(c, seed)}`).join('\r\n');
    return `Content-Type: ${p.ct}; boundary="${boundary}"\r\n\r\n${inner}\r\n--${boundary}--\r\n`;
  }
  const disp = p.cd ? `Content-Disposition: ${p.cd}; filename="${encodeHeader(p.filename ?? 'fichier')}"\r\n` : '';
  const cid = p.ci ? `Content-ID: ${p.ci}\r\n` : '';
  const charset = p.textual ? '; charset=utf-8' : '';
  return `Content-Type: ${p.ct}${charset}\r\n${disp}${cid}Content-Transfer-Encoding: base64\r\n\r\n${b64(p.data ?? Buffer.alloc(0))}\r\n`;
}
