// XMPP sign-in (RFC 6120): SASL over an encrypted stream; a successful resource binding proves the password.
import { CoreError } from '../../core/errors';
import type { AccountKindDriver, AccountSetup, DriverContext, OpenedSession } from '../../core/accounts/driver';
import { tlsOptionsFor, toNetworkError } from '../http/network';
import { openXmppClient, xmppTlsEndpoint } from './login-client';

const serverOf = (setup: AccountSetup) => {
  if (setup.server.type !== 'chat') throw new CoreError('accounts.invalidSetup', { field: 'server' });
  return setup.server;
};

/** The local part when the user typed a full address (`alice@example.test` on `example.test`). */
export function localPart(username: string, domain: string): string {
  const at = username.lastIndexOf('@');
  return at > 0 && username.slice(at + 1).toLowerCase() === domain.toLowerCase() ? username.slice(0, at) : username;
}

export async function verifyXmpp(context: DriverContext, setup: AccountSetup, password: string): Promise<string> {
  const { domain, endpoint } = serverOf(setup);
  try {
    const client = await openXmppClient({
      endpoint,
      domain,
      username: localPart(setup.username, domain),
      password,
      tls: await tlsOptionsFor(context.network, xmppTlsEndpoint(endpoint, domain)),
      timeoutMs: context.network.timeoutMs,
    });
    const address = client.jid?.bare().toString() ?? `${localPart(setup.username, domain)}@${domain}`;
    await client.stop().catch(() => {});
    return address;
  } catch (error) {
    if ((error as { name?: string }).name === 'SASLError') throw new CoreError('auth.wrongPassword');
    throw await toNetworkError(error, xmppTlsEndpoint(endpoint, domain), context.network);
  }
}

function opened(setup: AccountSetup, address: string, password: string, secrets: OpenedSession['secrets']) {
  return {
    auth: { login: { username: localPart(setup.username, serverOf(setup).domain), password } },
    identity: { displayName: address, address },
    secrets,
  };
}

export const xmppDriver: AccountKindDriver = {
  kind: {
    id: 'xmpp',
    label: 'XMPP',
    capabilities: ['chat', 'presence'],
    setup: { server: 'chat', methods: ['password'] },
  },

  async signIn(context, setup, credentials) {
    if (credentials.method !== 'password') throw new CoreError('auth.ssoUnavailable');
    const address = await verifyXmpp(context, setup, credentials.password);
    return {
      status: 'signed-in',
      session: opened(setup, address, credentials.password, { password: credentials.password }),
    };
  },

  async resume(context, setup, secrets) {
    if (!secrets.password) throw new CoreError('auth.expired');
    return opened(setup, await verifyXmpp(context, setup, secrets.password), secrets.password, {});
  },

  async check(context, setup, auth) {
    if (!auth.login) throw new CoreError('auth.expired');
    await verifyXmpp(context, setup, auth.login.password);
  },
};
