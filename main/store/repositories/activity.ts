import type { ActivityItem, ActivityKind, DeepLink, RailApp } from '../../core/model';
import type { Database } from '../db';
import type { ActivityRecord } from '../records';
import { flag, pickPerson, personSelect, toIso, toMs } from '../rows';

const FEED_LENGTH = 200;

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
  };
}

export type ActivityRepository = ReturnType<typeof activityRepository>;
