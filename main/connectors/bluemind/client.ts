// The authenticated REST client of the BlueMind core (`/api/…`, brief §1): `Accept: application/json` on every
// call (a `String` answer is then JSON-encoded, §1.4), the session key in `X-BM-ApiKey`, JSON bodies sent whole
// with their length (never chunked), 204 read as "no such item", a refused key renewed once and the call
// replayed (§2.2), and every other refusal turned into a translatable error (errors.ts).
import type { ZodType } from 'zod';
import { CoreError } from '../../core/errors';
import { endpointOf, looksLikeHtml, type HttpClient } from '../http/http-client';
import { faultOf, isFault } from './errors';

/** Where the client gets its session key: the accounts layer signs in (or mints a session from the device key). */
export interface SessionKeys {
  /** The key to use now. */
  current(): Promise<string>;
  /** A fresh key after the server refused `refused` (401); throws an `auth.*` CoreError when none can be had. */
  renew(refused: string): Promise<string>;
}

export type Query = Record<string, string | number | boolean | null | undefined>;

export interface CallOptions {
  query?: Query;
  /** A JSON body (a string becomes a JSON string, as `String` body parameters expect). */
  json?: unknown;
  /** A raw body, for the stream endpoints (part and file uploads). */
  bytes?: Uint8Array;
  signal?: AbortSignal;
  timeoutMs?: number;
}

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** `/api/` + the segments, each percent-encoded (a `/` inside a parameter must travel as `%2F`, brief §1.2). */
export function apiPath(strings: TemplateStringsArray, ...values: (string | number)[]): string {
  return strings.reduce(
    (out, text, i) => out + text + (i < values.length ? encodeURIComponent(String(values[i])) : ''),
    '',
  );
}

export class BlueMindClient {
  readonly host: string;
  /** Counts session renewals: work bound to one session (temporary parts) checks it did not change. */
  epoch = 0;
  #lastKey: string | null = null;

  constructor(
    readonly baseUrl: string,
    private readonly http: HttpClient,
    private readonly keys: SessionKeys,
  ) {
    this.host = endpointOf(new URL(baseUrl)).host;
  }

  /** A JSON answer checked against `schema`; `null` when the server answers 204 (a missing item). */
  async json<T>(method: Method, path: string, schema: ZodType<T>, options: CallOptions = {}): Promise<T | null> {
    const response = await this.send(method, path, options);
    if (response.status === 204) return null;
    const text = await response.text();
    if (looksLikeHtml(response, text)) throw new CoreError('server.htmlInsteadOfJson', { host: this.host });
    let value: unknown;
    try {
      value = text === '' ? null : JSON.parse(text);
    } catch {
      throw new CoreError('server.unexpectedResponse', { host: this.host });
    }
    const parsed = schema.safeParse(value);
    if (!parsed.success) throw new CoreError('server.unexpectedResponse', { host: this.host, path: shortPath(path) });
    return parsed.data;
  }

  /** Like `json`, for answers that are never 204. */
  async expect<T>(method: Method, path: string, schema: ZodType<T>, options: CallOptions = {}): Promise<T> {
    const value = await this.json(method, path, schema, options);
    if (value === null) throw new CoreError('server.unexpectedResponse', { host: this.host, path: shortPath(path) });
    return value;
  }

  /** A call whose answer does not matter (`void` methods). */
  async call(method: Method, path: string, options: CallOptions = {}): Promise<void> {
    const response = await this.send(method, path, options);
    await response.arrayBuffer();
  }

  /** Raw bytes (message parts, EML, hosted files). */
  async bytes(method: Method, path: string, options: CallOptions = {}): Promise<Buffer> {
    const response = await this.send(method, path, options);
    return Buffer.from(await response.arrayBuffer());
  }

  /** One call, replayed once with a renewed key when the server refused the session. */
  private async send(method: Method, path: string, options: CallOptions): Promise<Response> {
    const key = this.#track(await this.keys.current());
    try {
      return await this.attempt(method, path, options, key);
    } catch (error) {
      if (!isFault(error, 'AUTHENTICATION_FAIL')) throw error;
      return this.attempt(method, path, options, this.#track(await this.keys.renew(key)));
    }
  }

  #track(key: string): string {
    if (this.#lastKey !== null && key !== this.#lastKey) this.epoch += 1;
    this.#lastKey = key;
    return key;
  }

  private async attempt(method: Method, path: string, options: CallOptions, key: string): Promise<Response> {
    const url = new URL(path, this.baseUrl);
    for (const [name, value] of Object.entries(options.query ?? {})) {
      if (value !== undefined && value !== null) url.searchParams.set(name, String(value));
    }
    const headers: Record<string, string> = { Accept: 'application/json', 'X-BM-ApiKey': key };
    let body: string | Uint8Array | undefined;
    if (options.bytes !== undefined) {
      headers['Content-Type'] = 'application/octet-stream';
      body = options.bytes;
    } else if (options.json !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(options.json);
    }
    const response = await this.http.send(url, {
      method,
      headers,
      ...(body !== undefined ? { body } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    });
    if (response.status >= 200 && response.status < 300) return response;
    throw faultOf(response.status, await response.text(), this.host);
  }
}

/** The route without ids, for error reports (`/api/mail_items/…/_mgetById`). */
function shortPath(path: string): string {
  return path.split('?')[0]!.replace(/\/[^/]*[0-9a-f]{8}[^/]*(?=\/|$)/gi, '/…');
}
