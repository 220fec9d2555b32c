// How a BlueMind core answer becomes an error (brief §10.1): the fault body `{errorCode, errorType, message}`
// carries the code to act on (never the message), `FORBIDDEN` comes as a 500, an unknown route is a 500 with a
// serialised exception instead of the fault body, and the nginx front answers with HTML pages.
import { CoreError } from '../../core/errors';

/** Server codes the connector acts on; anything else is a generic failure. */
export type FaultCode =
  | 'AUTHENTICATION_FAIL'
  | 'PERMISSION_DENIED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'ALREADY_EXISTS'
  | 'ENTITY_TOO_LARGE'
  | 'VERSION_HAS_CHANGED'
  | 'INVALID_PARAMETER'
  | 'TIMEOUT'
  | 'UNKNOWN'
  /** Ours: the server has no such route (an endpoint of another generation). */
  | 'NO_ROUTE'
  | (string & {});

/** A server refusal with its BlueMind code, so that callers can tell ALREADY_EXISTS from a real failure. */
export class BlueMindFault extends CoreError {
  constructor(
    code: string,
    params: Record<string, string | number>,
    readonly fault: FaultCode,
    readonly status: number,
  ) {
    super(code, params);
    this.name = 'BlueMindFault';
  }
}

export const isFault = (error: unknown, ...faults: FaultCode[]): error is BlueMindFault =>
  error instanceof BlueMindFault && (faults.length === 0 || faults.includes(error.fault));

interface FaultBody {
  errorCode?: unknown;
  message?: unknown;
}

/** The translatable error for a non-2xx answer whose body was `text`. */
export function faultOf(status: number, text: string, host: string): BlueMindFault {
  let body: FaultBody | null = null;
  try {
    const parsed = JSON.parse(text) as unknown;
    if (parsed && typeof parsed === 'object') body = parsed as FaultBody;
  } catch {
    // an HTML page from the front, or nothing
  }
  const errorCode = typeof body?.errorCode === 'string' ? body.errorCode : null;
  const message = typeof body?.message === 'string' ? body.message : '';
  if (status === 500 && errorCode === null && /no service registered/i.test(message)) {
    return new BlueMindFault('server.unsupported', { host }, 'NO_ROUTE', status);
  }
  const fault = errorCode ?? (status === 401 ? 'AUTHENTICATION_FAIL' : status === 404 ? 'NOT_FOUND' : 'UNKNOWN');
  return new BlueMindFault(codeFor(status, fault, body !== null, message), { host, code: fault }, fault, status);
}

function codeFor(status: number, fault: string, json: boolean, message: string): string {
  if (status === 401 || fault === 'AUTHENTICATION_FAIL') return 'auth.expired';
  if (fault === 'PERMISSION_DENIED' || fault === 'FORBIDDEN' || status === 403) return 'server.forbidden';
  if (fault === 'NOT_FOUND' || status === 404) return 'notFound';
  if (fault === 'ENTITY_TOO_LARGE' || status === 413) return 'mail.tooLarge';
  if (fault === 'TIMEOUT' || /timeout on request execution/i.test(message)) return 'network.timeout';
  if (!json || status === 502 || status === 503 || status === 504) return 'server.unavailable';
  return 'server.fault';
}
