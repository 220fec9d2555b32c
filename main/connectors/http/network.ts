// What a connector needs to reach its server, injected by the core: a fetch (Electron `net` in production,
// Node in tests), the TLS options that carry the user's certificate decisions for sockets (IMAP, SMTP, XMPP),
// and the translation of any failure to connect into an error the user can read.
import type { ConnectionOptions } from 'node:tls';
import { CoreError } from '../../core/errors';
import { isCertificateTrustError } from '../../core/tls/certificate';
import type { TlsEndpoint } from '../../core/tls/peer-certificate';

export type FetchLike = (input: string | URL, init?: RequestInit) => Promise<Response>;

export interface Network {
  fetch: FetchLike;
  /** Options for `tls.connect` to this host, with the certificates the user and the organisation trust. */
  tlsOptions(host: string): ConnectionOptions;
  /** Readies `tlsOptions` for an endpoint (certificates pinned by policy are read once); see `tlsOptionsFor`. */
  prepareTls?(endpoint: TlsEndpoint): Promise<void>;
  /** The `tls.untrusted` error for an endpoint whose certificate was refused (with its fingerprint). */
  certificateRefusal(endpoint: TlsEndpoint): Promise<CoreError>;
  /** Budget of one request or one connection attempt. */
  timeoutMs: number;
}

/** The TLS options every transport connects with: the trust module's, once it is ready for this endpoint. */
export async function tlsOptionsFor(
  network: Pick<Network, 'tlsOptions' | 'prepareTls'>,
  endpoint: TlsEndpoint,
): Promise<ConnectionOptions> {
  await network.prepareTls?.(endpoint);
  return network.tlsOptions(endpoint.host);
}

const UNKNOWN_HOST = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NODATA', 'EAI_NONAME', 'EDNS']);
const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'ECONNABORTED',
  'EConnectionClosed',
  'NoConnection',
  'ClosedAfterConnectText',
  'ClosedAfterConnectTLS',
  'ECONNECTION',
  'UND_ERR_SOCKET',
]);
const TIMEOUT = new Set([
  'ETIMEDOUT',
  'ETIMEOUT',
  'CONNECT_TIMEOUT',
  'GREETING_TIMEOUT',
  'UPGRADE_TIMEOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
]);

/**
 * Turns a failure to reach `endpoint` into the translatable error the user sees: unknown host, timeout,
 * unreachable, or an untrusted certificate with its fingerprint. Errors that are not about the network
 * (a CoreError already, or a bug) come back unchanged.
 */
export async function toNetworkError(error: unknown, endpoint: TlsEndpoint, network: Network): Promise<unknown> {
  if (error instanceof CoreError) return error;
  if (isCertificateTrustError(error)) return network.certificateRefusal(endpoint);
  const host = endpoint.host;
  for (const current of causes(error)) {
    const { code, name } = current as { code?: unknown; name?: unknown };
    if (name === 'TimeoutError' || (typeof code === 'string' && TIMEOUT.has(code))) {
      return new CoreError('network.timeout', { host });
    }
    if (typeof code === 'string' && UNKNOWN_HOST.has(code)) return new CoreError('network.unknownHost', { host });
    if (typeof code === 'string' && UNREACHABLE.has(code)) return new CoreError('network.unreachable', { host });
    if (typeof code === 'string' && (code.startsWith('ERR_SSL_') || code === 'EPROTO' || code === 'ETLS')) {
      return new CoreError('network.tlsFailed', { host });
    }
  }
  return error;
}

/** A failure to reach the server at all (as opposed to an answer): the server's kind cannot be told. */
export const isReachabilityError = (error: unknown) =>
  error instanceof CoreError && (error.code.startsWith('network.') || error.code.startsWith('tls.'));

function* causes(error: unknown): Generator<object> {
  for (let current = error, depth = 0; current && typeof current === 'object' && depth < 5; depth++) {
    yield current;
    current = (current as { cause?: unknown }).cause;
  }
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/i;

export const isLoopback = (host: string) => LOOPBACK.test(host.replace(/^\[(.*)\]$/, '$1'));

/** Credentials never cross the network in clear, except to this machine (a local bridge, the test servers). */
export function requireEncryption(host: string, encrypted: boolean): void {
  if (!encrypted && !isLoopback(host)) throw new CoreError('server.insecure', { host });
}
