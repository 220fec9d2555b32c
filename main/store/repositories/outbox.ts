// Persisted tasks: the remote phases of user intents (send a mail, push a draft, move, flag), replayed in order
// per account when it is reachable, with their attempts and back-off. A task is deleted once done.
import type { ErrorInfo } from '../../core/model';
import type { Database } from '../db';
import { parseJson } from '../rows';

export type TaskState = 'pending' | 'running' | 'failed';

export interface TaskRecord<P = unknown> {
  id: string;
  accountId: string;
  kind: string;
  idempotencyKey: string;
  payload: P;
  state: TaskState;
  /** Runs started so far, the current one included: more than one means this is a replay. */
  attempts: number;
  nextAttemptAt: number;
  lastError: ErrorInfo | null;
  createdAt: number;
  updatedAt: number;
}

export interface NewTask<P> {
  id: string;
  accountId: string;
  kind: string;
  idempotencyKey: string;
  payload: P;
  notBefore: number;
}

interface TaskRow {
  id: string;
  account_id: string;
  kind: string;
  idempotency_key: string;
  payload: string;
  state: string;
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
  created_at: number;
  updated_at: number;
}

const toTask = <P>(row: TaskRow): TaskRecord<P> => ({
  id: row.id,
  accountId: row.account_id,
  kind: row.kind,
  idempotencyKey: row.idempotency_key,
  payload: parseJson<P>(row.payload),
  state: row.state as TaskState,
  attempts: row.attempts,
  nextAttemptAt: row.next_attempt_at,
  lastError: row.last_error === null ? null : parseJson<ErrorInfo>(row.last_error),
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

export function tasksRepository(db: Database) {
  const insert = db.prepare(`
    INSERT INTO tasks (id, account_id, kind, idempotency_key, payload, state, next_attempt_at, created_at, updated_at)
    VALUES (?, ?, ?, ?, ?, 'pending', ?, ?, ?)
    ON CONFLICT (account_id, kind, idempotency_key) DO NOTHING`);
  const byId = db.prepare('SELECT * FROM tasks WHERE id = ?');
  const byKey = db.prepare('SELECT * FROM tasks WHERE account_id = ? AND kind = ? AND idempotency_key = ?');
  const nextDue = db.prepare(`
    SELECT * FROM tasks WHERE account_id = ? AND state = 'pending' AND next_attempt_at <= ? ORDER BY seq LIMIT 1`);
  const nextWake = db.prepare(
    "SELECT min(next_attempt_at) AS at FROM tasks WHERE account_id = ? AND state = 'pending'",
  );
  const claim = db.prepare(
    "UPDATE tasks SET state = 'running', attempts = attempts + 1, updated_at = ? WHERE id = ? AND state = 'pending'",
  );
  const setPayload = db.prepare('UPDATE tasks SET payload = ?, updated_at = ? WHERE id = ?');
  const remove = db.prepare('DELETE FROM tasks WHERE id = ?');
  const retryLater = db.prepare(
    "UPDATE tasks SET state = 'pending', next_attempt_at = ?, last_error = ?, updated_at = ? WHERE id = ?",
  );
  const fail = db.prepare("UPDATE tasks SET state = 'failed', last_error = ?, updated_at = ? WHERE id = ?");
  const requeue = db.prepare(
    "UPDATE tasks SET state = 'pending', next_attempt_at = ?, updated_at = ? WHERE id = ? AND state <> 'running'",
  );
  const makeDue = db.prepare(
    "UPDATE tasks SET next_attempt_at = ? WHERE account_id = ? AND state = 'pending' AND next_attempt_at > ?",
  );
  const recover = db.prepare("UPDATE tasks SET state = 'pending' WHERE state = 'running'");
  const listAll = db.prepare('SELECT * FROM tasks WHERE (:accountId IS NULL OR account_id = :accountId) ORDER BY seq');
  const listKind = db.prepare(`
    SELECT * FROM tasks WHERE kind = :kind AND (:accountId IS NULL OR account_id = :accountId) ORDER BY seq`);
  const countKind = db.prepare(
    'SELECT state, count(*) AS n FROM tasks WHERE account_id = ? AND kind = ? GROUP BY state',
  );

  return {
    /** Queues a task; one with the same account, kind and key already queued stays as it is (returns false). */
    add<P>(task: NewTask<P>, now: number): boolean {
      const result = insert.run(
        task.id,
        task.accountId,
        task.kind,
        task.idempotencyKey,
        JSON.stringify(task.payload),
        task.notBefore,
        now,
        now,
      );
      return result.changes > 0;
    },
    get<P>(id: string): TaskRecord<P> | undefined {
      const row = byId.get(id) as TaskRow | undefined;
      return row && toTask<P>(row);
    },
    byKey<P>(accountId: string, kind: string, key: string): TaskRecord<P> | undefined {
      const row = byKey.get(accountId, kind, key) as TaskRow | undefined;
      return row && toTask<P>(row);
    },
    nextDue(accountId: string, now: number): TaskRecord | undefined {
      const row = nextDue.get(accountId, now) as TaskRow | undefined;
      return row && toTask(row);
    },
    /** When the next pending task of the account is due; null when there is none. */
    nextWakeAt(accountId: string): number | null {
      return (nextWake.get(accountId) as { at: number | null }).at;
    },
    /** Marks the task running and counts the attempt; false when someone else took it. */
    claim(id: string, now: number): boolean {
      return claim.run(now, id).changes > 0;
    },
    setPayload(id: string, payload: unknown, now: number): void {
      setPayload.run(JSON.stringify(payload), now, id);
    },
    remove(id: string): boolean {
      return remove.run(id).changes > 0;
    },
    retryLater(id: string, at: number, error: ErrorInfo | null, now: number): void {
      retryLater.run(at, error === null ? null : JSON.stringify(error), now, id);
    },
    fail(id: string, error: ErrorInfo, now: number): void {
      fail.run(JSON.stringify(error), now, id);
    },
    /** A failed or waiting task, due again at `at` (a user's "retry"); false when it is running. */
    requeue(id: string, at: number, now: number): boolean {
      return requeue.run(at, now, id).changes > 0;
    },
    /** Back-off is over for the whole account (it just became reachable again). */
    makeDue(accountId: string, now: number): void {
      makeDue.run(now, accountId, now);
    },
    /** At start-up: tasks a previous run left running were interrupted, and run again. */
    recoverInterrupted(): number {
      return Number(recover.run().changes);
    },
    list<P>(accountId: string | null, kind?: string): TaskRecord<P>[] {
      const rows = (kind === undefined
        ? listAll.all({ accountId })
        : listKind.all({ accountId, kind })) as unknown as TaskRow[];
      return rows.map((row) => toTask<P>(row));
    },
    counts(accountId: string, kind: string): Record<TaskState, number> {
      const counts: Record<TaskState, number> = { pending: 0, running: 0, failed: 0 };
      for (const row of countKind.all(accountId, kind) as unknown as { state: TaskState; n: number }[]) {
        counts[row.state] = row.n;
      }
      return counts;
    },
  };
}

export type TasksRepository = ReturnType<typeof tasksRepository>;
