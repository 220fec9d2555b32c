// Test helpers for the eXo connector: a loopback network, a signed-in session through the accounts driver,
// and a client whose refs live in memory (the core keeps them in the store).
import { CoreError } from '../../core/errors';
import type { AccountSetup, DriverContext } from '../../core/accounts/driver';
import type { RefReader, RemoteRef } from '../../core/spaces/ports';
import { createHttpClient } from '../http/http-client';
import type { Network } from '../http/network';
import { createNodeFetch } from '../http/node-fetch';
import { ExoCollaborationClient, type ExoClientDeps } from './index';
import { exoDriver } from './login';
import { cookiesOf, createExoSession, type ExoSession } from './session';

export function loopbackNetwork(timeoutMs = 15_000): Network {
  return {
    fetch: createNodeFetch(() => ({})),
    tlsOptions: () => ({}),
    certificateRefusal: async () => new CoreError('tls.untrusted'),
    timeoutMs,
  };
}

export function driverContext(network = loopbackNetwork()): DriverContext {
  return { network, http: createHttpClient(network), client: { name: 'Bastide', version: 'test', device: 'test' } };
}

export class MemoryRefs implements RefReader {
  readonly map = new Map<string, RemoteRef>();
  get(id: string): RemoteRef | undefined {
    return this.map.get(id);
  }
  keep(items: { id: string; ref: RemoteRef }[]): void {
    for (const item of items) this.map.set(item.id, item.ref);
  }
}

/** A session opened by the accounts driver (form login), renewed by it with the password. */
export async function signedInSession(
  url: string,
  username: string,
  password: string,
  context = driverContext(),
): Promise<{ session: ExoSession; renewals: () => number }> {
  const setup: AccountSetup = { server: { type: 'web', url }, username, method: 'password' };
  const step = await exoDriver.signIn(context, setup, { method: 'password', password });
  if (step.status !== 'signed-in') throw new Error('unexpected second factor');
  let renewals = 0;
  const session = createExoSession({
    server: url,
    username: step.session.username ?? username,
    cookies: cookiesOf(step.session.auth.headers?.Cookie),
    async reopen() {
      renewals += 1;
      const opened = await exoDriver.resume(context, setup, { password }, 'expired');
      return cookiesOf(opened.auth.headers?.Cookie);
    },
  });
  return { session, renewals: () => renewals };
}

export async function exoTestClient(
  url: string,
  username: string,
  password: string,
  options: { accountId?: string; now?: () => Date; network?: Network } = {},
) {
  const network = options.network ?? loopbackNetwork();
  const context = driverContext(network);
  const { session, renewals } = await signedInSession(url, username, password, context);
  const refs = new MemoryRefs();
  const deps: ExoClientDeps = {
    accountId: options.accountId ?? username,
    refs,
    now: options.now ?? (() => new Date()),
    http: context.http,
    network,
    session,
  };
  const client = new ExoCollaborationClient(deps);
  return { client, refs, session, renewals };
}
