// An eXo account as the core runs it: the collaboration client on the account's web session. The session is
// the accounts layer's (main/core/session): when the server says it is gone, it is renewed there, once, with
// the stored secret; the client only asks.
import { CoreError } from '../../core/errors';
import type { ClientFactory } from '../../core/spaces/collaboration';
import type { SessionAuth } from '../../core/accounts/driver';
import { ExoCollaborationClient } from './index';
import { cookiesOf, createExoSession } from './session';

export const exoClientFactory: ClientFactory = async (context, refs) => {
  const { setup } = context;
  if (setup.server.type !== 'web') throw new CoreError('accounts.invalidSetup', { field: 'server' });
  let current: SessionAuth = await context.withSession(async (auth) => auth);
  const session = createExoSession({
    server: setup.server.url,
    username: setup.username,
    cookies: cookiesOf(current.headers?.Cookie),
    async reopen() {
      const stale = current;
      // Throwing `auth.expired` with the stale session makes the session manager renew it (once).
      current = await context.withSession(async (auth) => {
        if (auth === stale) throw new CoreError('auth.expired');
        return auth;
      });
      return cookiesOf(current.headers?.Cookie);
    },
  });
  return new ExoCollaborationClient({
    accountId: context.account.id,
    refs,
    now: context.now,
    http: context.http,
    network: context.network,
    session,
  });
};
