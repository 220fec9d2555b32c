// Social REST entities (brief §3.1–3.3, F11, F12; Meeds-io/social EntityBuilder): users, spaces, identities,
// activities and comments as the REST API renders them.
import type { Emu } from './context';
import { type Activity, type Space, type User, fullName, spaceByIdentity, userByIdentity } from './state';
import { isoInZone } from './util';

/** A 1×1 transparent PNG for avatars and banners. */
export const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
);

export function userEntity(emu: Emu, base: string, u: User): Record<string, unknown> {
  return {
    id: u.identityId,
    href: `${base}/v1/social/users/${u.username}`,
    identity: `${base}/v1/social/identities/${u.identityId}`,
    username: u.username,
    userName: u.username,
    firstname: u.firstName,
    lastname: u.lastName,
    fullname: fullName(u),
    email: u.email,
    position: u.position,
    avatar: `/portal/rest/v1/social/users/${u.username}/avatar`,
    banner: `/portal/rest/v1/social/users/${u.username}/banner`,
    deleted: false,
    enabled: u.enabled,
    isInternal: !u.external,
    isExternal: u.external,
    isAdmin: u.isAdmin,
    lastLoginTime: u.lastLoginTime,
    createdDate: u.createdAt,
  };
}

export function spaceEntity(
  emu: Emu,
  base: string,
  s: Space,
  viewer: string,
  expand: string[] = [],
): Record<string, unknown> {
  const viewerUser = emu.state.users.get(viewer);
  const major = Number(emu.features.platformVersion.split('.')[0]);
  const e: Record<string, unknown> = {
    id: s.id,
    href: `${base}/v1/social/spaces/${s.id}`,
    identity: `${base}/v1/social/identities/${s.identityId}`,
  };
  if (major >= 7) e.identityId = s.identityId;
  Object.assign(e, {
    groupId: `/spaces/${s.prettyName}`,
    applications: [
      { id: 'SpaceActivityStreamPortlet', displayName: 'Flux d’activité' },
      { id: 'Documents', displayName: 'Documents' },
      { id: 'AgendaPortlet', displayName: 'Agenda' },
      { id: 'MembersPortlet', displayName: 'Membres' },
    ],
    prettyName: s.prettyName,
    displayName: s.displayName,
    description: s.description,
    template: 'community',
    url: `/portal/g/:spaces:${s.prettyName}/${s.prettyName}`,
    avatarUrl: `/portal/rest/v1/social/spaces/${s.prettyName}/avatar?lastModified=${s.lastUpdatedAt}`,
    bannerUrl: `/portal/rest/v1/social/spaces/${s.prettyName}/banner?lastModified=${s.lastUpdatedAt}`,
    visibility: s.visibility,
    subscription: s.subscription,
    membersCount: s.members.length,
    isMember: s.members.includes(viewer),
    isManager: s.managers.includes(viewer),
    isPending: false,
    isInvited: false,
    isRedactor: false,
    isPublisher: false,
    canEdit: s.managers.includes(viewer) || !!viewerUser?.isAdmin,
    canRedactOnSpace: s.members.includes(viewer),
    isFavorite: String(viewerUser?.favoriteSpaces.has(s.id) ?? false),
    isMuted: 'false',
    createdTime: String(s.createdAt),
    lastUpdatedTime: String(s.lastUpdatedAt),
    siteId: null,
    publicSiteId: 0,
  });
  if (expand.includes('members')) e.members = s.members.map((m) => `${base}/v1/social/users/${m}`);
  if (expand.includes('managers')) e.managers = s.managers.map((m) => `${base}/v1/social/users/${m}`);
  return e;
}

export function identityEntityFull(emu: Emu, base: string, identityId: string): Record<string, unknown> | null {
  const u = userByIdentity(emu.state, identityId);
  if (u) {
    return {
      id: u.identityId,
      href: `${base}/v1/social/identities/${u.identityId}`,
      providerId: 'organization',
      remoteId: u.username,
      deleted: false,
      profile: userEntity(emu, base, u),
    };
  }
  const s = spaceByIdentity(emu.state, identityId);
  if (s) {
    return {
      id: s.identityId,
      href: `${base}/v1/social/identities/${s.identityId}`,
      providerId: 'space',
      remoteId: s.prettyName,
      deleted: false,
      profile: {
        id: s.identityId,
        fullname: s.displayName,
        avatar: `/portal/rest/v1/social/spaces/${s.prettyName}/avatar`,
      },
    };
  }
  return null;
}

export function ownerRef(emu: Emu, base: string, username: string, spaceId: string | null): Record<string, unknown> {
  const u = emu.state.users.get(username);
  const e: Record<string, unknown> = { id: u?.identityId ?? null, href: `${base}/v1/social/users/${username}` };
  if (spaceId) e.isMember = emu.state.spaces.get(spaceId)?.members.includes(username) ?? false;
  return e;
}

export function streamSpaceId(a: Activity, emu: Emu): string | null {
  const root = a.parentId ? emu.state.activities.get(a.parentId) : a;
  return root?.stream.type === 'space' ? root.stream.spaceId : null;
}

export function activityStreamEntity(emu: Emu, base: string, a: Activity, viewer: string): Record<string, unknown> {
  const root = a.parentId ? (emu.state.activities.get(a.parentId) ?? a) : a;
  if (root.stream.type === 'space') {
    const space = emu.state.spaces.get(root.stream.spaceId);
    return { type: 'space', space: space ? spaceEntity(emu, base, space, viewer) : null, id: space?.prettyName ?? '' };
  }
  return { type: 'user', id: root.stream.username };
}

export function dateOf(emu: Emu, ms: number): string {
  return isoInZone(ms, emu.opts.timeZone);
}

export function visibleComments(emu: Emu, a: Activity, withSub: boolean): Activity[] {
  return a.commentIds
    .map((id) => emu.state.activities.get(id))
    .filter((c): c is Activity => !!c && !c.deleted && (withSub || c.parentCommentId === null));
}

export function likesList(emu: Emu, base: string, a: Activity): Record<string, unknown>[] {
  return a.likes
    .map((u) => emu.state.users.get(u))
    .filter((u): u is User => !!u)
    .map((u) => userEntity(emu, base, u));
}

export function canEditActivity(emu: Emu, a: Activity, viewer: string): boolean {
  return a.poster === viewer;
}

export function canDeleteActivity(emu: Emu, a: Activity, viewer: string): boolean {
  if (a.poster === viewer || emu.state.users.get(viewer)?.isAdmin) return true;
  const sid = streamSpaceId(a, emu);
  return !!sid && !!emu.state.spaces.get(sid)?.managers.includes(viewer);
}

export function commentEntity(
  emu: Emu,
  base: string,
  c: Activity,
  viewer: string,
  expand: string[] = [],
): Record<string, unknown> {
  const poster = emu.state.users.get(c.poster);
  const replies =
    emu.state.activities
      .get(c.parentId ?? '')
      ?.commentIds.filter((id) => emu.state.activities.get(id)?.parentCommentId === c.id) ?? [];
  return {
    id: c.id,
    href: `${base}/v1/social/activities/${c.id}`,
    identity:
      expand.includes('identity') && poster
        ? identityEntityFull(emu, base, poster.identityId)
        : `${base}/v1/social/identities/${poster?.identityId ?? ''}`,
    poster: c.poster,
    owner: ownerRef(emu, base, c.poster, streamSpaceId(c, emu)),
    title: c.title,
    body: c.body ?? c.title,
    type: c.type,
    templateParams: c.templateParams,
    parentCommentId: c.parentCommentId,
    mentions: c.mentions.map((m) => ownerRef(emu, base, m, null)),
    likes: expand.includes('likes') ? likesList(emu, base, c) : `${base}/v1/social/activities/${c.id}/likes`,
    createDate: dateOf(emu, c.createdAt),
    updateDate: dateOf(emu, c.updatedAt),
    activity: `${base}/v1/social/activities/${c.parentId}`,
    activityId: c.parentId,
    canEdit: canEditActivity(emu, c, viewer),
    canDelete: canDeleteActivity(emu, c, viewer),
    likesCount: c.likes.length,
    commentsCount: replies.length,
    hasCommented: replies.some((id) => emu.state.activities.get(id)?.poster === viewer),
    hasLiked: c.likes.includes(viewer),
  };
}

export function activityEntity(
  emu: Emu,
  base: string,
  a: Activity,
  viewer: string,
  expand: string[] = [],
): Record<string, unknown> {
  if (a.parentId)
    return {
      ...commentEntity(emu, base, a, viewer, expand),
      activityStream: activityStreamEntity(emu, base, a, viewer),
    };
  const poster = emu.state.users.get(a.poster);
  const comments = visibleComments(emu, a, false);
  let commentsField: unknown = `${base}/v1/social/activities/${a.id}/comments`;
  if (expand.includes('comments'))
    commentsField = visibleComments(emu, a, expand.includes('subComments'))
      .slice(0, 20)
      .map((c) => commentEntity(emu, base, c, viewer));
  else if (expand.includes('commentsPreview'))
    commentsField = comments.slice(-2).map((c) => commentEntity(emu, base, c, viewer, expand));
  return {
    id: a.id,
    href: `${base}/v1/social/activities/${a.id}`,
    title: a.title,
    body: a.body,
    type: a.type,
    titleId: null,
    link: null,
    templateParams: a.templateParams,
    identity:
      expand.includes('identity') && poster
        ? identityEntityFull(emu, base, poster.identityId)
        : `${base}/v1/social/identities/${poster?.identityId ?? ''}`,
    owner: ownerRef(emu, base, a.poster, streamSpaceId(a, emu)),
    mentions: a.mentions.map((m) => ownerRef(emu, base, m, null)),
    attachments: [],
    files: a.files,
    canEdit: canEditActivity(emu, a, viewer),
    canDelete: canDeleteActivity(emu, a, viewer),
    canPin: false,
    comments: commentsField,
    commentsCount: comments.length,
    likes: expand.includes('likes') ? likesList(emu, base, a) : `${base}/v1/social/activities/${a.id}/likes`,
    likesCount: a.likes.length,
    hasLiked: a.likes.includes(viewer),
    hasCommented: visibleComments(emu, a, true).some((c) => c.poster === viewer),
    createDate: dateOf(emu, a.createdAt),
    updateDate: dateOf(emu, a.updatedAt),
    pinned: a.pinned,
    pinDate: a.pinDate,
    pinAuthorId: a.pinAuthor,
    activityStream: activityStreamEntity(emu, base, a, viewer),
    metadatas: {},
  };
}
