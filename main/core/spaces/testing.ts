// Test support for the collaboration half: a profile with the accounts layer (secrets in memory), the running
// side of accounts with the collaboration connector, and an eXo account signed in against a server (the eXo
// emulator). Documents open through a recorder instead of the system's applications.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventName } from '../../../preload/contract';
import { exoClientFactory } from '../../connectors/exo/live';
import { openStore, type Store } from '../../store/store';
import { createAccounts, type Accounts } from '../accounts/wiring';
import { createEventHub } from '../events';
import { createLiveAccounts } from '../live/wiring';
import type { LiveAccounts } from '../live/live-accounts';
import { createPolicy } from '../policy/runtime';
import { MemorySecretStore } from '../secrets/memory-store';
import { Collaboration } from './collaboration';
import { collaborationHandlers } from './handlers';
import type { AccountRuntime } from './runtime';

export interface Harness {
  dir: string;
  store: Store;
  accounts: Accounts;
  live: LiveAccounts;
  collab: Collaboration;
  handlers: ReturnType<typeof collaborationHandlers>;
  events: Array<{ event: EventName; payload: unknown }>;
  opened: string[];
  accountId: string;
  secrets: MemorySecretStore;
  runtime(): AccountRuntime;
  /** Resolves at the next event matching the predicate (event-driven waits, no sleeps). */
  next(event: EventName, predicate?: (payload: unknown) => boolean, timeoutMs?: number): Promise<unknown>;
  /** Resolves when `check` holds, re-checked at each core event. */
  until(check: () => boolean | Promise<boolean>, timeoutMs?: number): Promise<void>;
  /** `keep` leaves the profile folder for another harness (a restart). */
  close(options?: { keep?: boolean }): Promise<void>;
}

export async function openHarness(options: {
  url: string;
  username?: string;
  password?: string;
  dir?: string;
  /** The keychain of a previous harness on the same profile (a restart). */
  secrets?: MemorySecretStore;
  now?: () => Date;
}): Promise<Harness> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'bastide-collab-'));
  const now = options.now ?? (() => new Date());
  const store = openStore(join(dir, 'bastide.sqlite'));
  const hub = createEventHub();
  const events: Harness['events'] = [];
  const waiters = new Set<() => void>();
  const stops = new Set<() => void>();
  hub.subscribe((event, payload) => {
    events.push({ event, payload });
    for (const waiter of [...waiters]) waiter();
  });
  const secrets = options.secrets ?? new MemorySecretStore();
  const accounts = createAccounts({
    store,
    events: hub,
    policy: createPolicy({}, [], ''),
    connectors: [],
    now,
    version: '0.0.0-test',
    options: { secrets, timeoutMs: 15_000 },
  });
  const opened: string[] = [];
  const collab = new Collaboration({
    store,
    events: hub,
    now,
    cacheDir: join(dir, 'documents'),
    openPath: async (path) => {
      opened.push(path);
    },
  });
  collab.handlesKind('exo');
  const live = createLiveAccounts({
    store,
    events: hub,
    accounts,
    now,
    options: { connectors: [collab.liveConnector('exo', exoClientFactory)] },
  });
  let accountId = store.accounts.list().find((account) => account.kindId === 'exo')?.id;
  if (!accountId) {
    const result = await accounts.service.add({
      kindId: 'exo',
      server: { type: 'web', url: options.url },
      username: options.username ?? 'alice',
      method: 'password',
      password: options.password ?? 'alicepw',
    });
    if (result.status !== 'signed-in') throw new Error('unexpected second factor');
    accountId = result.account.id;
  } else {
    accounts.start();
  }
  const id = accountId;

  const until = (check: () => boolean | Promise<boolean>, timeoutMs = 15_000) =>
    new Promise<void>((resolve, reject) => {
      let done = false;
      const timer = setTimeout(() => finish(new Error('timed out waiting for a condition')), timeoutMs);
      // Core events wake the check; states without an event of their own (connection) are seen on a slow tick.
      const tick = setInterval(() => test(), 100);
      const finish = (error?: Error) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        clearInterval(tick);
        waiters.delete(test);
        stops.delete(stop);
        if (error) reject(error);
        else resolve();
      };
      const test = () => {
        void Promise.resolve(check()).then((ok) => ok && finish(), finish);
      };
      const stop = () => finish(new Error('the harness closed'));
      stops.add(stop);
      waiters.add(test);
      test();
    });

  const harness: Harness = {
    dir,
    store,
    accounts,
    live,
    collab,
    handlers: collaborationHandlers(collab),
    events,
    opened,
    accountId: id,
    secrets,
    runtime() {
      const runtime = collab.runtime(id);
      if (!runtime) throw new Error('the account is not running');
      return runtime;
    },
    next(event, predicate = () => true, timeoutMs = 15_000) {
      const seen = events.length;
      let found: unknown;
      return until(() => {
        const hit = events.slice(seen).find((entry) => entry.event === event && predicate(entry.payload));
        if (hit) found = hit.payload;
        return hit !== undefined;
      }, timeoutMs).then(() => found);
    },
    until,
    async close(closing = {}) {
      for (const stop of [...stops]) stop();
      await accounts.close();
      await live.close();
      await collab.close();
      store.close();
      if (!closing.keep) rmSync(dir, { recursive: true, force: true });
    },
  };
  await until(() => collab.runtime(id) !== undefined);
  await harness.runtime().whenOnline();
  await harness.runtime().settled();
  return harness;
}
