// The mail engine: one runtime per account that has a mail server on standard protocols, the drafts, the
// outbox and the user's actions on messages, over the local store. Accounts without a server (the demo) get
// the local phases only.
import type { Store } from '../../store/store';
import type { AccountRecord } from '../../store/records';
import type { EventHub } from '../events';
import type { Connectivity, Language, MailAddress, OutboxStatus } from '../model';
import type { ReachabilityState } from '../sync/reachability';
import { MailAccountRuntime, defaultTimings, type MailTimings } from './account-runtime';
import { MessageActions } from './actions';
import { Drafts, type StagedFileTaker } from './drafts';
import { openMailStore, type MailStore } from './mail-store';
import { mailPaths, type MailPaths } from './paths';
import { SearchIndexer } from './search-indexer';
import type { MailRemote } from './remote';

export interface MailEngineTimings extends MailTimings {
  draftPushDelayMs: number;
  expungeDelayMs: number;
}

export interface MailEngineOptions {
  store: Store;
  events: EventHub;
  profileDir: string;
  now: () => Date;
  random?: () => number;
  /** The account's mail server, when it has one on standard protocols. */
  remoteOf(account: AccountRecord): MailRemote | undefined;
  /** Opens a file with the system's application (the host's shell). */
  openPath(path: string): Promise<void>;
  timings?: Partial<MailEngineTimings>;
  /** The server keeps a copy of what it sends in Sent by itself: no APPEND (per account). */
  serverKeepsSentCopy?: (accountId: string) => boolean;
  onReachability?(accountId: string, state: ReachabilityState): void;
  /** Takes a file the renderer staged (`files:stage`) out of staging, for a draft to adopt. */
  takeStaged?: StagedFileTaker;
}

export class MailEngine {
  readonly mail: MailStore;
  readonly paths: MailPaths;
  readonly drafts: Drafts;
  readonly actions: MessageActions;
  readonly indexer: SearchIndexer;
  readonly #runtimes = new Map<string, MailAccountRuntime>();
  readonly #timings: MailEngineTimings;
  #unsubscribe: (() => void) | null = null;
  #states = new Map<string, string>();
  #closed = false;

  constructor(private readonly options: MailEngineOptions) {
    this.mail = openMailStore(options.store);
    this.paths = mailPaths(options.profileDir);
    this.#timings = { ...defaultTimings, draftPushDelayMs: 3_000, expungeDelayMs: 8_000, ...options.timings };
    this.indexer = new SearchIndexer((limit) => this.mail.sync.indexPending(limit));
    const runtimeOf = (accountId: string) => this.#runtimes.get(accountId);
    const changed = (folderIds: string[]) => this.changed(folderIds);
    this.drafts = new Drafts({
      mail: this.mail,
      paths: this.paths,
      now: options.now,
      identityOf: (accountId) => this.identityOf(accountId),
      runtimeOf,
      language: () => this.#language(),
      pushDelayMs: this.#timings.draftPushDelayMs,
      takeStaged: options.takeStaged,
    });
    this.actions = new MessageActions({
      mail: this.mail,
      now: options.now,
      runtimeOf,
      changed,
      expungeDelayMs: this.#timings.expungeDelayMs,
    });
  }

  /** Resumes what an earlier run left (tasks cut by a crash run again), then starts every account. */
  start(): void {
    this.mail.tasks.recoverInterrupted();
    this.indexer.schedule();
    this.#reconcile();
    this.#unsubscribe = this.options.events.subscribe((event) => {
      if (event === 'accounts:changed') this.#reconcile();
    });
  }

  /** Tells the renderer to read these folders (and their messages) again. */
  changed(folderIds: string[]): void {
    if (folderIds.length > 0) this.options.events.emit('mail:changed', { folderIds });
  }

  runtime(accountId: string): MailAccountRuntime | undefined {
    return this.#runtimes.get(accountId);
  }

  identityOf(accountId: string): MailAddress {
    const account = this.options.store.accounts.get(accountId);
    if (!account) return { address: '' };
    const named = account.displayName && account.displayName !== account.address;
    return named ? { name: account.displayName, address: account.address } : { address: account.address };
  }

  outboxStatus(): OutboxStatus[] {
    return [...this.#runtimes.values()].map((runtime) => runtime.outboxStatus());
  }

  connectivity(): Connectivity[] {
    return [...this.#runtimes.values()].map((runtime) => {
      const state = runtime.reachability.state;
      return {
        accountId: runtime.accountId,
        reachable: state.reachable,
        error: state.error,
        nextAttemptAt: state.nextAttemptAt === null ? null : new Date(state.nextAttemptAt).toISOString(),
      };
    });
  }

  /** Waits until every account's queue and sync are idle (tests, benchmarks, shutdown). */
  async settled(): Promise<void> {
    await Promise.all([...this.#runtimes.values()].map((runtime) => runtime.settled()));
    await this.indexer.idle();
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#unsubscribe?.();
    const runtimes = [...this.#runtimes.values()];
    this.#runtimes.clear();
    await Promise.all(runtimes.map((runtime) => runtime.stop()));
    await this.indexer.idle();
    await this.mail.close();
  }

  /** Accounts added get a runtime, removed ones lose theirs; one signed in again retries at once. */
  #reconcile(): void {
    if (this.#closed) return;
    const accounts = this.options.store.accounts.list();
    for (const account of accounts) {
      const previous = this.#states.get(account.id);
      this.#states.set(account.id, account.state);
      const running = this.#runtimes.get(account.id);
      if (running) {
        if (previous === 'needs-sign-in' && account.state !== 'needs-sign-in') running.reachability.retryNow();
        continue;
      }
      const remote = this.options.remoteOf(account);
      if (!remote) continue;
      const runtime = this.#createRuntime(account, remote);
      this.#runtimes.set(account.id, runtime);
      runtime.start();
    }
    const ids = new Set(accounts.map((account) => account.id));
    for (const [id, runtime] of this.#runtimes) {
      if (ids.has(id)) continue;
      this.#runtimes.delete(id);
      this.#states.delete(id);
      void runtime.stop();
    }
  }

  #createRuntime(account: AccountRecord, remote: MailRemote): MailAccountRuntime {
    const { options } = this;
    return new MailAccountRuntime({
      accountId: account.id,
      identity: this.identityOf(account.id),
      remote,
      mail: this.mail,
      paths: this.paths,
      events: options.events,
      now: options.now,
      random: options.random ?? Math.random,
      timings: this.#timings,
      serverKeepsSentCopy: options.serverKeepsSentCopy?.(account.id) ?? false,
      onStored: () => this.indexer.schedule(),
      onReachability: (accountId, state) => options.onReachability?.(accountId, state),
    });
  }

  #language(): Language {
    return this.options.store.settings.get('language') === 'en' ? 'en' : 'fr';
  }
}
