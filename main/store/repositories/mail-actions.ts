// The local phases of the user's actions on messages (move, delete, flags): applied at once so that the UI
// follows offline, with a pending count that keeps the sync from undoing them before their remote phase ran.
import type { Database } from '../db';
import { flag } from '../rows';

/** A message as a task needs it: where the user put it and where the server has it. */
export interface MessagePlace {
  id: string;
  accountId: string;
  folderId: string;
  remoteFolderId: string | null;
  remotePath: string | null;
  uid: number | null;
  unread: boolean;
  flagged: boolean;
  messageId: string | null;
  references: string[];
}

interface PlaceRow {
  id: string;
  account_id: string;
  folder_id: string;
  remote_folder_id: string | null;
  remote_path: string | null;
  uid: number | null;
  unread: number;
  flagged: number;
  message_id_header: string | null;
  references_list: string | null;
}

export function mailActionsRepository(db: Database) {
  const selectPlace = db.prepare(`
    SELECT m.id, m.account_id, m.folder_id, m.remote_folder_id, f.path AS remote_path, m.uid, m.unread, m.flagged,
           m.message_id_header, m.references_list
    FROM messages m LEFT JOIN mail_folders f ON f.id = m.remote_folder_id WHERE m.id = ?`);
  const moveTo = db.prepare('UPDATE messages SET folder_id = ? WHERE id = ?');
  const setFlags = db.prepare(`
    UPDATE messages SET unread = coalesce(:unread, unread), flagged = coalesce(:flagged, flagged) WHERE id = :id`);
  const hold = db.prepare('UPDATE messages SET pending_ops = pending_ops + 1 WHERE id = ?');
  const release = db.prepare('UPDATE messages SET pending_ops = max(pending_ops - 1, 0) WHERE id = ?');
  const relocate = db.prepare('UPDATE messages SET remote_folder_id = ?, uid = ? WHERE id = ?');
  // A sync of the destination may have seen the moved copy first, as a new message: it is this one.
  const dropCopy = db.prepare('DELETE FROM messages WHERE remote_folder_id = ? AND uid = ? AND id <> ?');
  const remove = db.prepare('DELETE FROM messages WHERE id = ?');

  return {
    place(id: string): MessagePlace | undefined {
      const row = selectPlace.get(id) as PlaceRow | undefined;
      return (
        row && {
          id: row.id,
          accountId: row.account_id,
          folderId: row.folder_id,
          remoteFolderId: row.remote_folder_id,
          remotePath: row.remote_path,
          uid: row.uid,
          unread: row.unread === 1,
          flagged: row.flagged === 1,
          messageId: row.message_id_header,
          references: row.references_list ? row.references_list.split(' ') : [],
        }
      );
    },
    move(id: string, folderId: string): void {
      moveTo.run(folderId, id);
    },
    setFlags(id: string, flags: { unread?: boolean; flagged?: boolean }): void {
      setFlags.run({
        id,
        unread: flags.unread === undefined ? null : flag(flags.unread),
        flagged: flags.flagged === undefined ? null : flag(flags.flagged),
      });
    },
    /** One more task waits to replay an action on this message. */
    hold(id: string): void {
      hold.run(id);
    },
    release(id: string): void {
      release.run(id);
    },
    /** The server moved it: its place there is now this folder and UID. */
    relocate(id: string, remoteFolderId: string, uid: number): void {
      dropCopy.run(remoteFolderId, uid, id);
      relocate.run(remoteFolderId, uid, id);
    },
    remove(id: string): void {
      remove.run(id);
    },
  };
}

export type MailActionsRepository = ReturnType<typeof mailActionsRepository>;
