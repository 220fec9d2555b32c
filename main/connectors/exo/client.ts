// Every eXo REST call of the connector goes through here, so that the server's quirks are handled once and on
// purpose (brief §8.1):
// - `403 text/plain` (or a redirect to the login page, or an HTML page where JSON was expected) means the web
//   session is gone: open a new one once and replay the request; a second failure is the user's business.
// - `401` on social REST means "forbidden or not found", never "sign in again".
// - `404` on `/chatServer/*` means a bad chat token: fetch the token again once and replay.
import { CoreError } from '../../core/errors';
import { endpointOf, looksLikeHtml, type HttpClient } from '../http/http-client';
import type { ExoSession } from './session';

export type Query = Record<string, string | number | boolean | undefined | null>;

export interface RestRequest {
  method?: string;
  query?: Query;
  /** A JSON body (sent as application/json). */
  json?: unknown;
  /** A form body (application/x-www-form-urlencoded), or a raw text body. */
  form?: URLSearchParams;
  text?: string;
  headers?: Record<string, string>;
  /** Answers the caller handles itself instead of an error (e.g. 304, 404 as "absent"). */
  accept?: number[];
  timeoutMs?: number;
}

export interface RestAnswer {
  status: number;
  headers: Headers;
  text: string;
}

const LOGIN_PATHS = /^\/portal\/(login|sso)\b/;

export function urlOf(server: URL, path: string, query: Query = {}): URL {
  const url = new URL(path, server);
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null) url.searchParams.set(key, String(value));
  }
  return url;
}

/** Whether an answer says the web session is over (brief §8.1), whatever the endpoint. */
export function sessionLost(response: Response, text: string, expectJson: boolean): boolean {
  if (response.status >= 300 && response.status < 400) {
    const location = response.headers.get('location') ?? '';
    try {
      return LOGIN_PATHS.test(new URL(location, 'http://x').pathname);
    } catch {
      return true;
    }
  }
  if (response.status === 403 && /^text\/plain/i.test(response.headers.get('content-type') ?? '')) return true;
  return expectJson && response.ok && looksLikeHtml(response, text);
}

export class ExoRest {
  constructor(
    readonly http: HttpClient,
    readonly session: ExoSession,
  ) {}

  get host(): string {
    return endpointOf(this.session.server).host;
  }

  /** A portal REST call (`/portal/rest/...`): session cookie, renewed once when the server says it is gone. */
  async call(path: string, request: RestRequest = {}, expectJson = true): Promise<RestAnswer> {
    for (let renewed = false; ; renewed = true) {
      const response = await this.send(path, request);
      const text = await response.text();
      if (sessionLost(response, text, expectJson)) {
        if (!renewed) {
          await this.session.renew();
          continue;
        }
        // A new session did not help: a genuine refusal, not an expiry.
        if (response.status === 403) throw new CoreError('collab.forbidden', { host: this.host });
        throw new CoreError('auth.expired', { host: this.host });
      }
      return this.check(response, text, request);
    }
  }

  /** A JSON answer, parsed; `undefined` for an accepted non-2xx status. */
  async json<T = unknown>(
    path: string,
    request: RestRequest = {},
  ): Promise<{ status: number; body: T; headers: Headers }> {
    const answer = await this.call(path, { ...request, headers: { Accept: 'application/json', ...request.headers } });
    if (answer.status < 200 || answer.status >= 300 || answer.text.trim() === '') {
      return { status: answer.status, body: undefined as T, headers: answer.headers };
    }
    try {
      return { status: answer.status, body: JSON.parse(answer.text) as T, headers: answer.headers };
    } catch {
      throw new CoreError('server.unexpectedResponse', { host: this.host });
    }
  }

  private async send(path: string, request: RestRequest): Promise<Response> {
    const url = urlOf(this.session.server, path, request.query);
    const headers: Record<string, string> = { ...request.headers };
    const cookie = this.session.cookieHeader();
    if (cookie) headers.Cookie = cookie;
    let body: string | URLSearchParams | undefined;
    if (request.json !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(request.json);
    } else if (request.form) {
      body = request.form;
    } else if (request.text !== undefined) {
      headers['Content-Type'] ??= 'text/plain';
      body = request.text;
    }
    const response = await this.http.send(url, {
      method: request.method ?? 'GET',
      headers,
      ...(body !== undefined ? { body } : {}),
      ...(request.timeoutMs ? { timeoutMs: request.timeoutMs } : {}),
    });
    this.session.absorb(response);
    return response;
  }

  private check(response: Response, text: string, request: RestRequest): RestAnswer {
    const answer = { status: response.status, headers: response.headers, text };
    if ((response.status >= 200 && response.status < 300) || request.accept?.includes(response.status)) return answer;
    throw statusError(response.status, this.host);
  }
}

/** The error for an unexpected status of a portal REST call. */
export function statusError(status: number, host: string): CoreError {
  // Social REST (and Documents) answer 401 for "you may not" and for "there is no such thing" alike.
  if (status === 401 || status === 404) return new CoreError('collab.forbiddenOrMissing', { host });
  if (status === 403) return new CoreError('collab.forbidden', { host });
  if (status === 423) return new CoreError('files.locked', { host });
  if (status >= 500) return new CoreError('server.unavailable', { host });
  return new CoreError('server.unexpectedResponse', { host });
}
