import type { Database } from '../db';

/** Connectors' sync cursors, per account: opaque strings under keys each connector chooses. */
export function syncStateRepository(db: Database) {
  const select = db.prepare('SELECT value FROM sync_state WHERE account_id = ? AND key = ?');
  const upsert = db.prepare(`
    INSERT INTO sync_state (account_id, key, value) VALUES (?, ?, ?)
    ON CONFLICT(account_id, key) DO UPDATE SET value = excluded.value`);
  const remove = db.prepare('DELETE FROM sync_state WHERE account_id = ? AND key = ?');

  return {
    get(accountId: string, key: string): string | null {
      return (select.get(accountId, key) as { value: string } | undefined)?.value ?? null;
    },

    /** `null` forgets the key (a cursor the server refused). */
    set(accountId: string, key: string, value: string | null): void {
      if (value === null) remove.run(accountId, key);
      else upsert.run(accountId, key, value);
    },
  };
}

export type SyncStateRepository = ReturnType<typeof syncStateRepository>;
