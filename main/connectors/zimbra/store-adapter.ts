// The Zimbra connector's view of the profile store, for one account: the shared files, people and events
// tables, and the per-account `sync_state` for the sync token, the GAL token and what the connector remembers
// of each document. Removals and replacements the repositories do not offer yet are plain statements on those
// tables, limited to the account's own rows.
import { syncStateRepository } from '../../store/repositories/sync-state';
import type { Store } from '../../store/store';
import type { ConnectorState, ZimbraSink } from './account';

export interface ZimbraStoreOptions {
  store: Store;
  accountId: string;
}

export function zimbraStateOf({ store, accountId }: ZimbraStoreOptions): ConnectorState {
  const syncState = syncStateRepository(store.db);
  return {
    get: (key) => syncState.get(accountId, `zimbra:${key}`),
    set: (key, value) => syncState.set(accountId, `zimbra:${key}`, value),
  };
}

export function zimbraSinkOf({ store, accountId }: ZimbraStoreOptions): ZimbraSink {
  const db = store.db;
  const deleteFile = db.prepare('DELETE FROM files WHERE id = ? AND account_id = ?');
  // The account's own files (not those of spaces, which another port mirrors).
  const ownFileIds = db.prepare('SELECT id FROM files WHERE account_id = ? AND space_id IS NULL');
  const deletePerson = db.prepare('DELETE FROM people WHERE id = ? AND account_id = ?');
  const eventIdsBetween = db.prepare('SELECT id FROM events WHERE account_id = ? AND start_at >= ? AND start_at < ?');
  const deleteEvent = db.prepare('DELETE FROM events WHERE id = ? AND account_id = ?');
  const ids = (rows: unknown[]) => (rows as { id: string }[]).map((row) => row.id);
  const owned = <T extends { id: string }>(records: T[]) => {
    if (records.some((record) => !record.id.startsWith(`${accountId}:`))) {
      throw new Error(`Record outside account ${accountId}`);
    }
    return records;
  };

  return {
    putFiles: (records) => store.transaction(() => store.files.put(accountId, owned(records))),
    removeFiles: (list) => store.transaction(() => list.forEach((id) => deleteFile.run(id, accountId))),
    replaceFiles(records) {
      store.transaction(() => {
        const keep = new Set(owned(records).map((record) => record.id));
        for (const id of ids(ownFileIds.all(accountId))) if (!keep.has(id)) deleteFile.run(id, accountId);
        store.files.put(accountId, records);
      });
    },
    replaceEvents(from, to, records) {
      store.transaction(() => {
        const keep = new Set(owned(records).map((record) => record.id));
        for (const id of ids(eventIdsBetween.all(accountId, Date.parse(from), Date.parse(to)))) {
          if (!keep.has(id)) deleteEvent.run(id, accountId);
        }
        store.calendar.put(accountId, records);
      });
    },
    putPeople: (records) => store.transaction(() => store.people.put(accountId, owned(records))),
    removePeople: (list) => store.transaction(() => list.forEach((id) => deletePerson.run(id, accountId))),
  };
}
