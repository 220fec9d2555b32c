// Social operations (also used by the seed and the control API): post, comment, like, with the notifications and
// the /eXo/Application/ActivityStream realtime events they trigger.
import type { Emu } from './context';
import { type Activity, type ActivityStreamRef, expandMentions } from './state';
import { addNotification } from './notifications';

export const ACTIVITY_CHANNEL = '/eXo/Application/ActivityStream';

export function broadcastActivity(emu: Emu, eventName: string, activityId: string, comment?: Activity): void {
  const root = emu.state.activities.get(activityId);
  emu.realtime.broadcast(
    ACTIVITY_CHANNEL,
    JSON.stringify({
      activityId,
      commentId: comment?.id ?? null,
      parentCommentId: comment?.parentCommentId ?? null,
      eventName,
      spaceId: root?.stream.type === 'space' ? root.stream.spaceId : null,
    }),
  );
}

export function canViewStream(emu: Emu, stream: ActivityStreamRef, viewer: string): boolean {
  if (stream.type === 'user') return true;
  const space = emu.state.spaces.get(stream.spaceId);
  return !!space && (space.members.includes(viewer) || !!emu.state.users.get(viewer)?.isAdmin);
}

export function canPostStream(emu: Emu, stream: ActivityStreamRef, poster: string): boolean {
  if (stream.type === 'user') return stream.username === poster;
  const space = emu.state.spaces.get(stream.spaceId);
  return !!space && space.members.includes(poster);
}

export function postActivity(
  emu: Emu,
  args: {
    poster: string;
    stream: ActivityStreamRef;
    title: string;
    body?: string | null;
    type?: string;
    templateParams?: Record<string, string>;
    at?: number;
    silent?: boolean;
  },
): Activity {
  emu.state.counters.activity++;
  const id = String(emu.state.counters.activity);
  const { html, mentioned } = expandMentions(emu.state, args.title);
  const now = args.at ?? emu.nowMs();
  const a: Activity = {
    id,
    parentId: null,
    parentCommentId: null,
    poster: args.poster,
    stream: args.stream,
    title: html,
    body: args.body ?? null,
    type: args.type ?? '',
    templateParams: Object.fromEntries(
      Object.entries(args.templateParams ?? {}).map(([k, v]) => [k, v === '-' || v == null ? '' : String(v)]),
    ),
    createdAt: now,
    updatedAt: now,
    streamUpdatedAt: now,
    likes: [],
    mentions: mentioned,
    commentIds: [],
    deleted: false,
    hiddenFor: new Set(),
    pinned: false,
    pinDate: null,
    pinAuthor: null,
    files: [],
  };
  emu.state.activities.set(id, a);
  if (!args.silent) {
    const spaceId = args.stream.type === 'space' ? args.stream.spaceId : null;
    const space = spaceId ? emu.state.spaces.get(spaceId) : undefined;
    for (const m of mentioned) {
      if (m === args.poster) continue;
      addNotification(emu, {
        to: m,
        plugin: 'ActivityMentionPlugin',
        from: args.poster,
        spaceId,
        text: 'vous a mentionné(e).',
        parameters: { activityId: id },
        link: `/portal/dw/activity?id=${id}`,
      });
    }
    if (space) {
      for (const m of space.members) {
        if (m === args.poster || mentioned.includes(m)) continue;
        addNotification(emu, {
          to: m,
          plugin: 'PostActivitySpaceStreamPlugin',
          from: args.poster,
          spaceId,
          text: `a publié dans l’espace ${space.displayName}.`,
          parameters: { activityId: id },
          link: `/portal/dw/activity?id=${id}`,
        });
      }
    }
    broadcastActivity(emu, 'createActivity', id);
  }
  return a;
}

export function postComment(
  emu: Emu,
  args: {
    poster: string;
    activityId: string;
    title: string;
    parentCommentId?: string | null;
    at?: number;
    silent?: boolean;
  },
): Activity {
  const parent = emu.state.activities.get(args.activityId);
  if (!parent) throw new Error(`no activity ${args.activityId}`);
  emu.state.counters.activity++;
  const id = String(emu.state.counters.activity);
  const { html, mentioned } = expandMentions(emu.state, args.title);
  const now = args.at ?? emu.nowMs();
  const c: Activity = {
    id,
    parentId: parent.id,
    parentCommentId: args.parentCommentId ?? null,
    poster: args.poster,
    stream: parent.stream,
    title: html,
    body: null,
    type: 'exosocial:comment',
    templateParams: {},
    createdAt: now,
    updatedAt: now,
    streamUpdatedAt: now,
    likes: [],
    mentions: mentioned,
    commentIds: [],
    deleted: false,
    hiddenFor: new Set(),
    pinned: false,
    pinDate: null,
    pinAuthor: null,
    files: [],
  };
  emu.state.activities.set(id, c);
  parent.commentIds.push(id);
  parent.streamUpdatedAt = Math.max(parent.streamUpdatedAt, now);
  if (!args.silent) {
    const spaceId = parent.stream.type === 'space' ? parent.stream.spaceId : null;
    for (const m of mentioned) {
      if (m === args.poster) continue;
      addNotification(emu, {
        to: m,
        plugin: 'ActivityMentionPlugin',
        from: args.poster,
        spaceId,
        text: 'vous a mentionné(e) dans un commentaire.',
        parameters: { activityId: parent.id, commentId: id },
        link: `/portal/dw/activity?id=${parent.id}#comment-${id}`,
      });
    }
    if (parent.poster !== args.poster && !mentioned.includes(parent.poster)) {
      addNotification(emu, {
        to: parent.poster,
        plugin: 'ActivityCommentPlugin',
        from: args.poster,
        spaceId,
        text: 'a commenté votre activité.',
        parameters: { activityId: parent.id, commentId: id },
        link: `/portal/dw/activity?id=${parent.id}#comment-${id}`,
      });
    }
    const parentComment = args.parentCommentId ? emu.state.activities.get(args.parentCommentId) : undefined;
    if (parentComment && parentComment.poster !== args.poster && parentComment.poster !== parent.poster) {
      addNotification(emu, {
        to: parentComment.poster,
        plugin: 'ActivityReplyToCommentPlugin',
        from: args.poster,
        spaceId,
        text: 'a répondu à votre commentaire.',
        parameters: { activityId: parent.id, commentId: id },
        link: `/portal/dw/activity?id=${parent.id}#comment-${id}`,
      });
    }
    broadcastActivity(emu, 'createComment', parent.id, c);
  }
  return c;
}

export function likeActivity(emu: Emu, username: string, activityId: string, silent = false): void {
  const a = emu.state.activities.get(activityId);
  if (!a || a.likes.includes(username)) return;
  a.likes.push(username);
  if (silent) return;
  const root = a.parentId ? emu.state.activities.get(a.parentId) : a;
  if (a.poster !== username) {
    addNotification(emu, {
      to: a.poster,
      plugin: a.parentId ? 'LikeCommentPlugin' : 'LikePlugin',
      from: username,
      spaceId: root?.stream.type === 'space' ? root.stream.spaceId : null,
      text: a.parentId ? 'aime votre commentaire.' : 'aime votre activité.',
      parameters: { activityId: root?.id ?? a.id },
      link: `/portal/dw/activity?id=${root?.id ?? a.id}`,
    });
  }
  broadcastActivity(emu, a.parentId ? 'likeComment' : 'likeActivity', root?.id ?? a.id, a.parentId ? a : undefined);
}
