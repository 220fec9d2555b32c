// A deliberately thin SOAP-as-JSON client for the emulator's own tests (real HTTP through Node's fetch).
// It does not smooth over the wire: tests look at raw bodies, statuses and headers.
import type { JsonObject } from './values';

const ACCOUNT_NS = new Set([
  'AuthRequest',
  'EndSessionRequest',
  'GetInfoRequest',
  'GetPrefsRequest',
  'ChangePasswordRequest',
  'SearchGalRequest',
  'AutoCompleteGalRequest',
  'SyncGalRequest',
]);

export function nsOf(name: string): string {
  if (name === 'BatchRequest') return 'urn:zimbra';
  return ACCOUNT_NS.has(name) ? 'urn:zimbraAccount' : 'urn:zimbraMail';
}

export interface SoapReply {
  status: number;
  json: JsonObject & { Header?: { context?: JsonObject }; Body: JsonObject };
  /** The response body element (`Body.XxxResponse`) or the fault (`Body.Fault`). */
  body: JsonObject;
  context: JsonObject;
  fault?: { code: string; reason: string; value: string; args: { n: string; t: string; _content: string }[] };
  headers: Headers;
  setCookies: string[];
}

export interface SoapOptions {
  context?: JsonObject;
  /** Sends `Cookie: ZM_AUTH_TOKEN=<value>`. */
  cookie?: string;
  headers?: Record<string, string>;
  /** Override `_jsns` (undefined keeps the right namespace; null removes it). */
  ns?: string | null;
  /** URL suffix after /service/soap (default `/<Name>`, like the JS client). */
  path?: string;
  signal?: AbortSignal;
}

export async function soap(
  url: string,
  name: string,
  request: JsonObject = {},
  opts: SoapOptions = {},
): Promise<SoapReply> {
  const ns = opts.ns === undefined ? nsOf(name) : opts.ns;
  const body: JsonObject = { ...request };
  if (ns !== null) body._jsns = ns;
  const envelope: JsonObject = {
    Header: { context: { _jsns: 'urn:zimbra', ...(opts.context ?? {}) } },
    Body: { [name]: body },
  };
  const headers: Record<string, string> = { 'Content-Type': 'application/json', ...(opts.headers ?? {}) };
  if (opts.cookie) headers.Cookie = `ZM_AUTH_TOKEN=${opts.cookie}`;
  const res = await fetch(`${url}/service/soap${opts.path ?? `/${name}`}`, {
    method: 'POST',
    headers,
    body: JSON.stringify(envelope),
    signal: opts.signal,
  });
  const json = (await res.json()) as SoapReply['json'];
  const responseName = name.replace(/Request$/, 'Response');
  const fault = json.Body.Fault as JsonObject | undefined;
  const out: SoapReply = {
    status: res.status,
    json,
    body: (fault ?? json.Body[responseName] ?? json.Body) as JsonObject,
    context: (json.Header?.context ?? {}) as JsonObject,
    headers: res.headers,
    setCookies: res.headers.getSetCookie(),
  };
  if (fault) {
    const f = fault as {
      Code: { Value: string };
      Reason: { Text: string };
      Detail: { Error: { Code: string; a?: { n: string; t: string; _content: string }[] } };
    };
    out.fault = { code: f.Detail.Error.Code, reason: f.Reason.Text, value: f.Code.Value, args: f.Detail.Error.a ?? [] };
  }
  return out;
}

/** Reads a text-ish field in any of the shapes real servers use: string, `{_content}`, `[{_content}]`. */
export function textOf(v: unknown): string | undefined {
  if (typeof v === 'string' || typeof v === 'number') return String(v);
  if (Array.isArray(v)) return textOf(v[0]);
  if (v && typeof v === 'object' && '_content' in v) return textOf((v as { _content: unknown })._content);
  return undefined;
}

export async function login(
  url: string,
  user: string,
  password: string,
  extra: JsonObject = {},
  context: JsonObject = {},
): Promise<{ token: string; reply: SoapReply }> {
  const reply = await soap(
    url,
    'AuthRequest',
    { account: { by: 'name', _content: user }, password, ...extra },
    { context },
  );
  if (reply.fault) throw new Error(`login failed: ${reply.fault.code}`);
  return { token: textOf(reply.body.authToken)!, reply };
}

/** Uploads through the upload servlet with a raw body (the plain-body encoding of §3.8). */
export async function uploadRaw(
  url: string,
  token: string | undefined,
  filename: string,
  content: string | Buffer,
  ct = 'text/plain',
  query = 'fmt=raw,extended&lbfums=1',
  headers: Record<string, string> = {},
): Promise<{ status: number; text: string; aid?: string; code: number }> {
  const h: Record<string, string> = {
    'Content-Type': ct,
    'Content-Disposition': `attachment; filename="${filename}"`,
    ...headers,
  };
  if (token) h.Cookie = `ZM_AUTH_TOKEN=${token}`;
  const res = await fetch(`${url}/service/upload?${query}`, {
    method: 'POST',
    headers: h,
    body: typeof content === 'string' ? content : new Uint8Array(content),
  });
  const text = await res.text();
  const code = Number(text.split(',')[0]);
  const m = /"aid":"([^"]+)"/.exec(text) ?? /^\d+,'[^']*','([^']+)'/.exec(text);
  return { status: res.status, text, aid: m?.[1], code };
}

/** Fixed clock used by the tests: Wednesday 26 March 2025, 09:00 in Paris — the week of the spring DST change. */
export const TEST_NOW = new Date('2025-03-26T08:00:00Z');
