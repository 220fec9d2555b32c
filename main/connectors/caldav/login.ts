// CalDAV sign-in: discovery (RFC 6764 well-known URL, principal, calendar home) with the user's password;
// finding the calendars proves it.
import type { AccountKindDriver, AccountSetup, DriverContext, OpenedSession } from '../../core/accounts/driver';
import { CoreError } from '../../core/errors';
import { toNetworkError } from '../http/network';
import { openDav } from './dav';

export const urlOf = (setup: AccountSetup): string => {
  if (setup.server.type !== 'web') throw new CoreError('accounts.invalidSetup', { field: 'server' });
  return setup.server.url;
};

async function verifyCalDav(context: DriverContext, setup: AccountSetup, password: string): Promise<void> {
  const url = new URL(urlOf(setup));
  try {
    const session = await openDav({ url: url.href, username: setup.username, password, fetch: context.network.fetch });
    await session.calendars();
  } catch (error) {
    // A refused password is final here: nothing to renew at sign-in.
    if (error instanceof CoreError && error.code === 'auth.expired') throw new CoreError('auth.wrongPassword');
    const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
    throw await toNetworkError(error, { host: url.hostname, port }, context.network);
  }
}

function opened(setup: AccountSetup, password: string, secrets: OpenedSession['secrets']): OpenedSession {
  return {
    auth: { login: { username: setup.username, password } },
    identity: { displayName: setup.username, address: setup.username },
    secrets,
  };
}

export const caldavDriver: AccountKindDriver = {
  kind: {
    id: 'caldav',
    label: 'Agenda CalDAV',
    capabilities: ['calendar'],
    setup: { server: 'web', methods: ['password'] },
  },

  async signIn(context, setup, credentials) {
    if (credentials.method !== 'password') throw new CoreError('auth.ssoUnavailable');
    await verifyCalDav(context, setup, credentials.password);
    return { status: 'signed-in', session: opened(setup, credentials.password, { password: credentials.password }) };
  },

  async resume(context, setup, secrets) {
    if (!secrets.password) throw new CoreError('auth.expired');
    await verifyCalDav(context, setup, secrets.password);
    return opened(setup, secrets.password, {});
  },

  async check(context, setup, auth) {
    if (!auth.login) throw new CoreError('auth.expired');
    await verifyCalDav(context, setup, auth.login.password);
  },
};
