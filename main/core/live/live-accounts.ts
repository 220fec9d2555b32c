// Accounts at work: for every signed-in account whose kind has a live connector, the connector runs (first
// sync, then push) until the account is removed or needs the user again. The core reaches what a running
// account offers — its files, its directory — through here, and connectors ask each other for a sync (a Zimbra
// account's push says mail changed; its mail runs over IMAP) with `requestSync`.
import type { HttpClient } from '../../connectors/http/http-client';
import type { Network } from '../../connectors/http/network';
import type { AccountRecord, FileRecord } from '../../store/records';
import type { Store } from '../../store/store';
import type { AccountSetup, SessionAuth } from '../accounts/driver';
import type { EventHub } from '../events';
import type { Capability, FileVersions, Person } from '../model';
import type { ChatChange, ChatPort } from '../ports';
import { announceStoredPresence } from '../presence/presence';
import type { SecretKind } from '../secrets/secret-store';

export type SyncArea = 'mail';

export interface LiveContext {
  account: AccountRecord;
  setup: AccountSetup;
  store: Store;
  network: Network;
  http: HttpClient;
  client: { name: string; version: string };
  now: () => Date;
  /** Runs `work` with the account's session, renewed once with the stored secret when it expired. */
  withSession<T>(work: (auth: SessionAuth) => Promise<T>): Promise<T>;
  /** A stored secret of the account (a chat connection signs in with the mail password). */
  secret(kind: SecretKind): Promise<string | null>;
  /** Server changes reached the store: the renderer is told. */
  changed(area: 'files' | 'calendar' | 'people' | 'chat', change?: ChatChange): void;
  /** Another sync of this account should run now (its mail, over IMAP). */
  requestSync(area: SyncArea): void;
  /** What the server turned out to offer (chat switched on at the server). */
  setCapabilities(capabilities: Capability[]): void;
}

/** The outcome of a new version: saved, or kept beside a version someone else saved first. */
export type LiveSaveOutcome = { status: 'saved' } | { status: 'conflict'; keptAs: string };

export interface LiveFiles {
  search(query: string, limit: number): Promise<FileRecord[]>;
  download(fileId: string, version?: string): Promise<{ data: Uint8Array; version: string | null }>;
  versions(fileId: string): Promise<FileVersions>;
  /** Returns the new file's id (already in the store). */
  upload(parentId: string | null, name: string, mimeType: string, data: Uint8Array): Promise<string>;
  saveVersion(fileId: string, mimeType: string, data: Uint8Array): Promise<LiveSaveOutcome>;
  setLock(fileId: string, locked: boolean): Promise<FileVersions>;
}

export interface LiveAccount {
  files?: LiveFiles;
  directory?: { complete(query: string, limit: number): Promise<Person[]> };
  /** The account's chat, when its server offers one. */
  chat?(): ChatPort | null;
  stop(): Promise<void>;
}

export interface LiveConnector {
  kindId: string;
  start(context: LiveContext): LiveAccount;
}

export interface LiveAccountsDeps {
  store: Store;
  events: EventHub;
  connectors: readonly LiveConnector[];
  now: () => Date;
  /** The signed-in accounts' setups and sessions (the accounts service). */
  setupOf(accountId: string): AccountSetup | null;
  withSession<T>(accountId: string, work: (auth: SessionAuth) => Promise<T>): Promise<T>;
  secret(accountId: string, kind: SecretKind): Promise<string | null>;
  network: Network;
  http: HttpClient;
  client: { name: string; version: string };
  /** A running account's chat changed (with what changed, when its connector says). */
  chatChanged?(accountId: string, change?: ChatChange): void;
  /** The accounts' list changed (capabilities): the renderer is told. */
  accountsChanged(): void;
}

export class LiveAccounts {
  readonly #running = new Map<string, LiveAccount>();
  readonly #syncListeners = new Set<(accountId: string, area: SyncArea) => void>();
  #closed = false;

  constructor(private readonly deps: LiveAccountsDeps) {}

  get(accountId: string): LiveAccount | undefined {
    return this.#running.get(accountId);
  }

  /** The running accounts, in the user's order. */
  all(): Array<[string, LiveAccount]> {
    return this.deps.store.accounts
      .list()
      .map((account) => [account.id, this.#running.get(account.id)] as [string, LiveAccount | undefined])
      .filter((entry): entry is [string, LiveAccount] => entry[1] !== undefined);
  }

  /**
   * Starts the configured accounts not running yet — an offline one too: its connector retries until the server
   * answers — and stops those removed or waiting for the user.
   */
  reconcile(): void {
    if (this.#closed) return;
    const accounts = new Map(this.deps.store.accounts.list().map((account) => [account.id, account]));
    for (const [id, live] of this.#running) {
      const account = accounts.get(id);
      if (!account || account.state === 'needs-sign-in') {
        this.#running.delete(id);
        void live.stop().catch(() => {});
      }
    }
    for (const account of accounts.values()) {
      if (this.#running.has(account.id) || (account.state !== 'online' && account.state !== 'offline')) continue;
      const connector = this.deps.connectors.find((candidate) => candidate.kindId === account.kindId);
      const setup = connector && this.deps.setupOf(account.id);
      if (!connector || !setup) continue;
      const started = connector.start(this.#context(account, setup));
      this.#running.set(account.id, started);
      announceStoredPresence(this.deps.store, started.chat?.());
    }
  }

  /** Asks whoever syncs `area` for this account to do it now. */
  requestSync(accountId: string, area: SyncArea): void {
    for (const listener of this.#syncListeners) listener(accountId, area);
  }

  /** The mail engine listens here for pushes it should act on; returns the unsubscribe function. */
  onSyncRequested(listener: (accountId: string, area: SyncArea) => void): () => void {
    this.#syncListeners.add(listener);
    return () => this.#syncListeners.delete(listener);
  }

  async close(): Promise<void> {
    this.#closed = true;
    const running = [...this.#running.values()];
    this.#running.clear();
    await Promise.all(running.map((live) => live.stop().catch(() => {})));
  }

  #context(account: AccountRecord, setup: AccountSetup): LiveContext {
    const { deps } = this;
    const accountId = account.id;
    return {
      account,
      setup,
      store: deps.store,
      network: deps.network,
      http: deps.http,
      client: deps.client,
      now: deps.now,
      withSession: (work) => deps.withSession(accountId, work),
      secret: (kind) => deps.secret(accountId, kind),
      changed: (area, change) => {
        if (area === 'files') deps.events.emit('files:changed', { accountId });
        if (area === 'calendar') deps.events.emit('calendar:changed', { accountId });
        if (area === 'chat') deps.chatChanged?.(accountId, change);
      },
      requestSync: (area) => this.requestSync(accountId, area),
      setCapabilities: (capabilities) => {
        const current = deps.store.accounts.get(accountId);
        if (!current || sameSet(current.capabilities, capabilities)) return;
        deps.store.accounts.put({ ...current, capabilities }, deps.now());
        deps.accountsChanged();
      },
    };
  }
}

const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((value) => b.includes(value));
