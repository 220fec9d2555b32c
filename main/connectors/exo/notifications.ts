// Web notifications (brief §3.4, F13) become the Activity feed: structured JSON from 6.5, an HTML list before
// (6.0–6.4), told apart by the shape of the answer rather than by a version number.
import { z } from 'zod';
import type { ActivityKind } from '../../core/model';
import type { ActivityRecord, PersonRecord } from '../../store/records';
import type { ExoRest } from './client';
import { decodeEntities, plainText } from '../../core/spaces/rich-text';
import type { ExoIds } from './ids';
import { personOf } from './social';

const PATH = '/portal/rest/notifications/webNotifications';

const jsonNotification = z.object({
  id: z.union([z.string(), z.number()]).transform(String),
  plugin: z.string().nullish(),
  html: z.string().nullish(),
  title: z.string().nullish(),
  read: z.boolean().nullish(),
  created: z.number().nullish(),
  parameters: z.record(z.string(), z.unknown()).nullish(),
  from: z.object({ username: z.string(), fullname: z.string().nullish(), email: z.string().nullish() }).nullish(),
  space: z
    .object({ id: z.union([z.string(), z.number()]).transform(String), displayName: z.string().nullish() })
    .nullish(),
});

const answerSchema = z.object({
  notifications: z.array(z.union([z.object({ notification: z.string() }), jsonNotification])),
  badge: z.number().nullish(),
});

export type NotificationsApi = 'json' | 'html';

export function kindOfPlugin(plugin: string): ActivityKind {
  if (/mention/i.test(plugin)) return 'mention';
  if (/comment|reply/i.test(plugin)) return 'reply';
  if (/file|document|share|attach/i.test(plugin)) return 'document';
  if (/agenda|event|meeting/i.test(plugin)) return 'meeting';
  return 'post';
}

export class Notifications {
  /** Found from the first answer's shape (brief §1.9): `notification` (HTML string) or `id`. */
  api: NotificationsApi | null = null;

  constructor(
    private readonly rest: ExoRest,
    private readonly ids: ExoIds,
    private readonly now: () => Date,
  ) {}

  async list(limit: number): Promise<{ items: ActivityRecord[]; people: PersonRecord[]; badge: number }> {
    const { body } = await this.rest.json(PATH, { query: { offset: 0, limit } });
    const parsed = answerSchema.safeParse(body);
    if (!parsed.success) return { items: [], people: [], badge: 0 };
    const items: ActivityRecord[] = [];
    const people: PersonRecord[] = [];
    for (const entry of parsed.data.notifications) {
      if ('notification' in entry) {
        this.api = 'html';
        const found = this.fromHtml(entry.notification);
        if (found) items.push(found.item);
        if (found?.actor) people.push(found.actor);
        continue;
      }
      this.api = 'json';
      if (entry.from) people.push(personOf(this.ids, entry.from));
      items.push(this.fromJson(entry));
    }
    return { items, people, badge: parsed.data.badge ?? 0 };
  }

  async markRead(remoteIds: string[]): Promise<void> {
    for (const id of remoteIds) {
      const path = `${PATH}/${encodeURIComponent(id)}`;
      if (this.api === 'html') {
        // 6.0–6.4: the operation is the text/plain body (brief §3.4).
        await this.rest.call(path, { method: 'PATCH', text: 'markAsRead', accept: [401, 404] }, false);
      } else {
        await this.rest.call(path, { method: 'PATCH', query: { operation: 'markAsRead' }, accept: [401, 404] }, false);
      }
    }
  }

  private fromJson(entry: z.infer<typeof jsonNotification>): ActivityRecord {
    const text = plainText(entry.html ?? entry.title ?? '');
    const activityId = typeof entry.parameters?.activityId === 'string' ? entry.parameters.activityId : null;
    const spaceId = entry.space?.id ?? null;
    return {
      id: this.ids.of('notification', entry.id),
      kind: kindOfPlugin(entry.plugin ?? ''),
      actorId: entry.from ? this.ids.of('user', entry.from.username) : this.ids.of('user', ''),
      title: text,
      summary: entry.space?.displayName ?? '',
      at: new Date(entry.created ?? this.now().getTime()).toISOString(),
      unread: entry.read !== true,
      target:
        activityId && spaceId
          ? { app: 'teams', id: this.ids.of('post', activityId), parentId: this.ids.of('space', spaceId) }
          : { app: 'activity', id: this.ids.of('notification', entry.id) },
    };
  }

  /** 6.0–6.4: `<li class="unread …" data-id="…">…</li>`, no date and no structure: the actor is only a name. */
  private fromHtml(html: string): { item: ActivityRecord; actor: PersonRecord | null } | null {
    const id = /data-id="([^"]+)"/.exec(html)?.[1];
    if (!id) return null;
    const name = plainText(/<strong[^>]*>([\s\S]*?)<\/strong>/.exec(html)?.[1] ?? '');
    const actor = name ? { id: this.ids.of('user', `~${name}`), name } : null;
    const item: ActivityRecord = {
      id: this.ids.of('notification', decodeEntities(id)),
      kind: 'post',
      actorId: actor?.id ?? this.ids.of('user', ''),
      title: plainText(html),
      summary: '',
      at: this.now().toISOString(),
      unread: /class="[^"]*\bunread\b/.test(html),
      target: { app: 'activity', id: this.ids.of('notification', decodeEntities(id)) },
    };
    return { item, actor };
  }
}
