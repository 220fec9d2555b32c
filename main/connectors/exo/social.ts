// Spaces, activity streams, comments and likes over social REST (brief §3): `/portal/rest/v1/social/*`,
// where 401 means "forbidden or not found" (handled by ExoRest) and dates are ISO strings with an offset.
import { z } from 'zod';
import { CoreError } from '../../core/errors';
import type { RemoteComment, RemotePost, RemoteSpace } from '../../core/spaces/ports';
import type { PersonRecord } from '../../store/records';
import type { ExoRest } from './client';
import { composeHtml, plainText } from '../../core/spaces/rich-text';
import type { ExoIds } from './ids';

const MAX_PAGE = 500;
export const NONCE_KEY = 'x-nonce';

const userSchema = z.object({
  username: z.string(),
  fullname: z.string().nullish(),
  email: z.string().nullish(),
  position: z.string().nullish(),
  id: z.union([z.string(), z.number()]).nullish(),
  enabled: z.boolean().nullish(),
});

const spaceSchema = z.object({
  id: z.union([z.string(), z.number()]).transform(String),
  displayName: z.string(),
  prettyName: z.string().nullish(),
  groupId: z.string().nullish(),
  description: z.string().nullish(),
  membersCount: z.number().nullish(),
  identity: z.string().nullish(),
  identityId: z.union([z.string(), z.number()]).nullish(),
});

const commentSchema = z.object({
  id: z.union([z.string(), z.number()]).transform(String),
  title: z.string().nullish(),
  body: z.string().nullish(),
  poster: z.string().nullish(),
  createDate: z.string(),
  templateParams: z.record(z.string(), z.unknown()).nullish(),
});

const activitySchema = z.object({
  id: z.union([z.string(), z.number()]).transform(String),
  title: z.string().nullish(),
  body: z.string().nullish(),
  owner: z.object({ href: z.string().nullish() }).nullish(),
  poster: z.string().nullish(),
  createDate: z.string(),
  likesCount: z.number().nullish(),
  commentsCount: z.number().nullish(),
  hasLiked: z.boolean().nullish(),
  templateParams: z.record(z.string(), z.unknown()).nullish(),
  comments: z.union([z.string(), z.array(commentSchema)]).nullish(),
});

type Activity = z.infer<typeof activitySchema>;
type Comment = z.infer<typeof commentSchema>;

const lastSegment = (href: string | null | undefined): string | null => {
  if (!href) return null;
  const segment = href.replace(/\/+$/, '').split('/').pop();
  return segment ? decodeURIComponent(segment) : null;
};

const nonceOf = (params: Record<string, unknown> | null | undefined): string | null => {
  const value = params?.[NONCE_KEY];
  return typeof value === 'string' ? value : null;
};

export function personOf(ids: ExoIds, user: z.infer<typeof userSchema>): PersonRecord {
  const person: PersonRecord = { id: ids.of('user', user.username), name: user.fullname || user.username };
  if (user.email) person.address = user.email;
  if (user.position) person.title = user.position;
  return person;
}

export class Social {
  /** Whether `POST /v1/social/activities?spaceId=` exists (6.2+); found out at the first post (brief §1.9). */
  #globalPost: boolean | null = null;

  constructor(
    private readonly rest: ExoRest,
    private readonly ids: ExoIds,
  ) {}

  private parse<T>(schema: z.ZodType<T>, value: unknown): T {
    const parsed = schema.safeParse(value);
    if (!parsed.success) throw new CoreError('server.unexpectedResponse', { host: this.rest.host });
    return parsed.data;
  }

  async user(username: string): Promise<{ person: PersonRecord; identityId: string | null }> {
    const { body } = await this.rest.json(`/portal/rest/v1/social/users/${encodeURIComponent(username)}`);
    const user = this.parse(userSchema, body);
    return {
      person: personOf(this.ids, user),
      identityId: user.id === null || user.id === undefined ? null : String(user.id),
    };
  }

  async searchUsers(query: string, limit: number): Promise<PersonRecord[]> {
    const { body } = await this.rest.json('/portal/rest/v1/social/users', { query: { q: query, limit } });
    const users = this.parse(z.object({ users: z.array(userSchema) }), body).users;
    return users.filter((user) => user.enabled !== false).map((user) => personOf(this.ids, user));
  }

  async spaces(): Promise<RemoteSpace[]> {
    const out: RemoteSpace[] = [];
    for (let offset = 0; ; offset += MAX_PAGE) {
      const { body } = await this.rest.json('/portal/rest/v1/social/spaces', {
        query: { filterType: 'member', offset, limit: MAX_PAGE, returnSize: true },
      });
      const page = this.parse(z.object({ spaces: z.array(spaceSchema), size: z.number().nullish() }), body);
      for (const space of page.spaces) {
        out.push({
          id: this.ids.of('space', space.id),
          name: space.displayName,
          description: plainText(space.description ?? ''),
          memberCount: space.membersCount ?? 0,
          unread: 0,
          ref: {
            spaceId: space.id,
            // `identityId` only from 7.x; before, the last segment of the identity link (brief F11).
            identityId: space.identityId != null ? String(space.identityId) : lastSegment(space.identity),
            prettyName: space.prettyName ?? null,
            displayName: space.displayName,
          },
        });
      }
      if (page.spaces.length < MAX_PAGE || (page.size != null && offset + MAX_PAGE >= page.size)) return out;
    }
  }

  async members(spaceId: string): Promise<PersonRecord[]> {
    const { body } = await this.rest.json(`/portal/rest/v1/social/spaces/${encodeURIComponent(spaceId)}/users`, {
      query: { role: 'member', limit: MAX_PAGE },
    });
    return this.parse(z.object({ users: z.array(userSchema) }), body).users.map((user) => personOf(this.ids, user));
  }

  /** The space's newest activities with their comments; works from 5.x on (brief §3.2, "all versions"). */
  async activities(spaceId: string, limit: number): Promise<RemotePost[]> {
    const { body } = await this.rest.json(`/portal/rest/v1/social/spaces/${encodeURIComponent(spaceId)}/activities`, {
      query: { limit: Math.min(limit, MAX_PAGE), expand: 'comments,subComments' },
    });
    const activities = this.parse(z.object({ activities: z.array(activitySchema) }), body).activities;
    return Promise.all(activities.map((activity) => this.toPost(spaceId, activity)));
  }

  async post(spaceId: string, text: string, nonce: string): Promise<RemotePost> {
    const json = { title: composeHtml(text), type: '', templateParams: { [NONCE_KEY]: nonce } };
    if (this.#globalPost !== false) {
      const answer = await this.rest.json('/portal/rest/v1/social/activities', {
        method: 'POST',
        query: { spaceId },
        json,
        accept: [404, 405],
      });
      if (answer.status !== 404 && answer.status !== 405) {
        this.#globalPost = true;
        return this.toPost(spaceId, this.parse(activitySchema, answer.body));
      }
      // ≤ 6.1: only the per-stream resource takes posts.
      this.#globalPost = false;
    }
    const { body } = await this.rest.json(`/portal/rest/v1/social/spaces/${encodeURIComponent(spaceId)}/activities`, {
      method: 'POST',
      json,
    });
    return this.toPost(spaceId, this.parse(activitySchema, body));
  }

  async findPostByNonce(spaceId: string, nonce: string): Promise<RemotePost | null> {
    const { body } = await this.rest.json(`/portal/rest/v1/social/spaces/${encodeURIComponent(spaceId)}/activities`, {
      query: { limit: 50, expand: 'comments,subComments' },
    });
    const activities = this.parse(z.object({ activities: z.array(activitySchema) }), body).activities;
    const found = activities.find((activity) => nonceOf(activity.templateParams) === nonce);
    return found ? this.toPost(spaceId, found) : null;
  }

  async comment(activityId: string, text: string, nonce: string): Promise<RemoteComment> {
    const { body } = await this.rest.json(
      `/portal/rest/v1/social/activities/${encodeURIComponent(activityId)}/comments`,
      {
        method: 'POST',
        json: { title: composeHtml(text), templateParams: { [NONCE_KEY]: nonce } },
      },
    );
    return this.toComment(this.parse(commentSchema, body));
  }

  async comments(activityId: string): Promise<RemoteComment[]> {
    const { body } = await this.rest.json(
      `/portal/rest/v1/social/activities/${encodeURIComponent(activityId)}/comments`,
      {
        query: { limit: MAX_PAGE, expand: 'subComments' },
      },
    );
    return this.parse(z.object({ comments: z.array(commentSchema) }), body).comments.map((c) => this.toComment(c));
  }

  async like(activityId: string, liked: boolean, username: string): Promise<void> {
    const path = `/portal/rest/v1/social/activities/${encodeURIComponent(activityId)}/likes`;
    if (liked) {
      await this.rest.call(path, { method: 'POST', headers: { Accept: 'application/json' } });
      return;
    }
    const answer = await this.rest.call(path, { method: 'DELETE', accept: [404, 405] });
    // ≤ 6.1 and 5.x unlike with the username in the path.
    if (answer.status === 404 || answer.status === 405) {
      await this.rest.call(`${path}/${encodeURIComponent(username)}`, { method: 'DELETE' });
    }
  }

  private async toPost(spaceId: string, activity: Activity): Promise<RemotePost> {
    const html = activity.title || activity.body || '';
    const poster = activity.poster ?? lastSegment(activity.owner?.href) ?? '';
    const count = activity.commentsCount ?? 0;
    // An expanded list stops at the first page (20): fetch the rest when there is more.
    const comments =
      Array.isArray(activity.comments) && activity.comments.length >= count
        ? activity.comments.map((comment) => this.toComment(comment))
        : count > 0
          ? await this.comments(activity.id)
          : [];
    return {
      id: this.ids.of('post', activity.id),
      spaceId: this.ids.of('space', spaceId),
      authorId: this.ids.of('user', poster),
      text: plainText(html),
      html,
      postedAt: new Date(activity.createDate).toISOString(),
      likes: activity.likesCount ?? 0,
      liked: activity.hasLiked ?? false,
      nonce: nonceOf(activity.templateParams),
      comments,
    };
  }

  private toComment(comment: Comment): RemoteComment {
    const html = comment.title || comment.body || '';
    return {
      id: this.ids.of('comment', comment.id),
      authorId: this.ids.of('user', comment.poster ?? ''),
      text: plainText(html),
      html,
      postedAt: new Date(comment.createDate).toISOString(),
      nonce: nonceOf(comment.templateParams),
    };
  }
}
