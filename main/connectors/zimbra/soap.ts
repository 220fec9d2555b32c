// The Zimbra SOAP-as-JSON layer (brief §1–§2): one request per POST, the auth token sent both as the
// `ZM_AUTH_TOKEN` cookie (what a multi-server proxy routes on, and the only thing the upload servlet and REST
// read) and in the context, faults turned into typed CoreErrors, and one silent re-authentication when the
// server says the token expired (the token lives 2 days and cannot be refreshed, §2.5).
import { CoreError } from '../../core/errors';
import { endpointOf, type HttpClient } from '../http/http-client';
import { isObject, list, one, text, type SoapObject } from './values';

export { text } from './values';

export const NS = { zimbra: 'urn:zimbra', account: 'urn:zimbraAccount', mail: 'urn:zimbraMail' } as const;

export type SoapBody = Record<string, unknown>;

const ACCOUNT_REQUESTS = new Set([
  'AuthRequest',
  'EndSessionRequest',
  'GetInfoRequest',
  'GetPrefsRequest',
  'ChangePasswordRequest',
  'SearchGalRequest',
  'AutoCompleteGalRequest',
  'SyncGalRequest',
]);

/** The namespace a request belongs to (§1.4): dispatch is by name *and* namespace on the server. */
export function namespaceOf(request: string): string {
  if (request === 'BatchRequest') return NS.zimbra;
  return ACCOUNT_REQUESTS.has(request) ? NS.account : NS.mail;
}

export interface SoapCall {
  server: string;
  request: string;
  namespace?: string;
  body?: SoapBody;
  authToken?: string;
  client: { name: string; version: string };
  /** Extra context fields, e.g. `change: {token, type: 'mod'}` for optimistic concurrency. */
  context?: SoapBody;
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** A Zimbra fault as the server sent it, kept on the CoreError for the code that handles specific faults. */
export interface FaultDetail {
  code: string;
  /** `soap:Receiver` faults are the server's (retryable); `soap:Sender` ones are the request's. */
  receiver: boolean;
  args: Record<string, string>;
}

export class SoapFault extends CoreError {
  constructor(
    code: string,
    params: Record<string, string | number>,
    readonly fault: FaultDetail,
  ) {
    super(code, params);
  }
}

// Faults the user (or the code) can act on; the rest are reported as `server.fault` with their code.
const faultErrors: Record<string, string> = {
  'account.AUTH_FAILED': 'auth.wrongPassword',
  'account.ACCOUNT_INACTIVE': 'auth.accountDisabled',
  'account.CHANGE_PASSWORD': 'auth.passwordExpired',
  'account.TWO_FACTOR_AUTH_FAILED': 'auth.twoFactorWrong',
  'account.TWO_FACTOR_SETUP_REQUIRED': 'auth.twoFactorSetupRequired',
  'account.MAINTENANCE_MODE': 'server.unavailable',
  'service.AUTH_EXPIRED': 'auth.expired',
  'service.AUTH_REQUIRED': 'auth.expired',
  'service.PERM_DENIED': 'server.forbidden',
  'service.TEMPORARILY_UNAVAILABLE': 'server.unavailable',
  'service.PROXY_ERROR': 'server.unavailable',
  'mail.MAINTENANCE': 'server.unavailable',
  'mail.TRY_AGAIN': 'server.unavailable',
  'mail.MODIFY_CONFLICT': 'files.conflict',
  'mail.LOCKED': 'files.locked',
  'mail.CANNOT_LOCK': 'files.locked',
  'mail.CANNOT_UNLOCK': 'files.locked',
  'mail.ALREADY_EXISTS': 'files.alreadyExists',
  'mail.NO_SUCH_ITEM': 'notFound',
  'mail.NO_SUCH_DOC': 'notFound',
  'mail.NO_SUCH_FOLDER': 'notFound',
  'mail.UPLOAD_TOO_LARGE': 'files.tooLarge',
  'mail.QUOTA_EXCEEDED': 'server.quotaExceeded',
  'mail.MUST_RESYNC': 'sync.mustResync',
  'mail.INVALID_SYNC_TOKEN': 'sync.mustResync',
};

/** Whether an error is this Zimbra fault code. */
export const isFault = (error: unknown, code: string): error is SoapFault =>
  error instanceof SoapFault && error.fault.code === code;

function faultError(body: SoapObject, host: string): SoapFault {
  const detail = one(one(body.Detail)?.Error);
  const code = text(detail?.Code) ?? 'service.FAILURE';
  const args: Record<string, string> = {};
  for (const arg of list(detail?.a)) {
    const name = text(arg.n);
    if (name) args[name] = text(arg._content) ?? '';
  }
  const receiver = text(one(body.Code)?.Value) === 'soap:Receiver';
  const mapped = faultErrors[code] ?? (receiver ? 'server.unavailable' : 'server.fault');
  return new SoapFault(mapped, { host, code, ...args }, { code, receiver, args });
}

export interface SoapAnswer {
  /** The `<Name>Response` element. */
  body: SoapObject;
  /** The response context (`change.token`, `session`, `notify`…). */
  context: SoapObject;
}

/** Sends one SOAP request and returns its response element and context; a fault is thrown as a SoapFault. */
export async function soapExchange(http: HttpClient, call: SoapCall): Promise<SoapAnswer> {
  const url = new URL(`/service/soap/${call.request}`, call.server);
  const { host } = endpointOf(url);
  const context: SoapBody = {
    _jsns: NS.zimbra,
    userAgent: { name: call.client.name, version: call.client.version },
    ...call.context,
  };
  const headers: Record<string, string> = { 'Content-Type': 'application/json', Accept: 'application/json' };
  if (call.authToken) {
    context.authToken = { _content: call.authToken };
    headers.Cookie = `ZM_AUTH_TOKEN=${call.authToken}`;
  }
  const response = await http.send(url, {
    method: 'POST',
    headers,
    body: JSON.stringify({
      Header: { context },
      Body: { [call.request]: { _jsns: call.namespace ?? namespaceOf(call.request), ...call.body } },
    }),
    ...(call.timeoutMs !== undefined && { timeoutMs: call.timeoutMs }),
    ...(call.signal && { signal: call.signal }),
  });
  // The official client treats these as network errors; a fault always comes with 500 and a SOAP body.
  if (response.status === 502 || response.status === 503 || response.status === 504 || response.status === 429) {
    await response.body?.cancel();
    throw new CoreError('server.unavailable', { host });
  }
  if (response.status === 404) {
    await response.body?.cancel();
    throw new CoreError('server.notFound', { host });
  }
  const envelope = await http.json(response, url);
  const body = isObject(envelope) ? one(envelope.Body) : undefined;
  const fault = one(body?.Fault);
  if (fault) throw faultError(fault, host);
  const answer = one(body?.[call.request.replace(/Request$/, 'Response')]);
  if (!response.ok || !answer) throw new CoreError('server.unexpectedResponse', { host });
  const header = isObject(envelope) ? one(envelope.Header) : undefined;
  return { body: answer, context: one(header?.context) ?? {} };
}

/** Sends one SOAP request and returns its response element (the sign-in path's entry point). */
export async function soap(http: HttpClient, call: SoapCall): Promise<SoapBody> {
  return (await soapExchange(http, call)).body;
}

/**
 * Runs an authenticated operation (SOAP, upload, REST) with the account's token. When the operation fails with
 * `auth.expired` (the server refused the token), the implementation signs in again once — through the stored
 * secret — and runs it once more; a second refusal is not retried.
 */
export type Authenticate = <T>(operation: (token: string) => Promise<T>) => Promise<T>;

/** A refusal of the token: what a new sign-in can cure. */
export const isTokenRefused = (error: unknown): boolean => error instanceof CoreError && error.code === 'auth.expired';

/** Where a client gets its auth token, and a new one when the server refused the current one. */
export interface TokenSource {
  current(): Promise<string>;
  /**
   * Signs in again (through the stored secret) after the server refused `stale`; concurrent callers share
   * one sign-in. Throws an `auth.*` CoreError when only the user can help.
   */
  renew(stale: string): Promise<string>;
}

/** Re-authentication once, over a token source (the account's session manager does the same for the core). */
export function renewingOnce(tokens: TokenSource): Authenticate {
  return async (operation) => {
    const token = await tokens.current();
    try {
      return await operation(token);
    } catch (error) {
      if (!isTokenRefused(error)) throw error;
    }
    const fresh = await tokens.renew(token);
    return operation(fresh);
  };
}

export interface ZimbraClientOptions {
  http: HttpClient;
  /** The server's base URL (`https://mail.example.fr`). */
  server: string;
  client: { name: string; version: string };
  authenticate: Authenticate;
}

export interface CallOptions {
  context?: SoapBody;
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface ZimbraClient {
  readonly server: string;
  readonly http: HttpClient;
  call(request: string, body?: SoapBody, options?: CallOptions): Promise<SoapObject>;
  exchange(request: string, body?: SoapBody, options?: CallOptions): Promise<SoapAnswer>;
  /** Runs an operation with the account's token, signing in again once if the token is refused. */
  authenticated: Authenticate;
}

export function createZimbraClient(options: ZimbraClientOptions): ZimbraClient {
  const { http, server, client, authenticate } = options;
  const exchange = (request: string, body: SoapBody = {}, call: CallOptions = {}) =>
    authenticate((authToken) => soapExchange(http, { server, request, body, authToken, client, ...call }));
  return {
    server,
    http,
    exchange,
    call: async (request, body, call) => (await exchange(request, body, call)).body,
    authenticated: authenticate,
  };
}

/** Single-flight token renewal: concurrent refusals of the same token lead to one sign-in. */
export function sharedRenewal(signIn: () => Promise<string>, initial: () => Promise<string>): TokenSource {
  let token: string | null = null;
  let pending: Promise<string> | null = null;
  return {
    async current() {
      if (pending) return pending;
      token ??= await initial();
      return token;
    },
    renew(stale) {
      if (token !== null && token !== stale) return Promise.resolve(token);
      pending ??= signIn()
        .then((fresh) => (token = fresh))
        .finally(() => (pending = null));
      return pending;
    },
  };
}
