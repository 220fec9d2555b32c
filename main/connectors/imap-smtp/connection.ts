// How to reach an account's IMAP and SMTP servers: the client options for imapflow and nodemailer from an
// endpoint, a login and the TLS options carrying the user's certificate decisions. Shared by everything that
// opens a connection (sync, sending, credential checks).
import type { ConnectionOptions } from 'node:tls';
import { ImapFlow, type ImapFlowOptions, type Logger } from 'imapflow';
import type SMTPConnection from 'nodemailer/lib/smtp-connection';
import type { ServerEndpoint } from '../../core/model';
import type { Network } from '../http/network';

export interface MailLogin {
  username: string;
  password: string;
}

/** Everything a connection to the account's servers needs; the login is asked for on each new connection. */
export interface MailServerAccess {
  incoming: ServerEndpoint;
  outgoing: ServerEndpoint;
  /**
   * Runs `work` with the account's login. Throwing `auth.expired` from `work` lets the owner renew the login
   * once (the session manager's rule) before the account is marked as needing the user.
   */
  withLogin<T>(work: (login: MailLogin) => Promise<T>): Promise<T>;
  /** TLS options with the user's certificate decisions, the refusal to show for an untrusted one, timeouts. */
  network: Network;
  /** Counts IMAP commands (benchmarks' round trips); logs nothing else. */
  onImapCommand?: () => void;
}

export function imapOptions(
  endpoint: ServerEndpoint,
  login: MailLogin,
  tls: ConnectionOptions,
  timeoutMs: number,
): ImapFlowOptions {
  return {
    host: endpoint.host,
    port: endpoint.port,
    secure: endpoint.security === 'tls',
    doSTARTTLS: endpoint.security === 'starttls' ? true : endpoint.security === 'none' ? false : undefined,
    auth: { user: login.username, pass: login.password },
    tls,
    logger: false,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: Math.max(timeoutMs, 5 * 60_000),
  };
}

/** Readies the TLS trust module for this server (certificates pinned by policy) before a client is built. */
export async function prepareMailTls(network: Network, endpoint: ServerEndpoint, protocol: 'imap' | 'smtp') {
  if (endpoint.security === 'none') return;
  const startTls = endpoint.security === 'starttls' ? protocol : undefined;
  await network.prepareTls?.({ host: endpoint.host, port: endpoint.port, startTls });
}

/** SMTP connection options (the login is given to `login()` once connected). */
export function smtpOptions(
  endpoint: ServerEndpoint,
  tls: ConnectionOptions,
  timeoutMs: number,
): SMTPConnection.Options {
  return {
    host: endpoint.host,
    port: endpoint.port,
    secure: endpoint.security === 'tls',
    requireTLS: endpoint.security === 'starttls',
    ignoreTLS: endpoint.security === 'none',
    tls,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: Math.max(timeoutMs, 5 * 60_000),
    logger: false,
  };
}

/**
 * An imapflow logger that only counts the commands sent (imapflow logs each one at debug level, `src: 'c'`),
 * IDLE and the DONE that ends it aside: they wait for changes rather than ask for anything.
 */
export function commandCounter(onCommand: () => void): Logger {
  const ignore = () => {};
  return {
    debug: (entry: { src?: string; msg?: string }) => {
      if (entry?.src === 'c' && !/^(DONE|\S+ IDLE)$/.test(entry.msg ?? '')) onCommand();
    },
    info: ignore,
    warn: ignore,
    error: ignore,
  };
}

/**
 * A new IMAP client for the account (not connected); QRESYNC is enabled when the server offers it. With
 * `idleDelayMs`, the client IDLEs on its selected folder that long after its last command.
 */
export function createImapClient(access: MailServerAccess, login: MailLogin, idleDelayMs?: number): ImapFlow {
  const { network, incoming } = access;
  const options = imapOptions(incoming, login, network.tlsOptions(incoming.host), network.timeoutMs);
  return new ImapFlow({
    ...options,
    qresync: true,
    disableAutoIdle: idleDelayMs === undefined,
    autoIdleDelay: idleDelayMs,
    logger: access.onImapCommand ? commandCounter(access.onImapCommand) : false,
  });
}
