import type { ActivityItem, ActivityKind, DeepLink, RailApp } from '../../core/model';
import type { Database } from '../db';
import type { ActivityRecord } from '../records';
import type { FtsMatch } from '../fts-query';
import { flag, pickPerson, personSelect, toIso, toMs } from '../rows';

const FEED_LENGTH = 200;

/**
 * Mail that belongs in the activity feed: in an inbox, and either flagged or from someone the user has written
 * to (an address in the To/Cc of the account's sent folder). Everything else is the Mail app's business.
 */
const importantMailSql = `
  WITH written AS (
    -- CROSS JOIN keeps the sent folders first: otherwise the planner may scan every message to find theirs.
    SELECT DISTINCT s.account_id, lower(json_extract(j.value, '$.address')) AS address
    FROM mail_folders sf CROSS JOIN messages s ON s.folder_id = sf.id,
         json_each(json_array(json(s.to_json), json(s.cc_json))) lists, json_each(lists.value) j
    WHERE sf.role = 'sent')
  SELECT m.id, m.account_id, m.folder_id, m.subject, m.from_name, m.from_address, m.date, m.snippet, m.unread,
         m.flagged
  FROM mail_folders f JOIN messages m ON m.folder_id = f.id
  WHERE f.role = 'inbox' AND m.date >= :since
    AND (m.flagged = 1 OR m.account_id || ' ' || lower(m.from_address) IN (SELECT account_id || ' ' || address FROM written))
  ORDER BY m.date DESC LIMIT :limit`;

interface ImportantMailRow {
  id: string;
  account_id: string;
  folder_id: string;
  subject: string;
  from_name: string | null;
  from_address: string;
  date: number;
  snippet: string;
  unread: number;
  flagged: number;
}

/**
 * Messages of group conversations (rooms, spaces' chats) that name the user, by someone else: the chat half of
 * "mentions". A message counts as unread while it is among the conversation's `unread` newest.
 */
const chatMentionsSql = `
  SELECT x.id, x.conversation_id, x.author_id, x.text, x.sent_at, c.title, c.account_id,
         (SELECT count(*) FROM chat_messages y WHERE y.conversation_id = x.conversation_id AND y.sent_at > x.sent_at)
           < c.unread AS unread,
         ${personSelect('p', 'actor')}
  FROM (SELECT rowid FROM chat_fts WHERE chat_fts MATCH :match) s
  JOIN chat_messages x ON x.seq = s.rowid
  JOIN conversations c ON c.id = x.conversation_id
  LEFT JOIN people p ON p.id = x.author_id
  WHERE c.account_id = :accountId AND c.kind <> 'direct' AND x.author_id <> coalesce(:self, '')
  ORDER BY x.sent_at DESC LIMIT :limit`;

interface ChatMentionRow {
  id: string;
  conversation_id: string;
  author_id: string;
  text: string;
  sent_at: number;
  title: string;
  account_id: string;
  unread: number;
  [column: string]: unknown;
}

const WORD = /[\p{L}\p{N}\p{M}\p{Co}]+/u;

/** The words that name the user in a message: their first name, or their login (an address's local part). */
export function mentionMatch(selfName: string | null, address: string): FtsMatch | null {
  const words = [selfName ?? '', address.split('@')[0] ?? '']
    .map((text) => WORD.exec(text.normalize('NFC'))?.[0] ?? '')
    .filter((word) => word.length >= 2);
  if (words.length === 0) return null;
  return [...new Set(words.map((word) => word.toLowerCase()))].map((word) => `"${word}"`).join(' OR ') as FtsMatch;
}

/** An event of an account as meeting-change detection compares it (times in ms). */
export interface CalendarEntry {
  id: string;
  title: string;
  start: number;
  end: number;
  organizerId: string;
  organizerAddress: string | null;
}

export const CHAT_ACTIVITY_PREFIX = 'chat:';

/** Mail items carry this prefix so that they never collide with the ids the servers give their notifications. */
export const MAIL_ACTIVITY_PREFIX = 'mail:';

export function activityRepository(db: Database) {
  const upsert = db.prepare(`
    INSERT INTO activity (id, account_id, kind, actor_id, title, summary, at, unread, target_app, target_id, target_parent_id)
    VALUES (:id, :accountId, :kind, :actorId, :title, :summary, :at, :unread, :targetApp, :targetId, :targetParentId)
    ON CONFLICT(id) DO UPDATE SET kind = excluded.kind, actor_id = excluded.actor_id, title = excluded.title,
      summary = excluded.summary, at = excluded.at, unread = excluded.unread, target_app = excluded.target_app,
      target_id = excluded.target_id, target_parent_id = excluded.target_parent_id`);
  const feed = db.prepare(`
    SELECT a.*, ${personSelect('p', 'actor')}
    FROM activity a LEFT JOIN people p ON p.id = a.actor_id ORDER BY a.at DESC, a.id LIMIT ?`);

  const importantMail = db.prepare(importantMailSql);
  const chatMentions = db.prepare(chatMentionsSql);
  const calendarEntries = db.prepare(`
    SELECT e.id, e.title, e.start_at AS start, e.end_at AS "end", e.organizer_id AS organizerId,
           p.address AS organizerAddress
    FROM events e LEFT JOIN people p ON p.id = e.organizer_id WHERE e.account_id = ?`);
  const selves = db.prepare(`
    SELECT a.id, a.address, a.self_person_id, p.name FROM accounts a LEFT JOIN people p ON p.id = a.self_person_id`);

  return {
    put(accountId: string, records: ActivityRecord[]): void {
      for (const item of records) {
        upsert.run({
          id: item.id,
          accountId,
          kind: item.kind,
          actorId: item.actorId,
          title: item.title,
          summary: item.summary,
          at: toMs(item.at),
          unread: flag(item.unread),
          targetApp: item.target.app,
          targetId: item.target.id,
          targetParentId: item.target.parentId ?? null,
        });
      }
    },

    /** The latest items, newest first. */
    feed(limit = FEED_LENGTH): ActivityItem[] {
      return (feed.all(limit) as Record<string, unknown>[]).map((row) => {
        const target: DeepLink = { app: row.target_app as RailApp, id: row.target_id as string };
        if (row.target_parent_id !== null) target.parentId = row.target_parent_id as string;
        return {
          id: row.id as string,
          accountId: row.account_id as string,
          kind: row.kind as ActivityKind,
          actor: pickPerson(row, 'actor', row.actor_id as string),
          title: row.title as string,
          summary: row.summary as string,
          at: toIso(row.at as number),
          unread: row.unread === 1,
          target,
        };
      });
    },

    /** The latest messages naming the user in group conversations, as mentions, newest first. */
    chatMentions(limit = FEED_LENGTH): ActivityItem[] {
      const accounts = selves.all() as {
        id: string;
        address: string;
        self_person_id: string | null;
        name: string | null;
      }[];
      return accounts.flatMap((account) => {
        const match = mentionMatch(account.name, account.address);
        if (match === null) return [];
        const rows = chatMentions.all({
          match,
          accountId: account.id,
          self: account.self_person_id,
          limit,
        }) as unknown as ChatMentionRow[];
        return rows.map((row): ActivityItem => ({
          id: CHAT_ACTIVITY_PREFIX + row.id,
          accountId: row.account_id,
          kind: 'mention',
          actor: pickPerson(row, 'actor', row.author_id),
          title: row.title,
          summary: row.text,
          at: toIso(row.sent_at),
          unread: row.unread === 1,
          target: { app: 'chat', id: row.id, parentId: row.conversation_id },
        }));
      });
    },

    /** Every stored event of the account, for meeting-change detection. */
    calendarEntries(accountId: string): CalendarEntry[] {
      return calendarEntries.all(accountId) as unknown as CalendarEntry[];
    },

    /** Important mails received since `since` as activity items, newest first (see importantMailSql). */
    importantMail(since: Date, limit = FEED_LENGTH): ActivityItem[] {
      const rows = importantMail.all({ since: since.getTime(), limit }) as unknown as ImportantMailRow[];
      return rows.map((row) => ({
        id: MAIL_ACTIVITY_PREFIX + row.id,
        accountId: row.account_id,
        kind: 'mail',
        actor: {
          id: MAIL_ACTIVITY_PREFIX + row.from_address.toLowerCase(),
          name: row.from_name || row.from_address,
          address: row.from_address,
        },
        title: row.subject,
        summary: row.snippet,
        at: toIso(row.date),
        unread: row.unread === 1,
        target: { app: 'mail', id: row.id, parentId: row.folder_id },
      }));
    },
  };
}

export type ActivityRepository = ReturnType<typeof activityRepository>;
