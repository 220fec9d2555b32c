// Persisted tasks of the collaboration intents (posts, comments, likes, read markers, document uploads and
// versions, locks, chat edits and deletions), kept in the profile's persisted tasks (the outbox's repository)
// under kinds of their own. One task per intent, idempotent on (account, kind, key); an attempt is counted before
// any network I/O, so that after a crash the remote phase knows an earlier attempt may have reached the server.
// Chat messages themselves go through the chat outbox, like every chat back-end's.
import { randomUUID } from 'node:crypto';
import type { Database } from '../../store/db';
import { tasksRepository, type TaskRecord } from '../../store/repositories/outbox';

export interface QueuedTask<P = unknown> {
  id: string;
  accountId: string;
  kind: string;
  key: string;
  payload: P;
  /** Attempts started so far: above zero, an earlier one may have reached the server. */
  attempts: number;
  createdAt: number;
  lastError: string | null;
}

/** Our kinds share the table with other engines' (mail): they are namespaced. */
export const TASK_PREFIX = 'collab.';

const toTask = (record: TaskRecord): QueuedTask => ({
  id: record.id,
  accountId: record.accountId,
  kind: record.kind.slice(TASK_PREFIX.length),
  key: record.idempotencyKey,
  payload: record.payload,
  attempts: record.attempts,
  createdAt: record.createdAt,
  lastError: record.lastError?.code ?? null,
});

export function taskQueue(db: Database, now: () => Date) {
  const tasks = tasksRepository(db);
  const time = () => now().getTime();

  return {
    /**
     * Queues an intent; the same (kind, key) again replaces the payload of the one waiting (the latest wins).
     * Intents that must all run, in order, take keys of their own.
     */
    add<P>(accountId: string, kind: string, key: string, payload: P): string {
      const existing = tasks.byKey(accountId, TASK_PREFIX + kind, key);
      if (existing) {
        tasks.setPayload(existing.id, payload, time());
        tasks.requeue(existing.id, time(), time());
        return existing.id;
      }
      const id = `${TASK_PREFIX}${randomUUID()}`;
      tasks.add({ id, accountId, kind: TASK_PREFIX + kind, idempotencyKey: key, payload, notBefore: time() }, time());
      return id;
    },
    /**
     * The account's tasks still to run, in the order they were queued (due or not: order matters). A task found
     * "running" was interrupted (the replay of an account runs one task at a time): it is run again.
     */
    pending(accountId: string): QueuedTask[] {
      return tasks
        .list(accountId)
        .filter((task) => task.kind.startsWith(TASK_PREFIX) && task.state !== 'failed')
        .map(toTask);
    },
    find(accountId: string, kind: string, key: string): QueuedTask | undefined {
      const record = tasks.byKey(accountId, TASK_PREFIX + kind, key);
      return record && toTask(record);
    },
    /** Counts the attempt, before any network I/O. */
    startAttempt(id: string): void {
      if (!tasks.claim(id, time())) {
        // Left "running" by an interrupted run: back to pending, then counted like any attempt.
        tasks.retryLater(id, time(), null, time());
        tasks.claim(id, time());
      }
    },
    postpone(id: string, at: number, error: string): void {
      tasks.retryLater(id, at, { code: error }, time());
    },
    fail(id: string, error: string): void {
      tasks.fail(id, { code: error }, time());
    },
    retry(id: string): void {
      tasks.requeue(id, time(), time());
    },
    done(id: string): void {
      tasks.remove(id);
    },
  };
}

export type TaskQueue = ReturnType<typeof taskQueue>;
