import type { Database } from '../db';
import { toIso, toMs } from '../rows';

/** One message waiting to reach its server: a persisted task of the chat outbox. */
export interface ChatTask {
  messageId: string;
  accountId: string;
  conversationId: string;
  /** The idempotency key the connector sends with the message (XMPP origin-id, eXo client nonce). */
  nonce: string;
  text: string;
  queuedAt: string;
  /** Attempts started so far: above zero, an earlier attempt may have reached the server. */
  attempts: number;
  nextAttemptAt: string;
  failed: boolean;
  error: string | null;
}

interface TaskRow {
  message_id: string;
  account_id: string;
  conversation_id: string;
  nonce: string;
  text: string;
  queued_at: number;
  attempts: number;
  next_attempt_at: number;
  failed: number;
  error: string | null;
}

const toTask = (row: TaskRow): ChatTask => ({
  messageId: row.message_id,
  accountId: row.account_id,
  conversationId: row.conversation_id,
  nonce: row.nonce,
  text: row.text,
  queuedAt: toIso(row.queued_at),
  attempts: row.attempts,
  nextAttemptAt: toIso(row.next_attempt_at),
  failed: row.failed === 1,
  error: row.error,
});

/** The chat outbox. The message row's `delivery` mirrors each task's state for the renderer. */
export function chatOutboxRepository(db: Database) {
  const insert = db.prepare(`
    INSERT INTO chat_outbox (message_id, account_id, conversation_id, nonce, text, queued_at, attempts,
                             next_attempt_at, failed, error)
    VALUES (:messageId, :accountId, :conversationId, :nonce, :text, :queuedAt, 0, :queuedAt, 0, NULL)`);
  const pending = db.prepare('SELECT * FROM chat_outbox WHERE account_id = ? AND failed = 0 ORDER BY queued_at, rowid');
  const one = db.prepare('SELECT * FROM chat_outbox WHERE message_id = ?');
  const countQueued = db.prepare('SELECT count(*) AS n FROM chat_outbox WHERE failed = 0');
  const start = db.prepare('UPDATE chat_outbox SET attempts = attempts + 1 WHERE message_id = ?');
  const postpone = db.prepare('UPDATE chat_outbox SET next_attempt_at = ?, error = ? WHERE message_id = ?');
  const setFailed = db.prepare('UPDATE chat_outbox SET failed = 1, error = ? WHERE message_id = ?');
  const reset = db.prepare('UPDATE chat_outbox SET failed = 0, error = NULL, next_attempt_at = ? WHERE message_id = ?');
  const remove = db.prepare('DELETE FROM chat_outbox WHERE message_id = ?');
  const delivery = db.prepare('UPDATE chat_messages SET delivery = ? WHERE id = ?');

  return {
    add(task: Pick<ChatTask, 'messageId' | 'accountId' | 'conversationId' | 'nonce' | 'text' | 'queuedAt'>): void {
      insert.run({ ...task, queuedAt: toMs(task.queuedAt) });
    },

    /** The account's tasks still to send, oldest first (due or not: order matters in a conversation). */
    pending(accountId: string): ChatTask[] {
      return (pending.all(accountId) as unknown as TaskRow[]).map(toTask);
    },

    get(messageId: string): ChatTask | undefined {
      const row = one.get(messageId) as TaskRow | undefined;
      return row && toTask(row);
    },

    /** Messages queued across accounts (failed ones excepted). */
    queuedCount(): number {
      return (countQueued.get() as { n: number }).n;
    },

    /** Records an attempt before any network I/O, so that a crash during it still counts. */
    startAttempt(messageId: string): void {
      start.run(messageId);
    },

    postpone(messageId: string, nextAttemptAt: Date, error: string | null): void {
      postpone.run(nextAttemptAt.getTime(), error, messageId);
    },

    /** Stops automatic retries; the message shows as failed until the user retries it. */
    fail(messageId: string, error: string): void {
      setFailed.run(error, messageId);
      delivery.run('failed', messageId);
    },

    retry(messageId: string, now: Date): boolean {
      const changed = reset.run(now.getTime(), messageId).changes > 0;
      if (changed) delivery.run('queued', messageId);
      return changed;
    },

    /** The server has the message. */
    done(messageId: string): void {
      remove.run(messageId);
      delivery.run(null, messageId);
    },
  };
}

export type ChatOutboxRepository = ReturnType<typeof chatOutboxRepository>;
