// Content in and out of the mailbox outside SOAP: the upload servlet (§3.8) and REST downloads (§3.4, §5).
// Both read the `ZM_AUTH_TOKEN` cookie only. The upload servlet never sets the HTTP status: it answers 200 and
// puts the real status in the body's first field (`200,'null',[…]`, `401,'null'`, `413,'null'`).
import { CoreError } from '../../core/errors';
import { endpointOf, looksLikeHtml } from '../http/http-client';
import type { ZimbraClient } from './soap';
import { isObject, num, text } from './values';

export interface UploadedFile {
  /** The upload id: single-use, bound to the account, expires 15 minutes after upload. */
  aid: string;
  size: number;
  contentType: string;
}

export interface UploadSource {
  name: string;
  contentType: string;
  data: Uint8Array;
}

const hostOf = (server: string) => endpointOf(new URL(server)).host;

/** `attachment; filename="…"` with an ASCII fallback and the exact UTF-8 name (RFC 6266 / 5987). */
export function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** Reads the servlet's `<status>,'<requestId>'[,<payload>]` body. */
export function parseUploadBody(body: string): { status: number; payload: string | null } | null {
  const match = /^\s*(\d{3}),'[^']*'(?:,(.*))?\s*$/s.exec(body);
  if (!match) return null;
  return { status: Number(match[1]), payload: match[2] ?? null };
}

/**
 * Uploads one file (raw body, `fmt=raw,extended`); `briefcase` raises the size ceiling to the file-upload limit
 * (`lbfums`) instead of the mail one. Returns the upload id to hand to SaveDocument / SendMsg right away.
 */
export async function uploadFile(
  client: ZimbraClient,
  file: UploadSource,
  options: { briefcase: boolean; signal?: AbortSignal },
): Promise<UploadedFile> {
  const url = new URL('/service/upload', client.server);
  url.searchParams.set('fmt', 'raw,extended');
  if (options.briefcase) url.searchParams.set('lbfums', '1');
  const host = hostOf(client.server);
  return client.authenticated(async (token) => {
    const response = await client.http.send(url, {
      method: 'POST',
      headers: {
        Cookie: `ZM_AUTH_TOKEN=${token}`,
        'Content-Type': file.contentType || 'application/octet-stream',
        'Content-Disposition': contentDisposition(file.name),
      },
      body: file.data,
      ...(options.signal && { signal: options.signal }),
    });
    const body = await response.text();
    if (response.status >= 500 || response.status === 429) throw new CoreError('server.unavailable', { host });
    if (looksLikeHtml(response, body) && !/^\s*\d{3},/.test(body)) {
      throw new CoreError('server.htmlInsteadOfJson', { host });
    }
    const parsed = parseUploadBody(body);
    if (!parsed) throw new CoreError('server.unexpectedResponse', { host });
    switch (parsed.status) {
      case 200:
        break;
      case 401:
        // The token was refused (a re-authentication helps), though HTTP said 200.
        throw new CoreError('auth.expired', { host });
      case 413:
        throw new CoreError('files.tooLarge', { host, name: file.name });
      case 403:
      case 415:
        throw new CoreError('files.rejected', { host, name: file.name });
      default:
        throw new CoreError(parsed.status >= 500 ? 'server.unavailable' : 'server.fault', {
          host,
          code: `upload.${parsed.status}`,
        });
    }
    let entries: unknown;
    try {
      entries = JSON.parse(parsed.payload ?? 'null');
    } catch {
      throw new CoreError('server.unexpectedResponse', { host });
    }
    const first = Array.isArray(entries) && isObject(entries[0]) ? entries[0] : undefined;
    const aid = text(first?.aid);
    if (!aid) throw new CoreError('server.unexpectedResponse', { host });
    return { aid, size: num(first?.s) ?? file.data.byteLength, contentType: text(first?.ct) ?? file.contentType };
  });
}

/** Downloads an item's content through REST (`/service/home/~/?id=…[&ver=…]`), cookie authentication only. */
export async function downloadItem(
  client: ZimbraClient,
  itemId: string,
  options: { version?: number; signal?: AbortSignal } = {},
): Promise<Uint8Array> {
  const url = new URL('/service/home/~/', client.server);
  url.searchParams.set('auth', 'co');
  url.searchParams.set('id', itemId);
  if (options.version !== undefined) url.searchParams.set('ver', String(options.version));
  const host = hostOf(client.server);
  return client.authenticated(async (token) => {
    const response = await client.http.send(url, {
      headers: { Cookie: `ZM_AUTH_TOKEN=${token}` },
      ...(options.signal && { signal: options.signal }),
    });
    if (response.status === 401) {
      await response.body?.cancel();
      throw new CoreError('auth.expired', { host });
    }
    if (response.status === 404) {
      await response.body?.cancel();
      throw new CoreError('notFound', { id: itemId });
    }
    if (response.status === 403) {
      await response.body?.cancel();
      throw new CoreError('server.forbidden', { host });
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new CoreError(response.status >= 500 ? 'server.unavailable' : 'server.unexpectedResponse', { host });
    }
    return new Uint8Array(await response.arrayBuffer());
  });
}
