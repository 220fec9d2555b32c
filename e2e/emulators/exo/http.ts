// Request/response plumbing for the eXo emulator (node:http, no framework).
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface Ctx {
  req: IncomingMessage;
  res: ServerResponse;
  method: string;
  url: URL;
  /** Raw (still percent-encoded) path of the request. */
  rawPath: string;
  query: URLSearchParams;
  cookies: Map<string, string>;
  /** Scheme + host the client used, for absolute hrefs. */
  origin: string;
  body(): Promise<Buffer>;
}

export function makeCtx(req: IncomingMessage, res: ServerResponse): Ctx {
  const host = req.headers.host ?? '127.0.0.1';
  const url = new URL(req.url ?? '/', `http://${host}`);
  let cached: Promise<Buffer> | null = null;
  return {
    req,
    res,
    method: (req.method ?? 'GET').toUpperCase(),
    url,
    rawPath: url.pathname,
    query: url.searchParams,
    cookies: parseCookies(req.headers.cookie),
    origin: `http://${host}`,
    body() {
      cached ??= readBody(req);
      return cached;
    },
  };
}

export function parseCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!header) return out;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i < 0) continue;
    const k = part.slice(0, i).trim();
    const v = part.slice(i + 1).trim();
    if (k && !out.has(k)) out.set(k, v);
  }
  return out;
}

export function readBody(req: IncomingMessage, limit = 64 * 1024 * 1024): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= limit) chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export function addSetCookie(res: ServerResponse, cookie: string): void {
  const prev = res.getHeader('Set-Cookie');
  const list = Array.isArray(prev) ? prev : prev === undefined ? [] : [String(prev)];
  res.setHeader('Set-Cookie', [...list, cookie]);
}

export function send(
  res: ServerResponse,
  status: number,
  body: string | Buffer | null,
  headers: Record<string, string | number | string[]> = {},
): void {
  for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
  res.statusCode = status;
  if (body === null || status === 204 || status === 304) {
    res.end();
    return;
  }
  const buf = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  res.setHeader('Content-Length', buf.length);
  res.end(buf);
}

export function sendJson(
  res: ServerResponse,
  status: number,
  value: unknown,
  headers: Record<string, string> = {},
): void {
  send(res, status, JSON.stringify(value), { 'Content-Type': 'application/json', ...headers });
}

export function sendText(
  res: ServerResponse,
  status: number,
  text: string,
  headers: Record<string, string> = {},
): void {
  send(res, status, text, { 'Content-Type': 'text/plain;charset=UTF-8', ...headers });
}

export function sendHtml(
  res: ServerResponse,
  status: number,
  html: string,
  headers: Record<string, string> = {},
): void {
  send(res, status, html, { 'Content-Type': 'text/html;charset=UTF-8', ...headers });
}

export async function readForm(ctx: Ctx): Promise<URLSearchParams> {
  const type = String(ctx.req.headers['content-type'] ?? '');
  if (!type.startsWith('application/x-www-form-urlencoded')) return new URLSearchParams();
  return new URLSearchParams((await ctx.body()).toString('utf8'));
}

/** Query parameters first, then form fields (servlet getParameter semantics). */
export async function params(ctx: Ctx): Promise<(name: string) => string | null> {
  const form = ctx.method === 'POST' || ctx.method === 'PUT' ? await readForm(ctx) : new URLSearchParams();
  return (name) => ctx.query.get(name) ?? form.get(name);
}

export async function readJson(ctx: Ctx): Promise<unknown> {
  const raw = (await ctx.body()).toString('utf8');
  if (!raw.trim()) return null;
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

export interface UploadedFile {
  fieldName: string;
  fileName: string;
  mimeType: string;
  data: Buffer;
}

/** Parses a multipart/form-data body with Request.formData(); returns the file parts. */
export async function readMultipartFiles(ctx: Ctx): Promise<UploadedFile[] | null> {
  const type = String(ctx.req.headers['content-type'] ?? '');
  if (!type.startsWith('multipart/form-data')) return null;
  const body = await ctx.body();
  let form: FormData;
  try {
    form = await new Request('http://local/', { method: 'POST', headers: { 'content-type': type }, body }).formData();
  } catch {
    return null;
  }
  const files: UploadedFile[] = [];
  for (const [fieldName, value] of form.entries()) {
    if (typeof value === 'string') continue;
    files.push({
      fieldName,
      fileName: value.name,
      mimeType: value.type || 'application/octet-stream',
      data: Buffer.from(await value.arrayBuffer()),
    });
  }
  return files;
}
