// Test support for the accounts side: the accounts of a profile assembled as the core does, with the
// events they emit, on a fresh store; servers are the emulators and real servers on loopback.
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { createEventHub } from '../events';
import type { EventName } from '../../../preload/contract';
import { openStore, type Store } from '../../store/store';
import { createPolicy, type Policy } from '../policy/runtime';
import { MemorySecretStore } from '../secrets/memory-store';
import { useTempProfiles } from '../testing/helpers';
import { CoreError } from '../errors';
import type { AccountKindDriver, OpenedSession, SessionAuth } from './driver';
import { createAccounts, type Accounts, type AccountsOptions } from './wiring';

export interface AccountsHarness {
  store: Store;
  accounts: Accounts;
  events: Array<{ event: EventName; payload: unknown }>;
  profileDir: string;
}

export function useAccountsHarness() {
  const profiles = useTempProfiles();
  const open: AccountsHarness[] = [];
  afterEach(async () => {
    for (const harness of open.splice(0)) {
      await harness.accounts.close();
      harness.store.close();
    }
  });
  return {
    makeDir: profiles.makeDir,
    /** The accounts of a profile (a new one unless `profileDir` is given); secrets in memory by default. */
    open(options: AccountsOptions & { profileDir?: string; policy?: Policy; now?: () => Date } = {}): AccountsHarness {
      const { profileDir = profiles.makeDir(), policy = createPolicy({}, [], ''), now, ...accountOptions } = options;
      const store = openStore(join(profileDir, 'bastide.sqlite'));
      const hub = createEventHub();
      const events: AccountsHarness['events'] = [];
      hub.subscribe((event, payload) => events.push({ event, payload }));
      const accounts = createAccounts({
        store,
        events: hub,
        policy,
        connectors: [],
        now: now ?? (() => new Date()),
        version: '0.0.0-test',
        options: { secrets: new MemorySecretStore(), timeoutMs: 5_000, ...accountOptions },
      });
      const harness = { store, accounts, events, profileDir };
      open.push(harness);
      return harness;
    },
  };
}

/** The last `accounts:changed` payload's entry for an account. */
export function lastSummary(harness: AccountsHarness, id: string) {
  const changes = harness.events.filter((entry) => entry.event === 'accounts:changed');
  const last = changes.at(-1)?.payload as Array<{ id: string; state: string }> | undefined;
  return last?.find((account) => account.id === id);
}

/** A driver whose server accepts `password` and hands out numbered sessions; `calls` counts what it was asked. */
export function scriptedDriver() {
  const server = { password: 'secret', reachable: true, sessions: 0, expired: new Set<string>() };
  const calls = { signIn: 0, resume: 0, check: 0 };
  const open = (): OpenedSession => ({
    auth: { headers: { session: `s${++server.sessions}` } },
    identity: { displayName: 'Alice', address: 'alice@example.test' },
    secrets: {},
  });
  const login = (password: string | undefined) => {
    if (!server.reachable) throw new CoreError('network.unreachable', { host: 'server.test' });
    if (password !== server.password) throw new CoreError('auth.wrongPassword');
    return open();
  };
  const driver: AccountKindDriver = {
    kind: {
      id: 'scripted',
      label: 'Scripted',
      capabilities: ['mail'],
      setup: { server: 'web', methods: ['password'] },
    },
    async signIn(_context, _setup, credentials) {
      calls.signIn++;
      const session = login(credentials.method === 'password' ? credentials.password : undefined);
      return { status: 'signed-in', session: { ...session, secrets: { password: server.password } } };
    },
    async resume(_context, _setup, secrets) {
      calls.resume++;
      return login(secrets.password);
    },
    async check(_context, _setup, auth: SessionAuth) {
      calls.check++;
      if (!server.reachable) throw new CoreError('network.unreachable', { host: 'server.test' });
      if (server.expired.has(auth.headers!.session!)) throw new CoreError('auth.expired');
    },
  };
  return {
    driver,
    server,
    calls,
    expireAll: () => [...Array(server.sessions)].forEach((_, i) => server.expired.add(`s${i + 1}`)),
  };
}
