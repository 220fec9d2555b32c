// One mail account at work: its server (remote), when it syncs (scheduler), its queue of remote phases
// (task runner) and whether it is reachable. Everything that fails for lack of network waits for the
// account to come back; coming back flushes the outbox at once and syncs.
import { CoreError } from '../errors';
import type { ErrorInfo, MailAddress, OutboxStatus } from '../model';
import type { EventHub } from '../events';
import { classify } from '../outbox/failure';
import { TaskRunner, type TaskHandler } from '../outbox/task-runner';
import type { BackoffPolicy } from '../outbox/backoff';
import { MailScheduler } from '../sync/mail-scheduler';
import { Reachability, type ReachabilityState } from '../sync/reachability';
import { folderIdOf } from '../../store/repositories/mail-sync';
import type { MailStore } from './mail-store';
import type { MailPaths } from './paths';
import type { FolderSyncReport, MailRemote } from './remote';
import { MESSAGE_ACTIONS, TASK, type MailTaskContext } from './tasks/context';
import { deleteDraftCopies, pushDraft } from './tasks/drafts';
import { expunge, move, releaseHolds, setFlags } from './tasks/message-actions';
import { sendMail } from './tasks/send-mail';

export interface MailTimings {
  checkEveryMs: number;
  sweepEveryMs: number;
  backoff?: BackoffPolicy;
  /** How many of the newest bodies are fetched ahead for offline reading after a sync. */
  prefetch: number;
}

export const defaultTimings: MailTimings = { checkEveryMs: 2 * 60_000, sweepEveryMs: 10 * 60_000, prefetch: 30 };

export interface MailAccountDeps {
  accountId: string;
  identity: MailAddress;
  remote: MailRemote;
  mail: MailStore;
  paths: MailPaths;
  events: EventHub;
  now: () => Date;
  random: () => number;
  timings: MailTimings;
  serverKeepsSentCopy: boolean;
  onReachability(accountId: string, state: ReachabilityState): void;
  /** A sync stored new messages (they are indexed for search next). */
  onStored(): void;
}

export class MailAccountRuntime {
  readonly context: MailTaskContext;
  readonly reachability: Reachability;
  readonly runner: TaskRunner;
  readonly scheduler: MailScheduler;
  /** Folders the tasks changed on the server, synced once the queue has run dry (not after every mail). */
  readonly #syncAfterFlush = new Set<string>();
  #prefetching: Promise<void> | null = null;
  #prefetchAgain = false;
  #stopped = false;

  constructor(private readonly deps: MailAccountDeps) {
    const { accountId, remote, mail, events, now, random, timings } = deps;
    const ms = () => now().getTime();
    this.context = {
      accountId,
      identity: deps.identity,
      remote,
      mail,
      paths: deps.paths,
      now,
      serverKeepsSentCopy: deps.serverKeepsSentCopy,
      changed: (folderIds) => {
        if (folderIds.length > 0) events.emit('mail:changed', { folderIds });
      },
      requestSync: (force = []) => {
        for (const path of force) this.#syncAfterFlush.add(path);
      },
    };
    this.reachability = new Reachability({
      probe: () => remote.probe(),
      now: ms,
      random,
      backoff: timings.backoff,
      onChange: (state) => {
        events.emit('connectivity:changed', {
          accountId,
          reachable: state.reachable,
          error: state.error,
          nextAttemptAt: state.nextAttemptAt === null ? null : new Date(state.nextAttemptAt).toISOString(),
        });
        deps.onReachability(accountId, state);
      },
      onBack: () => {
        mail.tasks.makeDue(accountId, ms());
        this.runner.kick();
        this.scheduler.request();
      },
    });
    const handlers: Record<string, TaskHandler<never>> = {
      [TASK.send]: sendMail(this.context) as TaskHandler<never>,
      [TASK.pushDraft]: pushDraft(this.context) as TaskHandler<never>,
      [TASK.deleteDraftCopies]: deleteDraftCopies(this.context) as TaskHandler<never>,
      [TASK.setFlags]: setFlags(this.context) as TaskHandler<never>,
      [TASK.move]: move(this.context) as TaskHandler<never>,
      [TASK.expunge]: expunge(this.context) as TaskHandler<never>,
    };
    this.runner = new TaskRunner({
      accountId,
      tasks: mail.tasks,
      handlers,
      now: ms,
      random,
      backoff: timings.backoff,
      canRun: () => this.reachability.state.reachable,
      onUnreachable: (failure) => this.reachability.failed(failure),
      onChange: (task) => {
        if (task.kind === TASK.send) this.emitOutbox();
        else if (task.state === 'failed' && MESSAGE_ACTIONS.has(task.kind)) this.#giveUp(task.id, task.payload);
      },
      onDrained: () => {
        if (this.#syncAfterFlush.size === 0) return;
        const force = [...this.#syncAfterFlush];
        this.#syncAfterFlush.clear();
        this.scheduler.request({ force });
      },
    });
    this.scheduler = new MailScheduler({
      remote,
      target: mail.sync.target(accountId),
      now: ms,
      checkEveryMs: timings.checkEveryMs,
      sweepEveryMs: timings.sweepEveryMs,
      canRun: () => this.reachability.state.reachable,
      onSucceeded: () => this.reachability.succeeded(),
      onFailed: (error) => this.#failed(error),
      onSynced: (reports) => this.#synced(reports),
    });
  }

  get accountId(): string {
    return this.deps.accountId;
  }

  start(): void {
    this.scheduler.start();
    this.runner.kick();
  }

  /** Runs what is due in the queue now (after a new task, or the user's "retry"). */
  flush(): void {
    this.runner.kick();
  }

  outboxStatus(): OutboxStatus {
    const counts = this.deps.mail.tasks.counts(this.deps.accountId, TASK.send);
    return { accountId: this.deps.accountId, queued: counts.pending + counts.running, failed: counts.failed };
  }

  emitOutbox(): void {
    this.deps.events.emit('outbox:changed', this.outboxStatus());
  }

  /** Asks something of the server on the user's behalf, keeping the account's reachability up to date. */
  async use<T>(work: (remote: MailRemote) => Promise<T>): Promise<T> {
    if (!this.reachability.state.reachable)
      throw new CoreError(this.reachability.state.error?.code ?? 'network.unreachable');
    try {
      const result = await work(this.deps.remote);
      this.reachability.succeeded();
      return result;
    } catch (error) {
      this.#failed(error);
      throw error;
    }
  }

  /** The message's body from the server, stored; false when it cannot be had now (offline). */
  async fetchBody(messageId: string): Promise<boolean> {
    const location = this.deps.mail.sync.location(messageId);
    if (!location || location.bodyFetched) return false;
    try {
      const body = await this.use((remote) => remote.fetchBody(location, location.bodyParts ?? {}));
      this.deps.mail.sync.putBody(messageId, body.text, body.html);
      return true;
    } catch {
      return false;
    }
  }

  /** Everything queued has run (or waits for the network / the user), and no sync is running. */
  async settled(): Promise<void> {
    await Promise.all([this.runner.idle(), this.scheduler.idle()]);
    while (this.#prefetching) await this.#prefetching;
  }

  /** Stops everything and waits for work in flight to end (it fails fast once the connections are closed). */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.scheduler.stop();
    this.runner.stop();
    this.reachability.stop();
    await this.deps.remote.close();
    await this.settled();
  }

  #failed(error: unknown): void {
    const failure = classify(error);
    if (failure.kind === 'offline' || failure.kind === 'signIn') this.reachability.failed(failure);
    else console.error(`[mail] ${this.deps.accountId}: ${errorName(error, failure.error)}`);
  }

  #synced(reports: FolderSyncReport[]): void {
    const changed = reports.filter((report) => report.added + report.changed + report.removed > 0 || report.reset);
    this.context.changed(changed.map((report) => folderIdOf(this.deps.accountId, report.path)));
    if (changed.some((report) => report.added > 0)) {
      this.deps.onStored();
      this.#prefetch();
    }
  }

  /** The newest bodies of the inbox and of the watched folder, ahead of time, for offline reading. */
  #prefetch(): void {
    // A sync that ends after stop() must not start fetching again: stop() waits for the prefetch to end.
    if (this.#stopped) return;
    if (this.#prefetching) {
      this.#prefetchAgain = true;
      return;
    }
    this.#prefetching = this.#prefetchRecent().finally(() => {
      this.#prefetching = null;
      if (this.#prefetchAgain) {
        this.#prefetchAgain = false;
        this.#prefetch();
      }
    });
  }

  async #prefetchRecent(): Promise<void> {
    for (const path of new Set(['INBOX', this.scheduler.watched])) {
      const ids = this.deps.mail.sync.unfetched(folderIdOf(this.deps.accountId, path), this.deps.timings.prefetch);
      for (const id of ids) if (this.#stopped || !(await this.fetchBody(id))) return;
    }
  }

  /** A message action the server would not take: the server's state wins, and the next sync shows it. */
  #giveUp(taskId: string, payload: unknown): void {
    const ids =
      (payload as { ids?: string[] }).ids ??
      (payload as { moves?: { id: string }[] }).moves?.map((entry) => entry.id) ??
      [];
    releaseHolds(this.context, ids);
    this.deps.mail.tasks.remove(taskId);
    this.scheduler.request({ sweep: true });
  }
}

function errorName(error: unknown, info: ErrorInfo): string {
  return error instanceof Error ? `${error.name} (${info.code})` : info.code;
}
