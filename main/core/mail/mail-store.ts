// The mail engine's view of the profile database: its own repositories next to the shared ones.
import type { FolderRole } from '../model';
import { draftsRepository } from '../../store/repositories/drafts';
import { mailActionsRepository } from '../../store/repositories/mail-actions';
import { mailPeopleRepository } from '../../store/repositories/mail-people';
import { BulkWriter } from '../../store/repositories/mail-bulk-writer';
import { mailSyncRepository } from '../../store/repositories/mail-sync';
import { tasksRepository } from '../../store/repositories/outbox';
import type { Store } from '../../store/store';

/** The mail repositories; big syncs write on a second connection in a worker (close() ends it). */
export function openMailStore(store: Store) {
  const db = store.db;
  const location = db.location();
  const bulk = location ? new BulkWriter(location) : undefined;
  const folderByRole = db.prepare('SELECT id, path FROM mail_folders WHERE account_id = ? AND role = ?');
  const folderById = db.prepare('SELECT id, account_id, path, role FROM mail_folders WHERE id = ?');
  return {
    store,
    sync: mailSyncRepository(db, bulk),
    tasks: tasksRepository(db),
    drafts: draftsRepository(db),
    actions: mailActionsRepository(db),
    people: mailPeopleRepository(db),
    /** The account's folder with this role (Sent, Drafts, Trash…), if the server has one. */
    folderWithRole(accountId: string, role: FolderRole): { id: string; path: string } | undefined {
      return folderByRole.get(accountId, role) as { id: string; path: string } | undefined;
    },
    close: async () => bulk?.close(),
    folder(id: string): { id: string; accountId: string; path: string; role: FolderRole | null } | undefined {
      const row = folderById.get(id) as
        { id: string; account_id: string; path: string; role: string | null } | undefined;
      return row && { id: row.id, accountId: row.account_id, path: row.path, role: row.role as FolderRole | null };
    },
  };
}

export type MailStore = ReturnType<typeof openMailStore>;
