// Requests whose bodies are streamed both ways (document content, attachments): a 2 GB file never sits in
// memory. The REST layer's client buffers answers, which is right for JSON and wrong for content. Redirects
// are not followed; connection failures become the same translatable errors as everywhere else.
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Readable, Transform } from 'node:stream';
import { tlsOptionsFor, toNetworkError, type Network } from '../http/network';
import { endpointOf } from '../http/http-client';

export interface StreamRequest {
  url: URL;
  method: string;
  headers?: Record<string, string>;
  body?: Readable | Buffer | string;
  /** Required with a stream body (servers want to know the size of an upload). */
  contentLength?: number;
  signal?: AbortSignal;
  /** Time without any byte moving before the request is given up (not a total budget: uploads are long). */
  idleTimeoutMs?: number;
}

export interface StreamResponse {
  status: number;
  headers: Headers;
  body: IncomingMessage;
  text(): Promise<string>;
}

const DEFAULT_IDLE_MS = 60_000;

export async function streamRequest(network: Network, request: StreamRequest): Promise<StreamResponse> {
  const { url } = request;
  const secure = url.protocol === 'https:';
  const headers: Record<string, string> = { ...request.headers };
  if (request.contentLength !== undefined) headers['Content-Length'] = String(request.contentLength);
  else if (typeof request.body === 'string' || Buffer.isBuffer(request.body)) {
    headers['Content-Length'] = String(Buffer.byteLength(request.body));
  }
  const send = secure ? httpsRequest : httpRequest;
  try {
    const tls = secure ? await tlsOptionsFor(network, endpointOf(url)) : {};
    return await new Promise<StreamResponse>((resolve, reject) => {
      const outgoing = send(
        url,
        {
          method: request.method,
          headers,
          agent: false,
          signal: request.signal,
          ...tls,
        },
        (incoming) => {
          const responseHeaders = new Headers();
          for (let i = 0; i + 1 < incoming.rawHeaders.length; i += 2) {
            responseHeaders.append(incoming.rawHeaders[i]!, incoming.rawHeaders[i + 1]!);
          }
          resolve({
            status: incoming.statusCode ?? 500,
            headers: responseHeaders,
            body: incoming,
            text: () => readText(incoming),
          });
        },
      );
      outgoing.setTimeout(request.idleTimeoutMs ?? DEFAULT_IDLE_MS, () => {
        outgoing.destroy(Object.assign(new Error('idle timeout'), { code: 'ETIMEDOUT' }));
      });
      outgoing.on('error', reject);
      const body = request.body;
      if (body instanceof Readable) {
        body.on('error', (error) => outgoing.destroy(error));
        body.pipe(outgoing);
      } else {
        outgoing.end(body);
      }
    });
  } catch (error) {
    throw await toNetworkError(error, endpointOf(url), network);
  }
}

async function readText(incoming: IncomingMessage, limit = 1024 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of incoming as AsyncIterable<Buffer>) {
    size += chunk.byteLength;
    if (size <= limit) chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Drains an answer nobody reads, so that the socket is released. */
export function discard(response: StreamResponse): void {
  response.body.resume();
}

/** Counts the bytes going through, for progress reports (throttled to one report per step). */
export function progressCounter(total: number, report: (done: number, total: number) => void): Transform {
  let done = 0;
  let last = 0;
  const step = Math.max(64 * 1024, Math.floor(total / 200));
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      done += chunk.byteLength;
      if (done - last >= step || done === total) {
        last = done;
        report(done, total);
      }
      callback(null, chunk);
    },
  });
}
