// The one HTTP layer of the connectors: timeouts, no automatic redirects, network failures turned into
// translatable errors, and JSON bodies checked (a server answering an API call with its HTML login page is
// the classic sign of a wrong URL or an expired web session).
import type { ZodType } from 'zod';
import { CoreError } from '../../core/errors';
import { toNetworkError, type Network } from './network';

export interface HttpRequest extends Omit<RequestInit, 'redirect'> {
  timeoutMs?: number;
}

export interface HttpClient {
  /** One request, redirects not followed; a failure to reach the server becomes a translatable error. */
  send(url: string | URL, init?: HttpRequest): Promise<Response>;
  /** The JSON body of a response from `url`; an HTML page or unparsable text where JSON was expected is an error. */
  json(response: Response, url: string | URL): Promise<unknown>;
}

export function createHttpClient(network: Network): HttpClient {
  return {
    async send(target, init = {}) {
      const url = new URL(target);
      const { timeoutMs = network.timeoutMs, signal, ...rest } = init;
      const timeout = AbortSignal.timeout(timeoutMs);
      try {
        return await network.fetch(url, {
          ...rest,
          redirect: 'manual',
          signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
        });
      } catch (error) {
        throw await toNetworkError(error, endpointOf(url), network);
      }
    },

    async json(response, url) {
      const { host } = endpointOf(new URL(url));
      const text = await response.text();
      if (looksLikeHtml(response, text)) throw new CoreError('server.htmlInsteadOfJson', { host });
      try {
        return JSON.parse(text) as unknown;
      } catch {
        throw new CoreError('server.unexpectedResponse', { host });
      }
    },
  };
}

export function looksLikeHtml(response: Response, text: string): boolean {
  const type = response.headers.get('content-type') ?? '';
  return /html/i.test(type) || /^\s*<(!doctype|html|head|body)\b/i.test(text);
}

export function endpointOf(url: URL) {
  const defaultPort = url.protocol === 'https:' ? 443 : 80;
  return { host: url.hostname.replace(/^\[(.*)\]$/, '$1'), port: Number(url.port) || defaultPort };
}

/** Reads a server answer the caller relies on; any other shape is `server.unexpectedResponse`. */
export function parseAnswer<T>(schema: ZodType<T>, value: unknown, url: string | URL): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new CoreError('server.unexpectedResponse', { host: endpointOf(new URL(url)).host });
  return parsed.data;
}
