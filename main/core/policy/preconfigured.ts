import { createHash } from 'node:crypto';
import type { Store } from '../../store/store';
import { CoreError } from '../errors';
import type { AccountServer, ConnectionSecurity, PreconfiguredAccountEntry, ServerEndpoint } from '../model';
import { expandUsername, type PreconfiguredAccount } from './accounts';
import type { Policy } from './runtime';

// PreconfiguredAccounts, as the account screens need it: the server in the shape the account kinds take, the
// username with `${osUser}` replaced, and the account already created from it, if any.

/** Default ports and security per URL scheme: plain imap://, smtp:// and xmpp:// mean STARTTLS, never cleartext. */
const schemes: Record<string, { port: number; security: ConnectionSecurity }> = {
  'imaps:': { port: 993, security: 'tls' },
  'imap:': { port: 143, security: 'starttls' },
  'smtps:': { port: 465, security: 'tls' },
  'smtp:': { port: 587, security: 'starttls' },
  'xmpps:': { port: 5223, security: 'tls' },
  'xmpp:': { port: 5222, security: 'starttls' },
};

function endpoint(url: string): ServerEndpoint {
  const parsed = new URL(url);
  const scheme = schemes[parsed.protocol]!;
  return {
    host: parsed.hostname,
    port: parsed.port ? Number(parsed.port) : scheme.port,
    security: scheme.security,
  };
}

export function serverOf(account: PreconfiguredAccount): AccountServer {
  switch (account.kind) {
    case 'imap': {
      const incoming = endpoint(account.serverUrl);
      // Without smtpUrl, the usual submission port on the IMAP host.
      const outgoing = account.smtpUrl ? endpoint(account.smtpUrl) : endpoint(`smtp://${incoming.host}`);
      return { type: 'mail', incoming, outgoing };
    }
    case 'xmpp': {
      const chat = endpoint(account.serverUrl);
      return { type: 'chat', domain: chat.host, endpoint: chat };
    }
    default:
      return { type: 'web', url: account.serverUrl };
  }
}

/** The host the user signs in to: what AllowedServerHosts and the match with existing accounts look at. */
export function serverHost(server: AccountServer): string {
  switch (server.type) {
    case 'web':
      return new URL(server.url).hostname.toLowerCase();
    case 'mail':
      return server.incoming.host.toLowerCase();
    case 'chat':
      return server.domain.toLowerCase();
  }
}

export interface ExistingAccount {
  id: string;
  kindId: string;
  server: AccountServer;
  username: string;
}

const sameUser = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** Same kind, same server host and, when the policy names one, same username. */
export function matchesEntry(
  entry: Pick<PreconfiguredAccountEntry, 'kindId' | 'server' | 'username'>,
  account: ExistingAccount,
): boolean {
  return (
    entry.kindId === account.kindId &&
    serverHost(entry.server) === serverHost(account.server) &&
    (entry.username === null || sameUser(entry.username, account.username))
  );
}

export function preconfiguredEntries(
  accounts: readonly PreconfiguredAccount[],
  osUser: string,
  existing: readonly ExistingAccount[] = [],
): PreconfiguredAccountEntry[] {
  return accounts.map((account) => {
    const username = expandUsername(account.username, osUser);
    const server = serverOf(account);
    const digest = createHash('sha256')
      .update(JSON.stringify([account.kind, account.serverUrl, username]))
      .digest();
    const entry = {
      id: `policy-${digest.toString('base64url').slice(0, 16)}`,
      kindId: account.kind,
      label: account.label,
      server,
      username,
      method: 'sso' in account && account.sso ? ('sso' as const) : ('password' as const),
    };
    return { ...entry, accountId: existing.find((candidate) => matchesEntry(entry, candidate))?.id ?? null };
  });
}

/** The accounts in the store with the server and username they were set up with (the demo has none). */
function existingAccounts(store: Store): ExistingAccount[] {
  return store.accounts.list().flatMap((account) => {
    const setup = store.accounts.setup(account.id) as { server?: AccountServer; username?: unknown } | null;
    if (!setup?.server || typeof setup.username !== 'string') return [];
    try {
      serverHost(setup.server);
    } catch {
      return [];
    }
    return [{ id: account.id, kindId: account.kindId, server: setup.server, username: setup.username }];
  });
}

export function preconfiguredOffers(policy: Policy, store: Store): PreconfiguredAccountEntry[] {
  return preconfiguredEntries(policy.policies.PreconfiguredAccounts ?? [], policy.osUser, existingAccounts(store));
}

/**
 * What the policies say about adding this account: its server must be an allowed host, and when adding is
 * locked only a preconfigured account may be added. Throws `policy.hostNotAllowed` or `policy.accountAddLocked`.
 */
export function assertAccountAllowed(
  policy: Policy,
  account: { kindId: string; server: AccountServer; username: string },
): void {
  const host = serverHost(account.server);
  if (!policy.isHostAllowed(host)) throw new CoreError('policy.hostNotAllowed', { host });
  if (policy.state().allowAccountAdd) return;
  const entries = preconfiguredEntries(policy.policies.PreconfiguredAccounts ?? [], policy.osUser);
  const candidate = { id: '', ...account };
  if (!entries.some((entry) => matchesEntry(entry, candidate))) throw new CoreError('policy.accountAddLocked');
}
