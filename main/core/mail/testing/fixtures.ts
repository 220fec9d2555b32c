// Mail engine fixtures for tests and benchmarks: an IMAP/SMTP account on the real test servers, reached as
// the accounts module would (a login per connection, TLS options), and an engine on a temporary profile.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MailServerAccess } from '../../../connectors/imap-smtp/connection';
import { createImapSmtpRemote } from '../../../connectors/imap-smtp/remote';
import type { MailRemote } from '../remote';
import { openStore, type Store } from '../../../store/store';
import { createEventHub, type EventHub } from '../../events';
import { CoreError } from '../../errors';
import type { ConnectionSecurity } from '../../model';
import { MailEngine, type MailEngineTimings } from '../engine';
import { DATABASE_FILE } from '../../index';
import { MemorySecretStore } from '../../secrets/memory-store';

export interface TestMailAccount {
  id: string;
  user: string;
  password: string;
  address: string;
  displayName?: string;
  imapPort: number;
  smtpPort: number;
  security?: ConnectionSecurity;
  host?: string;
}

/**
 * A profile whose database already holds an IMAP/SMTP account (offline until the core signs it in), and the
 * secret store with its password: what a core opened on it finds after the user added the account.
 */
export async function seedImapProfile(
  profileDir: string,
  account: { id: string; address: string; username: string; password: string; imapPort: number; smtpPort: number },
): Promise<MemorySecretStore> {
  const store = openStore(join(profileDir, DATABASE_FILE));
  const endpoint = (port: number) => ({ host: '127.0.0.1', port, security: 'none' as const });
  store.accounts.put(
    {
      id: account.id,
      kindId: 'imap',
      displayName: 'Alice Martin',
      address: account.address,
      selfPersonId: null,
      capabilities: ['mail'],
      state: 'offline',
    },
    new Date(),
    {
      server: { type: 'mail', incoming: endpoint(account.imapPort), outgoing: endpoint(account.smtpPort) },
      username: account.username,
      method: 'password',
    },
  );
  store.close();
  const secrets = new MemorySecretStore();
  await secrets.set(account.id, 'password', account.password);
  return secrets;
}

export const fastTimings: Partial<MailEngineTimings> = {
  draftPushDelayMs: 0,
  expungeDelayMs: 200,
  backoff: { baseMs: 100, capMs: 1_000 },
  checkEveryMs: 60_000,
};

export function testAccess(account: TestMailAccount, onImapCommand?: () => void): MailServerAccess {
  const host = account.host ?? '127.0.0.1';
  const security = account.security ?? 'none';
  return {
    incoming: { host, port: account.imapPort, security },
    outgoing: { host, port: account.smtpPort, security },
    withLogin: (work) => work({ username: account.user, password: account.password }),
    network: {
      fetch: globalThis.fetch,
      // The test servers' certificate is self-signed (the trust-by-fingerprint flow is the accounts' to test).
      tlsOptions: () => ({ rejectUnauthorized: false }),
      certificateRefusal: async (endpoint) => new CoreError('tls.untrusted', { host: endpoint.host, fingerprint: '' }),
      timeoutMs: 5_000,
    },
    onImapCommand,
  };
}

export interface TestEngine {
  engine: MailEngine;
  store: Store;
  events: EventHub;
  profileDir: string;
  opened: string[];
  close(): Promise<void>;
}

/** An engine on a new (or given) profile with these accounts; `opened` records what `openPath` was asked. */
export function openTestEngine(options: {
  accounts: TestMailAccount[];
  profileDir?: string;
  timings?: Partial<MailEngineTimings>;
  now?: () => Date;
  /** Changes what the server does (a server that files sent mail in Sent by itself…). */
  wrapRemote?: (remote: MailRemote) => MailRemote;
}): TestEngine {
  const profileDir = options.profileDir ?? mkdtempSync(join(tmpdir(), 'bastide-mail-'));
  const store = openStore(join(profileDir, 'bastide.sqlite'));
  const events = createEventHub();
  const now = options.now ?? (() => new Date());
  for (const account of options.accounts) {
    if (store.accounts.get(account.id)) continue;
    store.accounts.put(
      {
        id: account.id,
        kindId: 'imap',
        displayName: account.displayName ?? account.address,
        address: account.address,
        selfPersonId: null,
        capabilities: ['mail'],
        state: 'online',
      },
      now(),
    );
  }
  const byId = new Map(options.accounts.map((account) => [account.id, account]));
  const opened: string[] = [];
  const engine = new MailEngine({
    store,
    events,
    profileDir,
    now,
    timings: { ...fastTimings, ...options.timings },
    remoteOf: (record) => {
      const account = byId.get(record.id);
      const remote = account && createImapSmtpRemote(testAccess(account), { now });
      return remote && (options.wrapRemote?.(remote) ?? remote);
    },
    openPath: async (path) => {
      opened.push(path);
    },
  });
  return {
    engine,
    store,
    events,
    profileDir,
    opened,
    async close() {
      await engine.close();
      store.close();
    },
  };
}

export function removeProfile(profileDir: string): void {
  rmSync(profileDir, { recursive: true, force: true });
}

/** Waits until `check` holds (polling), or fails with `what` after `timeoutMs`. */
export async function eventually<T>(
  check: () => T | undefined | false | Promise<T | undefined | false>,
  what: string,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
