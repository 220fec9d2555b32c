// Zimbra SOAP-as-JSON for the sign-in path (brief §1.2–1.5): one request per call, the auth token sent both
// as the `ZM_AUTH_TOKEN` cookie (what a proxy routes on) and in the context, faults mapped to CoreErrors.
import { CoreError } from '../../core/errors';
import type { HttpClient } from '../http/http-client';

export const NS = { zimbra: 'urn:zimbra', account: 'urn:zimbraAccount', mail: 'urn:zimbraMail' } as const;

export type SoapBody = Record<string, unknown>;

export interface SoapCall {
  server: string;
  request: string;
  namespace: string;
  body?: SoapBody;
  authToken?: string;
  client: { name: string; version: string };
}

// Fault codes a user can act on; the rest are reported as a server fault with their code.
const faultErrors: Record<string, string> = {
  'account.AUTH_FAILED': 'auth.wrongPassword',
  'account.ACCOUNT_INACTIVE': 'auth.accountDisabled',
  'account.CHANGE_PASSWORD': 'auth.passwordExpired',
  'account.TWO_FACTOR_AUTH_FAILED': 'auth.twoFactorWrong',
  'account.TWO_FACTOR_SETUP_REQUIRED': 'auth.twoFactorSetupRequired',
  'account.MAINTENANCE_MODE': 'server.unavailable',
  'service.AUTH_EXPIRED': 'auth.expired',
  'service.AUTH_REQUIRED': 'auth.expired',
};

/** Sends one SOAP request and returns its response element (`<Name>Response`). */
export async function soap(http: HttpClient, call: SoapCall): Promise<SoapBody> {
  const url = new URL(`/service/soap/${call.request}`, call.server);
  const host = url.hostname;
  const context: SoapBody = {
    _jsns: NS.zimbra,
    userAgent: { name: call.client.name, version: call.client.version },
  };
  if (call.authToken) context.authToken = { _content: call.authToken };
  const headers: Record<string, string> = { 'Content-Type': 'application/json', Accept: 'application/json' };
  if (call.authToken) headers.Cookie = `ZM_AUTH_TOKEN=${call.authToken}`;
  const response = await http.send(url, {
    method: 'POST',
    headers,
    body: JSON.stringify({
      Header: { context },
      Body: { [call.request]: { _jsns: call.namespace, ...call.body } },
    }),
  });
  if (response.status === 502 || response.status === 503 || response.status === 504) {
    throw new CoreError('server.unavailable', { host });
  }
  if (response.status === 404) throw new CoreError('server.notFound', { host });
  const envelope = (await http.json(response, url)) as { Body?: Record<string, unknown> } | null;
  const body = envelope?.Body;
  const fault = body?.Fault as { Detail?: { Error?: { Code?: unknown } } } | undefined;
  if (fault) {
    const code = String(fault.Detail?.Error?.Code ?? '');
    throw new CoreError(faultErrors[code] ?? 'server.fault', { host, code });
  }
  const answer = body?.[call.request.replace(/Request$/, 'Response')];
  if (!response.ok || !answer || typeof answer !== 'object') throw new CoreError('server.unexpectedResponse', { host });
  return answer as SoapBody;
}

/** A text field as Zimbra's JSON gives it: a string, `{_content}` or `[{_content}]` (brief §1.2). */
export function text(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return text(value[0]);
  if (typeof value === 'object' && '_content' in value) return text((value as { _content: unknown })._content);
  return undefined;
}
