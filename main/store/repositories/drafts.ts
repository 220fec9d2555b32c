// Drafts as the user writes them, kept locally first: saved on every change (cheap), pushed to the server's
// Drafts folder when online, and handed to the outbox when sent.
import type { DraftContent, DraftState } from '../../core/model';
import type { Database } from '../db';
import { parseJson } from '../rows';

export interface DraftRecord {
  id: string;
  accountId: string;
  /** Message-ID of every server copy of the draft, and of the mail once queued. */
  messageId: string;
  content: DraftContent;
  revision: number;
  /** The revision whose copy the server's Drafts folder holds (0: none). */
  syncedRevision: number;
  state: DraftState;
  createdAt: number;
  updatedAt: number;
}

interface DraftRow {
  id: string;
  account_id: string;
  message_id: string;
  content: string;
  revision: number;
  synced_revision: number;
  state: string;
  created_at: number;
  updated_at: number;
}

const toDraft = (row: DraftRow): DraftRecord => ({
  id: row.id,
  accountId: row.account_id,
  messageId: row.message_id,
  content: parseJson<DraftContent>(row.content),
  revision: row.revision,
  syncedRevision: row.synced_revision,
  state: row.state as DraftState,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

export function draftsRepository(db: Database) {
  const insert = db.prepare(`
    INSERT INTO mail_drafts (id, account_id, message_id, content, revision, synced_revision, state, created_at, updated_at)
    VALUES (?, ?, ?, ?, 1, 0, 'editing', ?, ?)`);
  const update = db.prepare(`
    UPDATE mail_drafts SET content = ?, revision = revision + 1, updated_at = ? WHERE id = ? AND state = 'editing'`);
  const rewrite = db.prepare(
    'UPDATE mail_drafts SET content = ?, message_id = ?, revision = revision + 1, updated_at = ? WHERE id = ?',
  );
  const byId = db.prepare('SELECT * FROM mail_drafts WHERE id = ?');
  const byMessageId = db.prepare('SELECT * FROM mail_drafts WHERE account_id = ? AND message_id = ?');
  const list = db.prepare(`
    SELECT * FROM mail_drafts WHERE (:accountId IS NULL OR account_id = :accountId) AND state = 'editing'
    ORDER BY updated_at DESC`);
  const setState = db.prepare('UPDATE mail_drafts SET state = ?, message_id = ?, updated_at = ? WHERE id = ?');
  const markSynced = db.prepare(
    'UPDATE mail_drafts SET synced_revision = max(synced_revision, ?) WHERE id = ? AND message_id = ?',
  );
  const resetSynced = db.prepare('UPDATE mail_drafts SET synced_revision = 0 WHERE id = ?');
  const remove = db.prepare('DELETE FROM mail_drafts WHERE id = ?');

  return {
    create(draft: { id: string; accountId: string; messageId: string; content: DraftContent }, now: number): void {
      insert.run(draft.id, draft.accountId, draft.messageId, JSON.stringify(draft.content), now, now);
    },
    /** Saves new content as the next revision; false when the draft is gone or queued (no longer editable). */
    update(id: string, content: DraftContent, now: number): boolean {
      return update.run(JSON.stringify(content), now, id).changes > 0;
    },
    /** New content and Message-ID whatever the state (what the outbox keeps of a partly refused mail). */
    rewrite(id: string, content: DraftContent, messageId: string, now: number): void {
      rewrite.run(JSON.stringify(content), messageId, now, id);
    },
    get(id: string): DraftRecord | undefined {
      const row = byId.get(id) as DraftRow | undefined;
      return row && toDraft(row);
    },
    byMessageId(accountId: string, messageId: string): DraftRecord | undefined {
      const row = byMessageId.get(accountId, messageId) as DraftRow | undefined;
      return row && toDraft(row);
    },
    /** Drafts being written (not those in the outbox), most recent first. */
    list(accountId: string | null): DraftRecord[] {
      return (list.all({ accountId }) as unknown as DraftRow[]).map(toDraft);
    },
    setState(id: string, state: DraftState, messageId: string, now: number): void {
      setState.run(state, messageId, now, id);
    },
    /** Records that the server holds this revision (unless the draft got another Message-ID meanwhile). */
    markSynced(id: string, messageId: string, revision: number): void {
      markSynced.run(revision, id, messageId);
    },
    /** The server copy is gone or stale (a new Message-ID): the next push starts over. */
    resetSynced(id: string): void {
      resetSynced.run(id);
    },
    remove(id: string): boolean {
      return remove.run(id).changes > 0;
    },
  };
}

export type DraftsRepository = ReturnType<typeof draftsRepository>;
