import { z } from 'zod';
import { accountServer, signInMethod } from '../../../preload/contract';
import { isLoopback } from '../../connectors/http/network';
import { CoreError } from '../errors';
import type { AccountServer, ServerEndpoint } from '../model';
import type { Policy } from '../policy/runtime';
import type { AccountKindDriver, AccountSetup } from './driver';

const storedSetup = z.object({
  server: accountServer,
  username: z.string().min(1),
  method: signInMethod,
  address: z.string().min(3).optional(),
});

/** The setup stored with an account; null when there is none or it no longer parses (the demo, a hand edit). */
export function parseSetup(value: unknown): AccountSetup | null {
  const parsed = storedSetup.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/** Every host an account's server setting names. */
export function serverHosts(server: AccountServer): string[] {
  switch (server.type) {
    case 'web':
      return [new URL(server.url).hostname];
    case 'mail':
      return [server.incoming.host, server.outgoing.host];
    case 'chat':
      return [server.endpoint.host];
  }
}

/**
 * Refuses a setup before anything is sent: a server of another form than the kind's, a host the organisation
 * does not allow, or a clear-text connection to anything but this machine.
 */
export function checkSetup(driver: AccountKindDriver, setup: AccountSetup, policy: Policy): void {
  const { server } = setup;
  if (server.type !== driver.kind.setup.server) throw new CoreError('accounts.invalidSetup', { field: 'server' });
  if (!driver.kind.setup.methods.includes(setup.method)) {
    throw new CoreError('accounts.invalidSetup', { field: 'method' });
  }
  for (const host of serverHosts(server)) {
    if (!policy.isHostAllowed(host)) throw new CoreError('policy.hostNotAllowed', { host });
  }
  const insecure = clearTextHost(server);
  if (insecure) throw new CoreError('server.insecure', { host: insecure });
}

/** A host the setup would reach without encryption, other than this machine; null when there is none. */
function clearTextHost(server: AccountServer): string | null {
  const clear = (endpoint: ServerEndpoint) => endpoint.security === 'none' && !isLoopback(endpoint.host);
  switch (server.type) {
    case 'web': {
      const url = new URL(server.url);
      return url.protocol === 'http:' && !isLoopback(url.hostname) ? url.hostname : null;
    }
    case 'mail':
      return [server.incoming, server.outgoing].find(clear)?.host ?? null;
    case 'chat':
      return clear(server.endpoint) ? server.endpoint.host : null;
  }
}

/** Two setups that reach the same mailbox or chat account (so that one is not added twice). */
export function sameAccount(a: AccountSetup, b: AccountSetup): boolean {
  return a.username.toLowerCase() === b.username.toLowerCase() && serverKey(a.server) === serverKey(b.server);
}

function serverKey(server: AccountServer): string {
  switch (server.type) {
    case 'web':
      return new URL(server.url).origin;
    case 'mail':
      return `${server.incoming.host.toLowerCase()}:${server.incoming.port}`;
    case 'chat':
      return server.domain.toLowerCase();
  }
}
