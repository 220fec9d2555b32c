// A fetch over node:http(s) for the core under plain Node (tests, the test host): unlike the global fetch it
// takes per-host TLS options, so the user's certificate decisions apply. Never follows redirects (every
// caller here asks for `redirect: 'manual'`: a login redirect is information, not a place to go).
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { ConnectionOptions } from 'node:tls';
import type { TlsEndpoint } from '../../core/tls/peer-certificate';
import type { FetchLike } from './network';

const MAX_BODY_BYTES = 32 * 1024 * 1024;
const NULL_BODY_STATUS = new Set([101, 204, 205, 304]);

export function createNodeFetch(
  tlsOptions: (endpoint: TlsEndpoint) => ConnectionOptions | Promise<ConnectionOptions>,
): FetchLike {
  return async (input, init = {}) => {
    const url = new URL(input instanceof URL ? input.href : input);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TypeError(`unsupported URL: ${url.protocol}`);
    const body = await bodyBytes(init.body);
    const headers = new Headers(init.headers);
    if (body && !headers.has('content-length')) headers.set('content-length', String(body.byteLength));
    if (init.body instanceof URLSearchParams && !headers.has('content-type')) {
      headers.set('content-type', 'application/x-www-form-urlencoded;charset=UTF-8');
    }
    const secure = url.protocol === 'https:';
    const send = secure ? httpsRequest : httpRequest;
    const tls = secure
      ? await tlsOptions({ host: url.hostname.replace(/^\[(.*)\]$/, '$1'), port: Number(url.port) || 443 })
      : {};
    return new Promise<Response>((resolve, reject) => {
      const request = send(
        url,
        {
          method: init.method ?? 'GET',
          headers: Object.fromEntries(headers),
          signal: init.signal ?? undefined,
          agent: false,
          ...tls,
        },
        (response) => void collect(response).then(resolve, reject),
      );
      request.on('error', reject);
      request.end(body ?? undefined);
    });
  };
}

async function collect(response: IncomingMessage): Promise<Response> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response as AsyncIterable<Buffer>) {
    size += chunk.byteLength;
    if (size > MAX_BODY_BYTES) throw new Error('response too large');
    chunks.push(chunk);
  }
  const headers = new Headers();
  for (let i = 0; i + 1 < response.rawHeaders.length; i += 2) {
    headers.append(response.rawHeaders[i]!, response.rawHeaders[i + 1]!);
  }
  const status = response.statusCode ?? 500;
  return new Response(NULL_BODY_STATUS.has(status) ? null : Buffer.concat(chunks), {
    status,
    statusText: response.statusMessage ?? '',
    headers,
  });
}

async function bodyBytes(body: RequestInit['body']): Promise<Uint8Array | null> {
  if (body === undefined || body === null) return null;
  if (typeof body === 'string') return Buffer.from(body);
  if (body instanceof URLSearchParams) return Buffer.from(body.toString());
  if (body instanceof Uint8Array) return body;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  return new Uint8Array(await new Response(body).arrayBuffer());
}
