import type {
  AttachmentInfo,
  FolderRole,
  MailAddress,
  MailFolder,
  MailMessage,
  MailSummary,
  Page,
} from '../../core/model';
import type { Database } from '../db';
import type { MailFolderRecord, MailMessageRecord } from '../records';
import { flag, parseJson, toIso, toMs } from '../rows';

interface FolderRow {
  id: string;
  account_id: string;
  parent_id: string | null;
  name: string;
  path: string;
  role: string | null;
  total: number;
  unread: number;
}

interface SummaryRow {
  id: string;
  account_id: string;
  folder_id: string;
  thread_id: string;
  subject: string;
  from_name: string | null;
  from_address: string;
  to_json: string;
  date: number;
  snippet: string;
  unread: number;
  flagged: number;
  has_attachments: number;
}

interface MessageRow extends SummaryRow {
  cc_json: string;
  body_text: string | null;
  body_html: string | null;
  body_fetched: number;
  reply_to_json: string | null;
  remote_content_allowed: number;
}

interface AttachmentRow {
  id: string;
  name: string;
  size: number;
  mime_type: string;
  inline: number;
  content_id: string | null;
}

const SNIPPET_LENGTH = 160;

/**
 * The mail_fts rowid of a message an INSERT adds (migration 003): its date in seconds, then the low 20 bits of the
 * seq the row is about to get, so that search can list the newest matches first without ranking them all. An
 * INSERT … SELECT of several rows gives each its `position` (1, 2, …: row_number()); the subquery runs once.
 */
export const ftsKeyOf = (dateMs: string, position = '1') =>
  `(${dateMs} / 1000) * 1048576 + (((SELECT coalesce(max(seq), 0) FROM messages) + ${position}) % 1048576)`;
const summaryColumns =
  'id, account_id, folder_id, thread_id, subject, from_name, from_address, to_json, date, snippet, unread, flagged, has_attachments';

export function mailRepository(db: Database) {
  const upsertFolder = db.prepare(`
    INSERT INTO mail_folders (id, account_id, parent_id, name, path, role)
    VALUES (:id, :accountId, :parentId, :name, :path, :role)
    ON CONFLICT(id) DO UPDATE SET parent_id = excluded.parent_id, name = excluded.name,
      path = excluded.path, role = excluded.role`);
  const foldersWithCounts = db.prepare(`
    SELECT f.id, f.account_id, f.parent_id, f.name, f.path, f.role,
           coalesce(c.total, 0) AS total, coalesce(c.unread, 0) AS unread
    FROM mail_folders f
    LEFT JOIN (SELECT folder_id, count(*) AS total, sum(unread) AS unread FROM messages GROUP BY folder_id) c
      ON c.folder_id = f.id
    WHERE :accountId IS NULL OR f.account_id = :accountId`);
  const folderExists = db.prepare('SELECT 1 FROM mail_folders WHERE id = ?');
  const countInFolder = db.prepare('SELECT count(*) AS total FROM messages WHERE folder_id = ?');
  const pageInFolder = db.prepare(`
    SELECT ${summaryColumns} FROM messages WHERE folder_id = ?
    ORDER BY date DESC, seq DESC LIMIT ? OFFSET ?`);
  const selectMessage = db.prepare(`
    SELECT m.${summaryColumns.replaceAll(', ', ', m.')}, m.cc_json, b.body_text, b.body_html, m.body_fetched,
           m.reply_to_json,
           m.remote_content_allowed OR EXISTS (SELECT 1 FROM mail_remote_content_senders s
             WHERE s.account_id = m.account_id AND s.address = lower(m.from_address)) AS remote_content_allowed
    FROM messages m LEFT JOIN message_bodies b ON b.message_id = m.id WHERE m.id = ?`);
  const selectAttachments = db.prepare(
    'SELECT id, name, size, mime_type, inline, content_id FROM attachments WHERE message_id = ? ORDER BY position',
  );
  const threadMessages = db.prepare(`SELECT ${summaryColumns} FROM messages WHERE thread_id = ? ORDER BY date, seq`);
  const upsertMessage = db.prepare(`
    INSERT INTO messages (id, account_id, folder_id, thread_id, subject, from_name, from_address, to_json, cc_json,
                          date, snippet, unread, flagged, has_attachments, fts_key)
    VALUES (:id, :accountId, :folderId, :threadId, :subject, :fromName, :fromAddress, :to, :cc,
            :date, :snippet, :unread, :flagged, :hasAttachments, ${ftsKeyOf(':date')})
    ON CONFLICT(id) DO UPDATE SET folder_id = excluded.folder_id, thread_id = excluded.thread_id,
      subject = excluded.subject, from_name = excluded.from_name, from_address = excluded.from_address,
      to_json = excluded.to_json, cc_json = excluded.cc_json, date = excluded.date, snippet = excluded.snippet,
      unread = excluded.unread, flagged = excluded.flagged, has_attachments = excluded.has_attachments`);
  const upsertBody = db.prepare(`
    INSERT INTO message_bodies (message_id, body_text, body_html) VALUES (?, ?, ?)
    ON CONFLICT(message_id) DO UPDATE SET body_text = excluded.body_text, body_html = excluded.body_html`);
  const deleteAttachments = db.prepare('DELETE FROM attachments WHERE message_id = ?');
  const insertAttachment = db.prepare(
    'INSERT INTO attachments (id, message_id, position, name, size, mime_type) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const updateFlags = db.prepare(`
    UPDATE messages SET unread = coalesce(:unread, unread), flagged = coalesce(:flagged, flagged)
    WHERE id = :id RETURNING folder_id`);

  return {
    putFolders(accountId: string, folders: MailFolderRecord[]): void {
      // Parents first, so that the parent_id foreign key holds whatever order the connector used.
      for (const folder of sortParentsFirst(folders)) {
        upsertFolder.run({
          id: folder.id,
          accountId,
          parentId: folder.parentId,
          name: folder.name,
          path: folder.path,
          role: folder.role,
        });
      }
    },

    /** Folders with live counts, each parent followed by its children (well-known roles first). */
    folders(accountId: string | null): MailFolder[] {
      const rows = foldersWithCounts.all({ accountId }) as unknown as FolderRow[];
      return treeOrder(rows.map(toFolder));
    },

    hasFolder(id: string): boolean {
      return folderExists.get(id) !== undefined;
    },

    list(folderId: string, offset: number, limit: number): Page<MailSummary> {
      const { total } = countInFolder.get(folderId) as { total: number };
      const rows = pageInFolder.all(folderId, limit, offset) as unknown as SummaryRow[];
      return { items: rows.map(toSummary), total };
    },

    get(id: string): MailMessage | undefined {
      const row = selectMessage.get(id) as MessageRow | undefined;
      if (!row) return undefined;
      const attachments = (selectAttachments.all(id) as unknown as AttachmentRow[]).map(toAttachment);
      return {
        ...toSummary(row),
        cc: parseJson<MailAddress[]>(row.cc_json),
        bodyText: row.body_text ?? '',
        bodyHtml: row.body_html,
        attachments,
        bodyAvailable: row.body_fetched === 1,
        remoteContentAllowed: row.remote_content_allowed === 1,
        replyTo: row.reply_to_json === null ? [] : parseJson<MailAddress[]>(row.reply_to_json),
      };
    },

    /** Every message of a conversation, oldest first, whatever its folder. */
    thread(threadId: string): MailSummary[] {
      return (threadMessages.all(threadId) as unknown as SummaryRow[]).map(toSummary);
    },

    putMessages(accountId: string, messages: MailMessageRecord[]): void {
      for (const message of messages) {
        upsertMessage.run({
          id: message.id,
          accountId,
          folderId: message.folderId,
          threadId: message.threadId,
          subject: message.subject,
          fromName: message.from.name ?? null,
          fromAddress: message.from.address,
          to: JSON.stringify(message.to),
          cc: JSON.stringify(message.cc),
          date: toMs(message.date),
          snippet: message.snippet ?? snippetOf(message.bodyText),
          unread: flag(message.unread),
          flagged: flag(message.flagged),
          hasAttachments: flag(message.attachments.length > 0),
        });
        upsertBody.run(message.id, message.bodyText, message.bodyHtml);
        deleteAttachments.run(message.id);
        message.attachments.forEach((attachment, position) => {
          insertAttachment.run(
            attachment.id,
            message.id,
            position,
            attachment.name,
            attachment.size,
            attachment.mimeType,
          );
        });
      }
    },

    /** Changes the flags of the given messages; returns the folders whose counts may have changed. */
    setFlags(ids: string[], flags: { unread?: boolean; flagged?: boolean }): string[] {
      const folderIds = new Set<string>();
      const unread = flags.unread === undefined ? null : flag(flags.unread);
      const flagged = flags.flagged === undefined ? null : flag(flags.flagged);
      for (const id of ids) {
        const row = updateFlags.get({ id, unread, flagged }) as { folder_id: string } | undefined;
        if (row) folderIds.add(row.folder_id);
      }
      return [...folderIds];
    },
  };
}

export type MailRepository = ReturnType<typeof mailRepository>;

export function snippetOf(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= SNIPPET_LENGTH ? flat : `${flat.slice(0, SNIPPET_LENGTH - 1).trimEnd()}…`;
}

function toAttachment(row: AttachmentRow): AttachmentInfo {
  const attachment: AttachmentInfo = { id: row.id, name: row.name, size: row.size, mimeType: row.mime_type };
  if (row.inline === 1) attachment.inline = true;
  if (row.content_id !== null) attachment.contentId = row.content_id;
  return attachment;
}

function toFolder(row: FolderRow): MailFolder {
  return {
    id: row.id,
    accountId: row.account_id,
    name: row.name,
    path: row.path,
    role: row.role as FolderRole | null,
    parentId: row.parent_id,
    unread: row.unread,
    total: row.total,
  };
}

function toSummary(row: SummaryRow): MailSummary {
  const from: MailAddress =
    row.from_name === null ? { address: row.from_address } : { name: row.from_name, address: row.from_address };
  return {
    id: row.id,
    accountId: row.account_id,
    folderId: row.folder_id,
    threadId: row.thread_id,
    subject: row.subject,
    from,
    to: parseJson<MailAddress[]>(row.to_json),
    date: toIso(row.date),
    snippet: row.snippet,
    unread: row.unread === 1,
    flagged: row.flagged === 1,
    hasAttachments: row.has_attachments === 1,
  };
}

const roleOrder: Record<FolderRole, number> = {
  inbox: 0,
  drafts: 1,
  sent: 2,
  outbox: 3,
  archive: 4,
  junk: 5,
  trash: 6,
};

const collator = new Intl.Collator('fr', { sensitivity: 'base', numeric: true });

function treeOrder(folders: MailFolder[]): MailFolder[] {
  const byParent = new Map<string | null, MailFolder[]>();
  const ids = new Set(folders.map((folder) => folder.id));
  for (const folder of folders) {
    const parent = folder.parentId !== null && ids.has(folder.parentId) ? folder.parentId : null;
    byParent.set(parent, [...(byParent.get(parent) ?? []), folder]);
  }
  const rank = (folder: MailFolder) => (folder.role === null ? 100 : roleOrder[folder.role]);
  const ordered: MailFolder[] = [];
  const visit = (parent: string | null) => {
    const children = (byParent.get(parent) ?? []).sort(
      (a, b) => a.accountId.localeCompare(b.accountId) || rank(a) - rank(b) || collator.compare(a.name, b.name),
    );
    for (const child of children) {
      ordered.push(child);
      visit(child.id);
    }
  };
  visit(null);
  return ordered;
}

function sortParentsFirst(folders: MailFolderRecord[]): MailFolderRecord[] {
  const pending = new Map(folders.map((folder) => [folder.id, folder]));
  const ordered: MailFolderRecord[] = [];
  const place = (folder: MailFolderRecord) => {
    if (!pending.delete(folder.id)) return;
    const parent = folder.parentId === null ? undefined : pending.get(folder.parentId);
    if (parent) place(parent);
    ordered.push(folder);
  };
  folders.forEach(place);
  return ordered;
}
