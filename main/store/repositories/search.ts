import type { DeepLink, SearchResult } from '../../core/model';
import type { Database } from '../db';
import type { FtsMatch } from '../fts-query';
import { toIsoOrNull } from '../rows';

export type SearchableKind = SearchResult['kind'];

// Each query ranks inside the FTS table first (bm25, with LIMIT applied there), then joins the content.
// Mail and chat are the exceptions: newest first, as mail and chat clients list search results, because ranking
// every match of a common word across 100,000 mails or 50,000 chat messages is too slow to type with (mail_fts
// rowids follow dates, migration 003; chat rowids follow arrival).
// snippet() markers are empty: results carry plain text, never markup.
const queries: Record<SearchableKind, string> = {
  mail: `
    SELECT m.id, m.folder_id AS parent_id, m.subject AS title, m.date AS at,
           coalesce(nullif(s.excerpt, ''), m.snippet) AS snippet
    FROM (SELECT rowid, snippet(mail_fts, 2, '', '', '…', 16) AS excerpt
          FROM mail_fts WHERE mail_fts MATCH :match ORDER BY rowid DESC LIMIT :limit) s
    JOIN messages m ON m.fts_key = s.rowid ORDER BY s.rowid DESC`,
  chat: `
    SELECT x.id, x.conversation_id AS parent_id, c.title, x.sent_at AS at, s.excerpt AS snippet
    FROM (SELECT rowid, rank, snippet(chat_fts, 0, '', '', '…', 16) AS excerpt
          FROM chat_fts WHERE chat_fts MATCH :match ORDER BY rowid DESC LIMIT :limit) s
    JOIN chat_messages x ON x.seq = s.rowid JOIN conversations c ON c.id = x.conversation_id ORDER BY s.rowid DESC`,
  post: `
    SELECT x.id, x.space_id AS parent_id, sp.name AS title, x.posted_at AS at, s.excerpt AS snippet
    FROM (SELECT rowid, rank, snippet(post_fts, 0, '', '', '…', 16) AS excerpt
          FROM post_fts WHERE post_fts MATCH :match ORDER BY rank LIMIT :limit) s
    JOIN posts x ON x.seq = s.rowid JOIN spaces sp ON sp.id = x.space_id ORDER BY s.rank`,
  file: `
    SELECT f.id, f.parent_id, f.name AS title, f.modified_at AS at,
           coalesce(parent.name, sp.name, '') AS snippet
    FROM (SELECT rowid, rank FROM file_fts WHERE file_fts MATCH :match ORDER BY rank LIMIT :limit) s
    JOIN files f ON f.seq = s.rowid
    LEFT JOIN files parent ON parent.id = f.parent_id LEFT JOIN spaces sp ON sp.id = f.space_id
    ORDER BY s.rank`,
  person: `
    SELECT p.id, NULL AS parent_id, p.name AS title, NULL AS at,
           concat_ws(' · ', p.title, p.address) AS snippet,
           (SELECT c.id FROM conversations c JOIN conversation_members cm ON cm.conversation_id = c.id
            WHERE c.kind = 'direct' AND cm.person_id = p.id
              AND p.id NOT IN (SELECT self_person_id FROM accounts WHERE self_person_id IS NOT NULL)
            LIMIT 1) AS conversation_id
    FROM (SELECT rowid, rank FROM person_fts WHERE person_fts MATCH :match ORDER BY rank LIMIT :limit) s
    JOIN people p ON p.seq = s.rowid ORDER BY s.rank`,
  event: `
    SELECT e.id, NULL AS parent_id, e.title, e.start_at AS at,
           coalesce(nullif(s.excerpt, ''), e.location, '') AS snippet
    FROM (SELECT rowid, rank, snippet(event_fts, 2, '', '', '…', 16) AS excerpt
          FROM event_fts WHERE event_fts MATCH :match ORDER BY rank LIMIT :limit) s
    JOIN events e ON e.seq = s.rowid ORDER BY s.rank`,
};

interface HitRow {
  id: string;
  parent_id: string | null;
  title: string;
  at: number | null;
  snippet: string | null;
  conversation_id?: string | null;
}

function targetOf(kind: SearchableKind, row: HitRow): DeepLink | null {
  const withParent = (link: DeepLink): DeepLink =>
    row.parent_id === null ? link : { ...link, parentId: row.parent_id };
  switch (kind) {
    case 'mail':
      return withParent({ app: 'mail', id: row.id });
    case 'chat':
      return withParent({ app: 'chat', id: row.id });
    case 'post':
      return withParent({ app: 'teams', id: row.id });
    case 'file':
      return withParent({ app: 'files', id: row.id });
    case 'event':
      return { app: 'calendar', id: row.id };
    case 'person':
      return row.conversation_id ? { app: 'chat', id: row.conversation_id } : null;
  }
}

export function searchRepository(db: Database) {
  // The messages a server search found, by where the server has them (folder and UID), newest first.
  const mailByUids = db.prepare(`
    SELECT m.id, m.folder_id AS parent_id, m.subject AS title, m.date AS at, m.snippet
    FROM messages m
    WHERE m.remote_folder_id = :folderId AND m.uid IN (SELECT value FROM json_each(:uids))
    ORDER BY m.date DESC LIMIT :limit`);
  const statements = Object.fromEntries(
    Object.entries(queries).map(([kind, sql]) => [kind, db.prepare(sql)]),
  ) as Record<SearchableKind, ReturnType<Database['prepare']>>;

  return {
    /** Stored messages of a server folder by their UIDs (what a server search answered), newest first. */
    mailByUids(folderId: string, uids: readonly number[], limit: number): SearchResult[] {
      const rows = mailByUids.all({ folderId, uids: JSON.stringify(uids), limit }) as unknown as HitRow[];
      return rows.map((row) => ({
        kind: 'mail',
        id: row.id,
        title: row.title,
        snippet: (row.snippet ?? '').replace(/\s+/g, ' ').trim(),
        at: toIsoOrNull(row.at),
        target: targetOf('mail', row),
      }));
    },

    /** The best `limit` hits of one kind, best first. */
    search(kind: SearchableKind, match: FtsMatch, limit: number): SearchResult[] {
      const rows = statements[kind].all({ match, limit }) as unknown as HitRow[];
      return rows.map((row) => ({
        kind,
        id: row.id,
        title: row.title,
        snippet: (row.snippet ?? '').replace(/\s+/g, ' ').trim(),
        at: toIsoOrNull(row.at),
        target: targetOf(kind, row),
      }));
    },
  };
}

export type SearchRepository = ReturnType<typeof searchRepository>;
