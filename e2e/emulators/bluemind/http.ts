// REST plumbing of the core: faults, reply encoding, key resolution (brief §1.3, §1.4, §2.2, §10.1).

import { type Session, type User } from './model.js';
import { type Router } from './router.js';
import { type EmulatorState } from './state.js';

/** A `ServerFault` with its `ErrorCode`. */
export class Fault extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** HTTP status for a fault (brief §10.1). */
export function faultStatus(code: string): number {
  switch (code) {
    case 'AUTHENTICATION_FAIL':
      return 401;
    case 'PERMISSION_DENIED':
      return 403;
    case 'NOT_FOUND':
      return 404;
    default:
      return 500;
  }
}

export type Reply =
  | { kind: 'json'; value: unknown }
  /** `void` method: 200, empty body, `Content-Type: application/json`. */
  | { kind: 'void' }
  /** `null` object: 204 No Content (never 404, brief §1.4). */
  | { kind: 'null' }
  /** `String` return: JSON-encoded if the request had any `Accept` header, raw text otherwise. */
  | { kind: 'string'; value: string }
  | { kind: 'bytes'; data: Buffer; contentType: string; headers?: Record<string, string> };

export const json = (value: unknown): Reply => ({ kind: 'json', value });
export const ok = (): Reply => ({ kind: 'void' });
export const noContent = (): Reply => ({ kind: 'null' });
export const orNull = (value: unknown): Reply => (value === undefined || value === null ? noContent() : json(value));

export interface ApiRequest {
  method: string;
  /** Raw (still percent-encoded) path, e.g. `/api/mail_folders/example_test/user.X/byName/Projets%2FA`. */
  path: string;
  query: URLSearchParams;
  /** Lower-case header names. */
  headers: Record<string, string | undefined>;
  body: Buffer;
  chunked: boolean;
}

export interface ApiResponse {
  status: number;
  headers: Record<string, string | string[]>;
  body: Buffer;
}

export interface Ctx {
  state: EmulatorState;
  req: ApiRequest;
  params: Record<string, string>;
  query: URLSearchParams;
  /** The key used (session id or API key); temp parts are bound to it. */
  key: string | null;
  session: Session | null;
  /** Caller; throws PERMISSION_DENIED for anonymous calls. */
  user(): User;
  /** JSON body (Jackson ignores unknown properties). */
  body<T>(): T;
  /** A `String` body: a JSON string, or raw text with `Content-Type: text/plain` (brief §1.4). */
  stringBody(): string;
}

export type Handler = (ctx: Ctx) => Reply | Promise<Reply>;

const MAX_JSON_BODY = 10 * 1024 * 1024;
const NO_CACHE = { 'Cache-Control': 'no-cache, no-store, must-revalidate', Pragma: 'no-cache' };

export function faultBody(code: string, message: string, errorType = 'ServerFault'): Buffer {
  return Buffer.from(JSON.stringify({ errorCode: code, errorType, message }));
}

function faultResponse(code: string, message: string, extra: Record<string, string | string[]> = {}): ApiResponse {
  return {
    status: faultStatus(code),
    headers: { 'Content-Type': 'application/json', ...NO_CACHE, ...extra },
    body: faultBody(code, message),
  };
}

/** Invalid/expired key (brief §2.2, E3); 4.8 has a shorter message and no extra headers. */
function invalidSession(state: EmulatorState, key: string): ApiResponse {
  if (state.version === '4.8') return faultResponse('AUTHENTICATION_FAIL', `session id ${key} is not valid`);
  const clear = ['OpenIdSession', 'AccessToken', 'RefreshToken', 'IdToken'].map(
    (c) => `${c}=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/; HttpOnly`,
  );
  return faultResponse('AUTHENTICATION_FAIL', `invalid accesstoken: session id ${key} is not valid`, {
    'WWW-authenticate': 'Bearer',
    'Set-Cookie': clear,
  });
}

/**
 * No route: status 500 and, unlike other faults, a Jackson-serialised exception rather than the 3-field
 * body (brief §10.1: status confirmed, exact body inferred — here after `RestHttpProxyHandler`).
 */
function noService(path: string): ApiResponse {
  const message = `no service registered on path ${path}`;
  return {
    status: 500,
    headers: {},
    body: Buffer.from(
      JSON.stringify({
        cause: null,
        stackTrace: [],
        code: 'UNKNOWN',
        message,
        localizedMessage: message,
        suppressed: [],
      }),
    ),
  };
}

/** An error page from the nginx front (brief §1.1), e.g. 413 over a location's body limit. */
export function nginxError(status: number, reason: string): ApiResponse {
  const html = `<html>\r\n<head><title>${status} ${reason}</title></head>\r\n<body>\r\n<center><h1>${status} ${reason}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
  return { status, headers: { 'Content-Type': 'text/html' }, body: Buffer.from(html) };
}

export async function dispatch(state: EmulatorState, router: Router, req: ApiRequest): Promise<ApiResponse> {
  const matched = router.match(state.version, req.method, req.path);
  if (!matched) return noService(req.path);
  const { route, params } = matched;

  if (route.maxBody !== undefined && req.body.length > route.maxBody)
    return nginxError(413, 'Request Entity Too Large');
  if (!route.stream) {
    if (req.chunked) return faultResponse('UNKNOWN', 'API endpoint does not support chunked encoding');
    if (req.body.length > MAX_JSON_BODY) return faultResponse('UNKNOWN', 'Content-Length exceeds maximum size');
  }

  const key = req.headers['x-bm-apikey'] ?? req.query.get('apikey');
  let session: Session | null = null;
  if (key) {
    session = state.resolveKey(key) ?? null;
    if (!session) return invalidSession(state, key);
  } else if ((route.auth ?? 'session') === 'session') {
    return faultResponse('PERMISSION_DENIED', 'Invalid Security Context (anonymous)');
  }

  // An "Expired" login only gets the restricted role set: nothing but the auth endpoints (brief §2.1).
  if (session?.restricted && !req.path.startsWith('/api/auth')) {
    return faultResponse('PERMISSION_DENIED', 'password expired: only password change is allowed');
  }

  const user = session ? state.userByUid(session.userUid) : undefined;
  if (route.roles && !route.roles.some((r) => user?.roles.includes(r))) {
    return faultResponse('FORBIDDEN', `API method call requires following roles: [${route.roles.join(', ')}]`);
  }

  const ctx: Ctx = {
    state,
    req,
    params,
    query: req.query,
    key: key ?? null,
    session,
    user() {
      if (!user) throw new Fault('PERMISSION_DENIED', 'Invalid Security Context (anonymous)');
      return user;
    },
    body<T>(): T {
      const text = req.body.toString('utf8');
      if (!text.trim()) return null as T;
      try {
        return JSON.parse(text) as T;
      } catch (e) {
        throw new Fault('UNKNOWN', `Cannot parse request body: ${(e as Error).message}`);
      }
    },
    stringBody(): string {
      const ct = req.headers['content-type'] ?? '';
      const text = req.body.toString('utf8');
      if (ct.startsWith('text/plain')) return text;
      try {
        const v: unknown = JSON.parse(text);
        return typeof v === 'string' ? v : String(v);
      } catch {
        throw new Fault('UNKNOWN', 'Cannot parse request body as a JSON string');
      }
    },
  };

  const extra: Record<string, string> = {};
  const clientVersion = req.headers['x-bm-clientversion'];
  if (clientVersion && clientVersion !== state.softwareVersion()) {
    extra['X-BM-WarnMessage'] =
      `Client version ${clientVersion} does not match server version ${state.softwareVersion()}`;
  }

  let reply: Reply;
  try {
    reply = await route.handler(ctx);
  } catch (e) {
    if (e instanceof Fault) return faultResponse(e.code, e.message, extra);
    return faultResponse('UNKNOWN', (e as Error).message ?? String(e), extra);
  }
  return encodeReply(reply, req, extra);
}

function encodeReply(reply: Reply, req: ApiRequest, extra: Record<string, string>): ApiResponse {
  const headers: Record<string, string | string[]> = { ...NO_CACHE, ...extra };
  switch (reply.kind) {
    case 'json':
      return {
        status: 200,
        headers: { 'Content-Type': 'application/json', ...headers },
        body: Buffer.from(JSON.stringify(reply.value)),
      };
    case 'void':
      return { status: 200, headers: { 'Content-Type': 'application/json', ...headers }, body: Buffer.alloc(0) };
    case 'null':
      return { status: 204, headers, body: Buffer.alloc(0) };
    case 'string':
      if (req.headers.accept !== undefined) {
        return {
          status: 200,
          headers: { 'Content-Type': 'application/json', ...headers },
          body: Buffer.from(JSON.stringify(reply.value)),
        };
      }
      return { status: 200, headers: { 'Content-Type': 'text/plain', ...headers }, body: Buffer.from(reply.value) };
    case 'bytes':
      return {
        status: 200,
        headers: { 'Content-Type': reply.contentType, ...headers, ...(reply.headers ?? {}) },
        body: reply.data,
      };
  }
}
