// Replays an account's persisted tasks, oldest first and one at a time, while the account is reachable: each
// task's remote phase runs; success deletes it, a failure puts it back with back-off, marks it failed for the
// user, or (offline, password refused) pauses the whole queue until the account is back.
import type { TaskRecord, TasksRepository } from '../../store/repositories/outbox';
import type { ErrorInfo } from '../model';
import { backoffDelay, defaultBackoff, type BackoffPolicy } from './backoff';
import { classify, type Failure } from './failure';

/** A remote phase. It may save its progress (the next run, after a crash, resumes from it). */
export interface TaskHandler<P = never> {
  run(task: TaskRecord<P>, save: (payload: P) => void): Promise<TaskOutcome | void>;
}

/** A task that did part of its work but needs the user for the rest stays in the queue, failed. */
export interface TaskOutcome {
  failWith: ErrorInfo;
}

export interface TaskRunnerDeps {
  accountId: string;
  tasks: TasksRepository;
  handlers: Record<string, TaskHandler<never>>;
  now: () => number;
  random: () => number;
  backoff?: BackoffPolicy;
  /** Whether remote phases may run now (the account is reachable and signed in). */
  canRun(): boolean;
  /** The account could not be reached, or its password was refused: the queue waits for it. */
  onUnreachable(failure: Failure): void;
  /** A task finished, failed or was put back: counts may have changed. */
  onChange(task: TaskRecord): void;
  /** Nothing more is due for now (the queue ran dry, or waits for the network). */
  onDrained?(): void;
}

/** Unexpected errors (bugs) get a few more tries before the task waits for the user. */
const MAX_UNEXPECTED_FAILURES = 8;

export class TaskRunner {
  #loop: Promise<void> | null = null;
  #again = false;
  #timer: NodeJS.Timeout | null = null;
  #stopped = false;

  constructor(private readonly deps: TaskRunnerDeps) {}

  /** Runs whatever is due now, then sleeps until the next task is due. */
  kick(): void {
    if (this.#stopped) return;
    if (this.#loop) {
      this.#again = true;
      return;
    }
    this.#loop = this.#drain().finally(() => {
      this.#loop = null;
    });
  }

  /** Resolves once nothing runs (what is due has run, or the account went away). */
  async idle(): Promise<void> {
    while (this.#loop) await this.#loop;
  }

  stop(): void {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }

  async #drain(): Promise<void> {
    do {
      this.#again = false;
      while (!this.#stopped && this.deps.canRun()) {
        const task = this.deps.tasks.nextDue(this.deps.accountId, this.deps.now());
        if (!task) break;
        await this.#run(task);
      }
    } while (this.#again && !this.#stopped && this.deps.canRun());
    this.#sleep();
    if (!this.#stopped) this.deps.onDrained?.();
  }

  #sleep(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    if (this.#stopped) return;
    const next = this.deps.tasks.nextWakeAt(this.deps.accountId);
    if (next === null) return;
    this.#timer = setTimeout(() => this.kick(), Math.max(0, next - this.deps.now()));
    this.#timer.unref();
  }

  async #run(task: TaskRecord): Promise<void> {
    const { tasks, now } = this.deps;
    if (!tasks.claim(task.id, now())) return;
    const running: TaskRecord<never> = { ...task, payload: task.payload as never, attempts: task.attempts + 1 };
    const handler = this.deps.handlers[task.kind];
    try {
      if (!handler) throw new Error(`No handler for ${task.kind}`);
      const outcome = await handler.run(running, (payload) => tasks.setPayload(task.id, payload, now()));
      if (outcome) tasks.fail(task.id, outcome.failWith, now());
      else tasks.remove(task.id);
    } catch (error) {
      this.#failed(running, classify(error));
    }
    this.deps.onChange(tasks.get(task.id) ?? running);
  }

  #failed(task: TaskRecord, failure: Failure): void {
    const { tasks, now, random } = this.deps;
    const retryAt = now() + backoffDelay(task.attempts, random, this.deps.backoff ?? defaultBackoff);
    switch (failure.kind) {
      case 'offline':
      case 'signIn':
        tasks.retryLater(task.id, retryAt, failure.error, now());
        this.deps.onUnreachable(failure);
        return;
      case 'user':
        tasks.fail(task.id, failure.error, now());
        return;
      case 'later':
        if (failure.error.code === 'internal' && task.attempts >= MAX_UNEXPECTED_FAILURES) {
          tasks.fail(task.id, failure.error, now());
        } else {
          tasks.retryLater(task.id, retryAt, failure.error, now());
        }
    }
  }
}
