// The store side of a mail server's sync: folders by path, a cursor per folder, headers keyed by folder + UID,
// flags, expunges, and bodies fetched later. Message ids are `<folderId>:<uidValidity>:<uid>` when first seen
// and never change after, even when the message moves (its server place is in remote_folder_id + uid).
import { hash } from 'node:crypto';
import type {
  BodyParts,
  FolderCursor,
  FolderSyncTarget,
  LocalMessageState,
  MailSyncTarget,
  MessageRef,
  RemoteFlags,
  RemoteFolder,
  RemoteHeader,
} from '../../core/mail/remote';
import { mailPeople } from '../migrations/001-initial';
import { transaction, type Database } from '../db';
import { flag, toMs } from '../rows';
import { ftsKeyOf, snippetOf } from './mail';
import type { BulkStatement, BulkWriter } from './mail-bulk-writer';

export const folderIdOf = (accountId: string, path: string) => `${accountId}:${path}`;

interface CursorRow {
  uid_validity: string;
  uid_next: number;
  highest_modseq: string | null;
  messages: number;
  flags_checked_at: number;
}

/** Where a message's body and attachments are on the server, to fetch them. */
export interface RemoteLocation extends MessageRef {
  messageId: string;
  accountId: string;
  folderId: string;
  bodyParts: BodyParts | null;
  bodyFetched: boolean;
}

/** With a bulk writer, headers are stored on its connection (in a worker thread), overlapping with the sync. */
export function mailSyncRepository(db: Database, bulk?: BulkWriter) {
  const folderRows = db.prepare('SELECT id, path FROM mail_folders WHERE account_id = ?');
  const upsertFolder = db.prepare(`
    INSERT INTO mail_folders (id, account_id, parent_id, name, path, role, selectable)
    VALUES (:id, :accountId, :parentId, :name, :path, :role, :selectable)
    ON CONFLICT(id) DO UPDATE SET parent_id = excluded.parent_id, name = excluded.name, role = excluded.role,
      selectable = excluded.selectable`);
  const deleteFolder = db.prepare('DELETE FROM mail_folders WHERE id = ?');
  const folderExists = db.prepare('SELECT 1 FROM mail_folders WHERE id = ?');
  const selectCursor = db.prepare('SELECT * FROM mail_folder_sync WHERE folder_id = ?');
  const upsertCursor = db.prepare(`
    INSERT INTO mail_folder_sync (folder_id, uid_validity, uid_next, highest_modseq, messages, flags_checked_at)
    VALUES (?, ?, ?, ?, ?, ?)
    ON CONFLICT(folder_id) DO UPDATE SET uid_validity = excluded.uid_validity, uid_next = excluded.uid_next,
      highest_modseq = excluded.highest_modseq, messages = excluded.messages,
      flags_checked_at = excluded.flags_checked_at`);
  const deleteCursor = db.prepare('DELETE FROM mail_folder_sync WHERE folder_id = ?');
  const knownRows = db.prepare('SELECT uid, unread, flagged, pending_ops FROM messages WHERE remote_folder_id = ?');
  const countRows = db.prepare('SELECT count(*) AS n FROM messages WHERE remote_folder_id = ?');
  const threadsOf = db.prepare(`
    SELECT message_id_header AS messageId, thread_id AS threadId FROM messages
    WHERE account_id = ? AND message_id_header IN (SELECT value FROM json_each(?))`);
  // A whole chunk of headers per statement (the rows as one JSON array): the header sync must keep the pace of
  // the server. Not indexed for search yet: indexPending() does that in batches, right after the sync.
  const insertMessagesSql = `
    INSERT INTO messages (id, account_id, folder_id, thread_id, subject, from_name, from_address, to_json, cc_json,
                          date, snippet, unread, flagged, has_attachments, remote_folder_id, uid, message_id_header,
                          in_reply_to, references_list, reply_to_json, size, body_parts, body_fetched, indexed, fts_key)
    SELECT r ->> 0, :accountId, :folderId, r ->> 1, r ->> 2, r ->> 3, r ->> 4, r -> 5, r -> 6,
           r ->> 7, '', r ->> 8, r ->> 9, r ->> 10, :folderId, r ->> 11, r ->> 12,
           r ->> 13, r ->> 14, iif(r ->> 15 IS NULL, NULL, r -> 15), r ->> 16, r -> 17, 0, 0, ${ftsKeyOf('(r ->> 7)', 'row_number() OVER ()')}
    FROM (SELECT value AS r FROM json_each(:rows))
    WHERE NOT EXISTS (SELECT 1 FROM messages WHERE remote_folder_id = :folderId AND uid = r ->> 11)
    ON CONFLICT (remote_folder_id, uid) WHERE uid IS NOT NULL DO NOTHING`;
  // Attachment ids derive from message ids: those of a message already known are already there (ignored).
  const insertAttachmentsSql = `
    INSERT OR IGNORE INTO attachments (id, message_id, position, name, size, mime_type, part, content_id, inline)
    SELECT a ->> 0, a ->> 1, a ->> 2, a ->> 3, a ->> 4, a ->> 5, a ->> 6, a ->> 7, a ->> 8
    FROM (SELECT value AS a FROM json_each(:attachments)) WHERE true`;
  const local = new Map([insertMessagesSql, insertAttachmentsSql].map((sql) => [sql, db.prepare(sql)]));
  const updateFlags = db.prepare(`
    UPDATE messages SET unread = :unread, flagged = :flagged
    WHERE remote_folder_id = :folderId AND uid = :uid AND pending_ops = 0 AND (unread <> :unread OR flagged <> :flagged)`);
  const deleteByUid = db.prepare('DELETE FROM messages WHERE remote_folder_id = ? AND uid = ? AND pending_ops = 0');
  const deleteAllOfFolder = db.prepare('DELETE FROM messages WHERE remote_folder_id = ?');
  const selectLocation = db.prepare(`
    SELECT m.id, m.account_id, m.folder_id, f.path, m.uid, m.body_parts, m.body_fetched
    FROM messages m JOIN mail_folders f ON f.id = m.remote_folder_id WHERE m.id = ?`);
  const upsertBody = db.prepare(`
    INSERT INTO message_bodies (message_id, body_text, body_html) VALUES (?, ?, ?)
    ON CONFLICT(message_id) DO UPDATE SET body_text = excluded.body_text, body_html = excluded.body_html`);
  const toIndex = db.prepare('SELECT seq FROM messages WHERE indexed = 0 LIMIT ?');
  const indexBatch = db.prepare(`
    INSERT INTO mail_fts(rowid, subject, people, body)
    SELECT m.fts_key, m.subject, ${mailPeople('m')}, coalesce(b.body_text, '')
    FROM messages m LEFT JOIN message_bodies b ON b.message_id = m.id
    WHERE m.seq IN (SELECT value FROM json_each(?))`);
  const countCorrespondents = db.prepare(`
    INSERT INTO mail_correspondents (account_id, address, name, weight, last_at)
    SELECT account_id, lower(from_address), max(from_name), count(*), max(date) FROM messages
    WHERE seq IN (SELECT value FROM json_each(?)) AND from_address <> '' GROUP BY account_id, lower(from_address)
    ON CONFLICT (account_id, address) DO UPDATE SET weight = weight + excluded.weight,
      last_at = max(last_at, excluded.last_at), name = coalesce(excluded.name, name)`);
  const markIndexed = db.prepare('UPDATE messages SET indexed = 1 WHERE seq IN (SELECT value FROM json_each(?))');
  const markBodyFetched = db.prepare(
    'UPDATE messages SET body_fetched = 1, body_parts = NULL, snippet = ? WHERE id = ?',
  );
  const selectAttachment = db.prepare(
    'SELECT message_id, part, name, mime_type, size FROM attachments WHERE id = ? AND part IS NOT NULL',
  );
  const unfetchedRecent = db.prepare(`
    SELECT id FROM messages WHERE remote_folder_id = ? AND body_fetched = 0 AND uid IS NOT NULL
    ORDER BY date DESC LIMIT ?`);

  function folderTarget(accountId: string, folderId: string): FolderSyncTarget {
    // Threads of the headers this sync stored, which may still be on their way to the database.
    const threads = new Map<string, string>();
    return {
      folderId,
      cursor() {
        const row = selectCursor.get(folderId) as CursorRow | undefined;
        return row
          ? {
              uidValidity: row.uid_validity,
              uidNext: row.uid_next,
              highestModseq: row.highest_modseq,
              messages: row.messages,
              flagsCheckedAt: row.flags_checked_at,
            }
          : null;
      },
      setCursor(cursor: FolderCursor) {
        upsertCursor.run(
          folderId,
          cursor.uidValidity,
          cursor.uidNext,
          cursor.highestModseq,
          cursor.messages,
          cursor.flagsCheckedAt,
        );
      },
      known() {
        const rows = knownRows.all(folderId) as unknown as {
          uid: number;
          unread: number;
          flagged: number;
          pending_ops: number;
        }[];
        return new Map<number, LocalMessageState>(
          rows.map((row) => [
            row.uid,
            { unread: row.unread === 1, flagged: row.flagged === 1, pending: row.pending_ops > 0 },
          ]),
        );
      },
      count() {
        return (countRows.get(folderId) as { n: number }).n;
      },
      addHeaders(uidValidity, headers) {
        if (headers.length === 0) return 0;
        const batch = headerStatements(accountId, folderId, uidValidity, headers, threads);
        if (bulk) return bulk.run(batch).then(([added]) => added ?? 0);
        return transaction(db, () => {
          const [added] = batch.map(({ sql, params }) => Number(local.get(sql)!.run(params as never).changes));
          return added ?? 0;
        });
      },
      updateFlags(flags: RemoteFlags[]) {
        return transaction(db, () => {
          let changed = 0;
          for (const { uid, unread, flagged } of flags) {
            changed += Number(updateFlags.run({ folderId, uid, unread: flag(unread), flagged: flag(flagged) }).changes);
          }
          return changed;
        });
      },
      remove(uids) {
        return transaction(db, () => uids.reduce((n, uid) => n + Number(deleteByUid.run(folderId, uid).changes), 0));
      },
      reset() {
        transaction(db, () => {
          deleteAllOfFolder.run(folderId);
          deleteCursor.run(folderId);
        });
      },
    };
  }

  /** The statements storing the headers not known yet (by folder + UID); the first one's changes are the new. */
  function headerStatements(
    accountId: string,
    folderId: string,
    uidValidity: string,
    headers: RemoteHeader[],
    recent: Map<string, string>,
  ): BulkStatement[] {
    const threads = threadsFor(accountId, headers, recent);
    const idOf = (header: RemoteHeader) => `${folderId}:${uidValidity}:${header.uid}`;
    const rows = headers.map((header) => [
      idOf(header),
      threads.get(header)!,
      header.subject,
      header.from.name ?? null,
      header.from.address,
      header.to,
      header.cc,
      toMs(header.date),
      flag(header.unread),
      flag(header.flagged),
      flag(header.attachments.some((attachment) => !attachment.inline)),
      header.uid,
      header.messageId,
      header.inReplyTo,
      header.references.length > 0 ? header.references.join(' ') : null,
      header.replyTo.length > 0 ? header.replyTo : null,
      header.size,
      header.bodyParts,
    ]);
    const statements: BulkStatement[] = [
      { sql: insertMessagesSql, params: { accountId, folderId, rows: JSON.stringify(rows) } },
    ];
    const withAttachments = headers.filter((header) => header.attachments.length > 0);
    if (withAttachments.length > 0) {
      const attachments = withAttachments.flatMap((header) =>
        header.attachments.map((attachment, position) => [
          `${idOf(header)}:${attachment.part}`,
          idOf(header),
          position,
          attachment.name,
          attachment.size,
          attachment.mimeType,
          attachment.part,
          attachment.contentId,
          flag(attachment.inline),
        ]),
      );
      statements.push({ sql: insertAttachmentsSql, params: { attachments: JSON.stringify(attachments) } });
    }
    return statements;
  }

  /**
   * Each header's thread: that of the first message it refers to that the store (or the same batch) has;
   * otherwise one named after the conversation's root (the first reference), which its other messages will
   * name too in whatever order they arrive.
   */
  function threadsFor(
    accountId: string,
    headers: RemoteHeader[],
    known: Map<string, string>,
  ): Map<RemoteHeader, string> {
    const referencedOf = (header: RemoteHeader) => [
      ...header.references,
      ...(header.inReplyTo ? [header.inReplyTo] : []),
    ];
    const wanted = [...new Set(headers.flatMap(referencedOf))].filter((messageId) => !known.has(messageId));
    if (wanted.length > 0) {
      for (const row of threadsOf.all(accountId, JSON.stringify(wanted)) as unknown as {
        messageId: string;
        threadId: string;
      }[]) {
        known.set(row.messageId, row.threadId);
      }
    }
    const threads = new Map<RemoteHeader, string>();
    for (const header of headers) {
      const referenced = referencedOf(header);
      const found = referenced.map((messageId) => known.get(messageId)).find((thread) => thread !== undefined);
      const root = referenced[0] ?? header.messageId ?? `${header.uid}:${header.date}:${header.subject}`;
      const thread = found ?? `${accountId}:thread:${hash('sha1', root, 'base64url').slice(0, 16)}`;
      threads.set(header, thread);
      if (header.messageId && !known.has(header.messageId)) known.set(header.messageId, thread);
    }
    return threads;
  }

  return {
    target(accountId: string): MailSyncTarget {
      return {
        putFolders(folders: RemoteFolder[]) {
          transaction(db, () => {
            const existing = folderRows.all(accountId) as unknown as { id: string; path: string }[];
            const wanted = new Set(folders.map((folder) => folder.path));
            for (const folder of sortParentsFirst(folders)) {
              const parentPath = folder.parentPath !== null && wanted.has(folder.parentPath) ? folder.parentPath : null;
              upsertFolder.run({
                id: folderIdOf(accountId, folder.path),
                accountId,
                parentId: parentPath === null ? null : folderIdOf(accountId, parentPath),
                name: folder.name,
                path: folder.path,
                role: folder.role,
                selectable: flag(folder.selectable),
              });
            }
            for (const row of existing) if (!wanted.has(row.path)) deleteFolder.run(row.id);
          });
        },
        folder(path: string) {
          const folderId = folderIdOf(accountId, path);
          return folderExists.get(folderId) ? folderTarget(accountId, folderId) : null;
        },
      };
    },

    location(messageId: string): RemoteLocation | undefined {
      const row = selectLocation.get(messageId) as
        | {
            id: string;
            account_id: string;
            folder_id: string;
            path: string;
            uid: number | null;
            body_parts: string | null;
            body_fetched: number;
          }
        | undefined;
      if (!row || row.uid === null) return undefined;
      return {
        messageId: row.id,
        accountId: row.account_id,
        folderId: row.folder_id,
        path: row.path,
        uid: row.uid,
        bodyParts: row.body_parts === null ? null : (JSON.parse(row.body_parts) as BodyParts),
        bodyFetched: row.body_fetched === 1,
      };
    },

    putBody(messageId: string, text: string, html: string | null): void {
      transaction(db, () => {
        upsertBody.run(messageId, text, html);
        markBodyFetched.run(snippetOf(text), messageId);
      });
    },

    /** Indexes for search (and counts as correspondents) up to `limit` messages a sync added; how many it did. */
    indexPending(limit: number): number {
      return transaction(db, () => {
        const seqs = JSON.stringify((toIndex.all(limit) as unknown as { seq: number }[]).map((row) => row.seq));
        const count = Number(markIndexed.run(seqs).changes);
        if (count > 0) {
          indexBatch.run(seqs);
          countCorrespondents.run(seqs);
        }
        return count;
      });
    },

    /** A received attachment: its message and body part. */
    attachment(
      id: string,
    ): { messageId: string; part: string; name: string; mimeType: string; size: number } | undefined {
      const row = selectAttachment.get(id) as
        { message_id: string; part: string; name: string; mime_type: string; size: number } | undefined;
      return (
        row && { messageId: row.message_id, part: row.part, name: row.name, mimeType: row.mime_type, size: row.size }
      );
    },

    /** The most recent messages of a folder whose body is not local yet (prefetch for offline reading). */
    unfetched(folderId: string, limit: number): string[] {
      return (unfetchedRecent.all(folderId, limit) as unknown as { id: string }[]).map((row) => row.id);
    },
  };
}

export type MailSyncRepository = ReturnType<typeof mailSyncRepository>;

/** Parents before their children, so that the parent_id foreign key holds. */
function sortParentsFirst(folders: RemoteFolder[]): RemoteFolder[] {
  const byPath = new Map(folders.map((folder) => [folder.path, folder]));
  const depth = (folder: RemoteFolder): number => {
    let levels = 0;
    for (let parent = folder.parentPath; parent !== null && levels < 64; levels++) {
      parent = byPath.get(parent)?.parentPath ?? null;
    }
    return levels;
  };
  return [...folders].sort((a, b) => depth(a) - depth(b));
}
