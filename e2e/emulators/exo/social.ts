// Social REST /v1/social (brief §3.1–3.3, F11, F12): users, identities, spaces, activities, comments, likes.
// Quirk: a forbidden or unknown target answers 401 with an empty body (brief §0 pitfall 2).
import type { Emu } from './context';
import { type Ctx, readJson, send, sendJson, sendText } from './http';
import {
  type Activity,
  type ActivityStreamRef,
  type Space,
  type User,
  expandMentions,
  findUser,
  fullName,
  personalDrivePath,
  spaceByPrettyName,
} from './state';
import { ensureFolder, saveFile } from './documents';
import { javaHashCode, normPath, parseSocialTime } from './util';
import {
  PNG,
  activityEntity,
  canDeleteActivity,
  canEditActivity,
  commentEntity,
  identityEntityFull,
  likesList,
  spaceEntity,
  userEntity,
  visibleComments,
} from './social-entities';
import { broadcastActivity, canPostStream, canViewStream, likeActivity, postActivity, postComment } from './social-ops';

const HARD_LIMIT = 500;

interface Paging {
  offset: number;
  limit: number;
  returnSize: boolean;
}

function paging(ctx: Ctx): Paging {
  const int = (v: string | null, d: number): number => {
    const n = v === null || v === '' ? d : Number.parseInt(v, 10);
    return Number.isFinite(n) && n >= 0 ? n : d;
  };
  return {
    offset: int(ctx.query.get('offset'), 0),
    limit: Math.min(int(ctx.query.get('limit'), 20), HARD_LIMIT),
    returnSize: ctx.query.get('returnSize') === 'true',
  };
}

function collection(key: string, all: unknown[], p: Paging): Record<string, unknown> {
  const out: Record<string, unknown> = {
    [key]: all.slice(p.offset, p.offset + p.limit),
    offset: p.offset,
    limit: p.limit,
  };
  if (p.returnSize) out.size = all.length;
  return out;
}

function expandOf(ctx: Ctx): string[] {
  return (ctx.query.get('expand') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** `?fields=a,b` output filter of SocialResponseFilter. */
function filterFields(ctx: Ctx, value: Record<string, unknown>): Record<string, unknown> {
  const fields = ctx.query.get('fields');
  if (!fields) return value;
  const keep = fields.split(',').map((s) => s.trim());
  return Object.fromEntries(Object.entries(value).filter(([k]) => keep.includes(k)));
}

const unauthorized = (ctx: Ctx): void => send(ctx.res, 401, null);

function sendWithWeakEtag(ctx: Ctx, value: Record<string, unknown>, lastModified: number): void {
  const body = JSON.stringify(value);
  const etag = `W/"${javaHashCode(body)}"`;
  const headers = {
    ETag: etag,
    'Last-Modified': new Date(lastModified).toUTCString(),
    'Cache-Control': 'no-cache, private',
  };
  if (ctx.req.headers['if-none-match'] === etag) {
    send(ctx.res, 304, null, headers);
    return;
  }
  send(ctx.res, 200, body, { 'Content-Type': 'application/json', ...headers });
}

function findSpace(emu: Emu, idOrName: string): Space | undefined {
  return emu.state.spaces.get(idOrName) ?? spaceByPrettyName(emu.state, idOrName);
}

/** Spaces a viewer may see in the "all" listing: everything but hidden spaces they are not in. */
function visibleSpace(emu: Emu, s: Space, viewer: string): boolean {
  return s.visibility !== 'hidden' || s.members.includes(viewer) || !!emu.state.users.get(viewer)?.isAdmin;
}

function streamActivities(emu: Emu, viewer: string, filter: (a: Activity) => boolean): Activity[] {
  return [...emu.state.activities.values()]
    .filter((a) => !a.parentId && !a.deleted && !a.hiddenFor.has(viewer) && filter(a))
    .sort((a, b) => b.streamUpdatedAt - a.streamUpdatedAt || Number(b.id) - Number(a.id));
}

function timeFilter(ctx: Ctx, names: [string, string]): { ok: false } | { ok: true; f: (a: Activity) => boolean } {
  const after = ctx.query.get(names[0]);
  const before = ctx.query.get(names[1]);
  const a = after ? parseSocialTime(after) : null;
  const b = before ? parseSocialTime(before) : null;
  if ((after && a === null) || (before && b === null)) return { ok: false };
  return { ok: true, f: (x) => (a === null || x.streamUpdatedAt > a) && (b === null || x.streamUpdatedAt < b) };
}

function sendActivities(emu: Emu, ctx: Ctx, base: string, viewer: string, list: Activity[]): void {
  const p = paging(ctx);
  const expand = expandOf(ctx);
  const headers: Record<string, string> = {};
  if (expand.includes('ids')) {
    const page = list.slice(p.offset, p.offset + p.limit);
    const major = Number(emu.features.platformVersion.split('.')[0]);
    if (major >= 7 && page.length)
      headers.Link = page
        .map((a) => `<${base}/v1/social/activities/${a.id}>; rel=preload; as=fetch; crossorigin=use-credentials`)
        .join(', ');
    sendJson(
      ctx.res,
      200,
      collection(
        'activityIds',
        list.map((a) => ({ id: a.id })),
        p,
      ),
      headers,
    );
    return;
  }
  sendJson(
    ctx.res,
    200,
    collection(
      'activities',
      list.map((a) => filterFields(ctx, activityEntity(emu, base, a, viewer, expand))),
      p,
    ),
  );
}

export async function handleSocialRest(emu: Emu, ctx: Ctx, viewer: string, sub: string, base: string): Promise<void> {
  const state = emu.state;
  const m = ctx.method;
  const seg = sub
    .split('/')
    .filter(Boolean)
    .map((s) => decodeURIComponent(s));
  const [kind, id, rel, relId] = seg;
  const me = state.users.get(viewer) as User;

  // ---- users ----
  if (kind === 'users') {
    if (!id && m === 'GET') {
      const q = (ctx.query.get('q') ?? '').toLowerCase();
      const users = [...state.users.values()]
        .filter(
          (u) =>
            u.enabled && (!q || u.username.includes(q) || fullName(u).toLowerCase().includes(q) || u.email.includes(q)),
        )
        .map((u) => userEntity(emu, base, u));
      sendJson(ctx.res, 200, collection('users', users, paging(ctx)));
      return;
    }
    const u = findUser(state, id);
    if (!u) return unauthorized(ctx);
    if (!rel && m === 'GET') {
      sendJson(ctx.res, 200, filterFields(ctx, userEntity(emu, base, u)));
      return;
    }
    if ((rel === 'avatar' || rel === 'banner') && m === 'GET') {
      send(ctx.res, 200, PNG, { 'Content-Type': 'image/png', 'Cache-Control': 'public, max-age=31536000' });
      return;
    }
    if (rel === 'spaces' && m === 'GET') {
      if (u.username !== viewer && !me.isAdmin) return unauthorized(ctx);
      const spaces = [...state.spaces.values()]
        .filter((s) => s.members.includes(u.username))
        .map((s) => spaceEntity(emu, base, s, viewer, expandOf(ctx)));
      sendJson(ctx.res, 200, collection('spaces', spaces, paging(ctx)));
      return;
    }
    if (rel === 'activities' && m === 'GET') {
      const tf = timeFilter(ctx, ['after', 'before']);
      if (!tf.ok) return sendText(ctx.res, 400, 'Wrong date format');
      sendActivities(
        emu,
        ctx,
        base,
        viewer,
        streamActivities(emu, viewer, (a) => a.stream.type === 'user' && a.stream.username === u.username && tf.f(a)),
      );
      return;
    }
    if (rel === 'activities' && m === 'POST') {
      return createActivityFromBody(emu, ctx, base, viewer, { type: 'user', username: u.username });
    }
    return sendText(ctx.res, 404, 'Not Found');
  }

  // ---- identities ----
  if (kind === 'identities' && m === 'GET') {
    if (id === 'byParams') {
      const provider = ctx.query.get('providerId');
      const remote = ctx.query.get('remoteId') ?? '';
      const identityId =
        provider === 'space' ? spaceByPrettyName(state, remote)?.identityId : findUser(state, remote)?.identityId;
      const e = identityId ? identityEntityFull(emu, base, identityId) : null;
      if (!e) return unauthorized(ctx);
      sendJson(ctx.res, 200, e);
      return;
    }
    const e = id ? identityEntityFull(emu, base, id) : null;
    if (!e) return unauthorized(ctx);
    sendJson(ctx.res, 200, e);
    return;
  }

  // ---- spaces ----
  if (kind === 'spaces') {
    if (!id && m === 'GET') {
      const filterType = ctx.query.get('filterType') ?? 'all';
      const q = (ctx.query.get('q') ?? '').toLowerCase();
      let list = [...state.spaces.values()];
      switch (filterType) {
        case 'all':
          list = list.filter((s) => visibleSpace(emu, s, viewer));
          break;
        case 'member':
          list = list.filter((s) => s.members.includes(viewer));
          break;
        case 'manager':
          list = list.filter((s) => s.managers.includes(viewer));
          break;
        case 'favorite':
          list = list.filter((s) => me.favoriteSpaces.has(s.id));
          break;
        case 'lastVisited':
          list = list.filter((s) => s.members.includes(viewer));
          break;
        case 'pending':
        case 'invited':
        case 'requests':
          list = [];
          break;
        default:
          sendText(ctx.res, 400, 'Unrecognized space filter type');
          return;
      }
      if (ctx.query.get('favorites') === 'true') list = list.filter((s) => me.favoriteSpaces.has(s.id));
      if (q) list = list.filter((s) => s.displayName.toLowerCase().includes(q) || s.prettyName.includes(q));
      const sort = ctx.query.get('sort');
      if (sort === 'title' || sort === 'name') list.sort((a, b) => a.displayName.localeCompare(b.displayName, 'fr'));
      else list.sort((a, b) => b.lastUpdatedAt - a.lastUpdatedAt || Number(a.id) - Number(b.id));
      if (ctx.query.get('order') === 'asc' && sort) list.reverse();
      const body = JSON.stringify(
        collection(
          'spaces',
          list.map((s) => filterFields(ctx, spaceEntity(emu, base, s, viewer, expandOf(ctx)))),
          paging(ctx),
        ),
      );
      // Strong ETag = hash of the body; If-None-Match → 304 (brief §3.1, F11).
      const etag = `"${javaHashCode(body)}"`;
      const headers = {
        ETag: etag,
        'Last-Modified': new Date(emu.nowMs()).toUTCString(),
        'Cache-Control': 'no-cache, must-revalidate',
      };
      if (ctx.req.headers['if-none-match'] === etag) return send(ctx.res, 304, null, headers);
      send(ctx.res, 200, body, { 'Content-Type': 'application/json', ...headers });
      return;
    }
    let space: Space | undefined;
    let rest: string[];
    if (id === 'byPrettyName' || id === 'byGroupSuffix') {
      space = spaceByPrettyName(state, rel ?? '');
      rest = seg.slice(3);
    } else if (id === 'byDisplayName') {
      space = [...state.spaces.values()].find((s) => s.displayName === rel);
      rest = seg.slice(3);
    } else {
      space = findSpace(emu, id ?? '');
      rest = seg.slice(2);
    }
    const [srel] = rest;
    if ((srel === 'avatar' || srel === 'banner') && m === 'GET' && space) {
      send(ctx.res, 200, PNG, { 'Content-Type': 'image/png', 'Cache-Control': 'public, max-age=31536000' });
      return;
    }
    if (!space || !visibleSpace(emu, space, viewer)) return unauthorized(ctx);
    if (!srel && m === 'GET') {
      sendJson(ctx.res, 200, filterFields(ctx, spaceEntity(emu, base, space, viewer, expandOf(ctx))));
      return;
    }
    if (srel === 'users' && m === 'GET') {
      if (!space.members.includes(viewer) && !me.isAdmin) return unauthorized(ctx);
      const role = ctx.query.get('role') ?? 'member';
      const names = role === 'manager' ? space.managers : space.members;
      const users = names
        .map((n) => state.users.get(n))
        .filter((u): u is User => !!u)
        .map((u) => userEntity(emu, base, u));
      sendJson(ctx.res, 200, collection('users', users, paging(ctx)));
      return;
    }
    if (srel === 'activities' && m === 'GET') {
      if (!canViewStream(emu, { type: 'space', spaceId: space.id }, viewer)) return unauthorized(ctx);
      const tf = timeFilter(ctx, ['after', 'before']);
      if (!tf.ok) return sendText(ctx.res, 400, 'Wrong date format');
      const sid = space.id;
      sendActivities(
        emu,
        ctx,
        base,
        viewer,
        streamActivities(emu, viewer, (a) => a.stream.type === 'space' && a.stream.spaceId === sid && tf.f(a)),
      );
      return;
    }
    if (srel === 'activities' && m === 'POST') {
      return createActivityFromBody(emu, ctx, base, viewer, { type: 'space', spaceId: space.id });
    }
    return sendText(ctx.res, 404, 'Not Found');
  }

  // ---- comments (≤ 6.5 resource) ----
  if (kind === 'comments' && id) {
    const c = state.activities.get(id);
    if (!c || !c.parentId || c.deleted) return sendText(ctx.res, 404, 'Comment not found');
    const root = state.activities.get(c.parentId);
    if (!root || !canViewStream(emu, root.stream, viewer)) return unauthorized(ctx);
    if (rel === 'likes') return handleLikes(emu, ctx, base, viewer, c, relId);
    if (m === 'GET') return sendJson(ctx.res, 200, commentEntity(emu, base, c, viewer, expandOf(ctx)));
    if (m === 'PUT') return editComment(emu, ctx, base, viewer, c);
    if (m === 'DELETE') {
      if (!canDeleteActivity(emu, c, viewer)) return unauthorized(ctx);
      c.deleted = true;
      broadcastActivity(emu, 'deleteComment', root.id, c);
      return sendJson(ctx.res, 200, commentEntity(emu, base, c, viewer));
    }
  }

  // ---- activities ----
  if (kind === 'activities') {
    if (!id) {
      if (m === 'POST') {
        const spaceId = ctx.query.get('spaceId');
        if (spaceId) {
          const space = findSpace(emu, spaceId);
          if (!space) return unauthorized(ctx);
          return createActivityFromBody(emu, ctx, base, viewer, { type: 'space', spaceId: space.id });
        }
        return createActivityFromBody(emu, ctx, base, viewer, { type: 'user', username: viewer });
      }
      if (m === 'GET') {
        const tf = timeFilter(ctx, ['afterTime', 'beforeTime']);
        if (!tf.ok) return sendText(ctx.res, 400, 'Wrong date format, expected yyyy-MM-dd HH:mm:ss');
        const spaceId = ctx.query.get('spaceId');
        if (spaceId) {
          const space = findSpace(emu, spaceId);
          if (!space || !canViewStream(emu, { type: 'space', spaceId: space.id }, viewer)) return unauthorized(ctx);
          const sid = space.id;
          return sendActivities(
            emu,
            ctx,
            base,
            viewer,
            streamActivities(emu, viewer, (a) => a.stream.type === 'space' && a.stream.spaceId === sid && tf.f(a)),
          );
        }
        const streamType = ctx.query.get('streamType') ?? 'ALL_STREAM';
        const inMySpace = (a: Activity, pick: (s: Space) => boolean): boolean => {
          if (a.stream.type !== 'space') return false;
          const s = state.spaces.get(a.stream.spaceId);
          return !!s && s.members.includes(viewer) && pick(s);
        };
        let f: (a: Activity) => boolean;
        switch (streamType) {
          case 'ALL_STREAM':
            f = (a) =>
              (a.stream.type === 'user' &&
                (a.stream.username === viewer || a.poster === viewer || a.mentions.includes(viewer))) ||
              inMySpace(a, () => true);
            break;
          case 'USER_STREAM':
            f = (a) => a.poster === viewer || (a.stream.type === 'user' && a.stream.username === viewer);
            break;
          case 'MANAGE_SPACES_STREAM':
            f = (a) => inMySpace(a, (s) => s.managers.includes(viewer));
            break;
          case 'FAVORITE_SPACES_STREAM':
            f = (a) => inMySpace(a, (s) => me.favoriteSpaces.has(s.id));
            break;
          case 'USER_FAVORITE_STREAM':
            f = () => false;
            break;
          default:
            return sendText(ctx.res, 400, 'Unrecognized stream type');
        }
        return sendActivities(
          emu,
          ctx,
          base,
          viewer,
          streamActivities(emu, viewer, (a) => f(a) && tf.f(a)),
        );
      }
    }
    const a = id ? state.activities.get(id) : undefined;
    if (!a || a.deleted) return sendText(ctx.res, 404, 'Activity not found');
    const root = a.parentId ? state.activities.get(a.parentId) : a;
    if (!root || !canViewStream(emu, root.stream, viewer)) return unauthorized(ctx);
    if (!rel) {
      if (m === 'GET')
        return sendWithWeakEtag(
          ctx,
          filterFields(ctx, activityEntity(emu, base, a, viewer, expandOf(ctx))),
          a.updatedAt,
        );
      if (m === 'PUT') {
        if (a.parentId) return editComment(emu, ctx, base, viewer, a);
        if (!canEditActivity(emu, a, viewer)) return unauthorized(ctx);
        const body = (await readJson(ctx)) as Record<string, unknown> | null | undefined;
        if (!body || typeof body !== 'object') return sendText(ctx.res, 400, 'Invalid activity');
        if (typeof body.title === 'string') {
          const ex = expandMentions(state, body.title);
          a.title = ex.html;
          a.mentions = ex.mentioned;
        }
        if (typeof body.body === 'string') a.body = body.body;
        if (typeof body.type === 'string' && body.type) a.type = body.type;
        if (body.templateParams && typeof body.templateParams === 'object') {
          for (const [k, v] of Object.entries(body.templateParams as Record<string, unknown>))
            a.templateParams[k] = v === '-' || v == null ? '' : String(v);
        }
        a.updatedAt = emu.nowMs();
        broadcastActivity(emu, 'updateActivity', a.id);
        return sendJson(ctx.res, 200, activityEntity(emu, base, a, viewer));
      }
      if (m === 'DELETE') {
        if (ctx.query.get('hide') === 'true') {
          a.hiddenFor.add(viewer);
          return sendJson(ctx.res, 200, activityEntity(emu, base, a, viewer));
        }
        if (!canDeleteActivity(emu, a, viewer)) return unauthorized(ctx);
        a.deleted = true;
        broadcastActivity(emu, a.parentId ? 'deleteComment' : 'deleteActivity', root.id, a.parentId ? a : undefined);
        return sendJson(ctx.res, 200, activityEntity(emu, base, a, viewer));
      }
    }
    if (rel === 'comments') {
      if (m === 'GET') {
        const p = paging(ctx);
        const expand = expandOf(ctx);
        let list = visibleComments(emu, a, expand.includes('subComments'));
        if (ctx.query.get('sortDescending') === 'true') list = [...list].reverse();
        return sendJson(
          ctx.res,
          200,
          collection(
            'comments',
            list.map((c) => commentEntity(emu, base, c, viewer, expand)),
            p,
          ),
        );
      }
      if (m === 'POST') {
        const body = (await readJson(ctx)) as Record<string, unknown> | null | undefined;
        if (!body || typeof body !== 'object' || body.id !== undefined || typeof body.title !== 'string') {
          return sendText(ctx.res, 400, 'Invalid comment');
        }
        const parentCommentId =
          typeof body.parentCommentId === 'string' && body.parentCommentId ? body.parentCommentId : null;
        if (parentCommentId && state.activities.get(parentCommentId)?.parentId !== a.id)
          return sendText(ctx.res, 400, 'Invalid parent comment');
        const c = postComment(emu, { poster: viewer, activityId: a.id, title: body.title, parentCommentId });
        return sendJson(ctx.res, 200, commentEntity(emu, base, c, viewer));
      }
      if (m === 'PUT') {
        const body = (await readJson(ctx)) as Record<string, unknown> | null | undefined;
        const c = body && typeof body.id === 'string' ? state.activities.get(body.id) : undefined;
        if (!c || c.parentId !== a.id) return sendText(ctx.res, 400, 'Invalid comment');
        return editComment(emu, ctx, base, viewer, c, body);
      }
    }
    if (rel === 'likes') return handleLikes(emu, ctx, base, viewer, a, relId);
    return sendText(ctx.res, 404, 'Not Found');
  }
  sendText(ctx.res, 404, 'Not Found');
}

async function createActivityFromBody(
  emu: Emu,
  ctx: Ctx,
  base: string,
  viewer: string,
  stream: ActivityStreamRef,
): Promise<void> {
  if (!canPostStream(emu, stream, viewer)) return unauthorized(ctx);
  const body = (await readJson(ctx)) as Record<string, unknown> | null | undefined;
  if (!body || typeof body !== 'object' || (typeof body.title !== 'string' && typeof body.body !== 'string')) {
    return sendText(ctx.res, 400, 'Activity title is mandatory');
  }
  const tp =
    body.templateParams && typeof body.templateParams === 'object'
      ? (body.templateParams as Record<string, string>)
      : {};
  // Attachments (brief §3.2): files[].uploadId from /portal/upload; stored in the stream's drive (folder inferred).
  const files = Array.isArray(body.files) ? (body.files as Record<string, unknown>[]) : [];
  const uploads = files.map((f) => emu.state.uploads.get(String(f.uploadId ?? '')));
  if (uploads.some((u) => !u || !u.data)) return sendText(ctx.res, 400, 'Attachment upload not found');
  const a = postActivity(emu, {
    poster: viewer,
    stream,
    title: typeof body.title === 'string' ? body.title : String(body.body),
    body: typeof body.body === 'string' ? body.body : null,
    type: typeof body.type === 'string' && body.type ? body.type : files.length ? 'files:spaces' : '',
    templateParams: tp,
  });
  if (files.length) {
    const space = stream.type === 'space' ? emu.state.spaces.get(stream.spaceId) : undefined;
    const driveRoot = space ? `/Groups/spaces/${space.prettyName}/Documents` : personalDrivePath(viewer);
    for (const [i, f] of files.entries()) {
      const upload = uploads[i];
      if (!upload?.data) continue;
      const folder = normPath(
        `${driveRoot}/${typeof f.destinationFolder === 'string' && f.destinationFolder ? f.destinationFolder : 'Activity Stream Documents'}`,
      );
      await ensureFolder(emu, folder, viewer);
      const name = typeof f.name === 'string' && f.name ? f.name : upload.fileName;
      const node = await saveFile(emu, {
        path: `${folder}/${name}`,
        data: upload.data,
        author: viewer,
        mimeType: typeof f.mimeType === 'string' ? f.mimeType : upload.mimeType,
        existence: 'keepBoth',
      });
      emu.state.uploads.delete(upload.id);
      a.files.push({ id: node.id, name, mimeType: node.mimeType, path: node.path });
    }
  }
  sendJson(ctx.res, 200, activityEntity(emu, base, a, viewer));
}

async function editComment(
  emu: Emu,
  ctx: Ctx,
  base: string,
  viewer: string,
  c: Activity,
  preread?: Record<string, unknown> | null,
): Promise<void> {
  if (!canEditActivity(emu, c, viewer)) return unauthorized(ctx);
  const body = preread ?? ((await readJson(ctx)) as Record<string, unknown> | null | undefined);
  if (!body || typeof body.title !== 'string') return sendText(ctx.res, 400, 'Invalid comment');
  const ex = expandMentions(emu.state, body.title);
  c.title = ex.html;
  c.mentions = ex.mentioned;
  c.updatedAt = emu.nowMs();
  broadcastActivity(emu, 'updateComment', c.parentId ?? c.id, c);
  sendJson(ctx.res, 200, commentEntity(emu, base, c, viewer));
}

function handleLikes(emu: Emu, ctx: Ctx, base: string, viewer: string, a: Activity, username?: string): void {
  const p = paging(ctx);
  if (ctx.method === 'GET' && !username) return sendJson(ctx.res, 200, collection('likes', likesList(emu, base, a), p));
  if (ctx.method === 'POST' && !username) {
    likeActivity(emu, viewer, a.id);
    return sendJson(ctx.res, 200, collection('likes', likesList(emu, base, a), p));
  }
  if (ctx.method === 'DELETE') {
    // 6.2+: DELETE …/likes (current user); ≤ 6.1: DELETE …/likes/{username} (own like only).
    if (username && username !== viewer) return unauthorized(ctx);
    a.likes = a.likes.filter((u) => u !== viewer);
    return sendJson(ctx.res, 200, collection('likes', likesList(emu, base, a), p));
  }
  sendText(ctx.res, 404, 'Not Found');
}
