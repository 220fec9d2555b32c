// Checks IMAP and SMTP credentials by signing in (IMAP LOGIN/AUTHENTICATE, SMTP AUTH) and leaving at once,
// over TLS or STARTTLS with the user's certificate decisions; and the account kind built on them.
import { ImapFlow } from 'imapflow';
import { createTransport } from 'nodemailer';
import { CoreError } from '../../core/errors';
import type { AccountKindDriver, AccountSetup, OpenedSession } from '../../core/accounts/driver';
import type { ServerEndpoint } from '../../core/model';
import { requireEncryption, toNetworkError, type Network } from '../http/network';
import { prepareMailTls } from './connection';

export interface MailLogin {
  username: string;
  password: string;
}

export async function verifyImap(network: Network, endpoint: ServerEndpoint, login: MailLogin): Promise<void> {
  requireEncryption(endpoint.host, endpoint.security !== 'none');
  await prepareMailTls(network, endpoint, 'imap');
  const client = new ImapFlow({
    host: endpoint.host,
    port: endpoint.port,
    secure: endpoint.security === 'tls',
    doSTARTTLS: endpoint.security === 'starttls' ? true : endpoint.security === 'none' ? false : undefined,
    auth: { user: login.username, pass: login.password },
    tls: network.tlsOptions(endpoint.host),
    logger: false,
    verifyOnly: true,
    connectionTimeout: network.timeoutMs,
    greetingTimeout: network.timeoutMs,
    socketTimeout: network.timeoutMs,
  });
  client.on('error', () => {}); // reported by connect() below
  try {
    await client.connect();
  } catch (error) {
    if ((error as { authenticationFailed?: boolean }).authenticationFailed) throw new CoreError('auth.wrongPassword');
    const startTls = endpoint.security === 'starttls' ? 'imap' : undefined;
    throw await toNetworkError(error, { host: endpoint.host, port: endpoint.port, startTls }, network);
  } finally {
    client.close();
  }
}

export async function verifySmtp(network: Network, endpoint: ServerEndpoint, login: MailLogin): Promise<void> {
  requireEncryption(endpoint.host, endpoint.security !== 'none');
  await prepareMailTls(network, endpoint, 'smtp');
  const transport = createTransport({
    host: endpoint.host,
    port: endpoint.port,
    secure: endpoint.security === 'tls',
    requireTLS: endpoint.security === 'starttls',
    ignoreTLS: endpoint.security === 'none',
    auth: { user: login.username, pass: login.password },
    tls: network.tlsOptions(endpoint.host),
    connectionTimeout: network.timeoutMs,
    greetingTimeout: network.timeoutMs,
    socketTimeout: network.timeoutMs,
    logger: false,
  });
  try {
    await transport.verify();
  } catch (error) {
    if ((error as { code?: string }).code === 'EAUTH') throw new CoreError('auth.wrongPassword');
    const startTls = endpoint.security === 'starttls' ? 'smtp' : undefined;
    throw await toNetworkError(error, { host: endpoint.host, port: endpoint.port, startTls }, network);
  } finally {
    transport.close();
  }
}

const serversOf = (setup: AccountSetup) => {
  if (setup.server.type !== 'mail') throw new CoreError('accounts.invalidSetup', { field: 'server' });
  return setup.server;
};

const EMAIL = /^[^@\s]+@[^@\s]+$/;

/**
 * The address mail goes out from: the one the user gave at setup, else the username when it is an address.
 * A bare username (`alice`) with no address known stays as it is: there is no domain to guess it from.
 */
export function mailAddressOf(setup: Pick<AccountSetup, 'username' | 'address'>): string {
  if (setup.address && EMAIL.test(setup.address)) return setup.address;
  return setup.username;
}

function opened(setup: AccountSetup, password: string, secrets: OpenedSession['secrets']): OpenedSession {
  const address = mailAddressOf(setup);
  return {
    auth: { login: { username: setup.username, password } },
    identity: { displayName: address, address },
    secrets,
  };
}

export const imapSmtpDriver: AccountKindDriver = {
  kind: {
    id: 'imap',
    label: 'IMAP / SMTP',
    capabilities: ['mail'],
    setup: { server: 'mail', methods: ['password'] },
  },

  async signIn(context, setup, credentials) {
    if (credentials.method !== 'password') throw new CoreError('auth.ssoUnavailable');
    const { incoming, outgoing } = serversOf(setup);
    const login = { username: setup.username, password: credentials.password };
    await verifyImap(context.network, incoming, login);
    await verifySmtp(context.network, outgoing, login);
    return { status: 'signed-in', session: opened(setup, credentials.password, { password: credentials.password }) };
  },

  async resume(context, setup, secrets) {
    if (!secrets.password) throw new CoreError('auth.expired');
    await verifyImap(context.network, serversOf(setup).incoming, {
      username: setup.username,
      password: secrets.password,
    });
    return opened(setup, secrets.password, {});
  },

  async check(context, setup, auth) {
    if (!auth.login) throw new CoreError('auth.expired');
    await verifyImap(context.network, serversOf(setup).incoming, auth.login);
  },
};
