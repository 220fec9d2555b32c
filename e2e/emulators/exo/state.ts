// The emulator's in-memory model of an eXo server: users, spaces, activities, notifications, chat, documents, agenda.
import { sha1Hex } from './util';

export type ChatStatus = 'available' | 'away' | 'donotdisturb' | 'invisible' | 'offline';

export interface User {
  username: string;
  password: string;
  firstName: string;
  lastName: string;
  email: string;
  position: string;
  identityId: string;
  isAdmin: boolean;
  enabled: boolean;
  external: boolean;
  createdAt: number;
  lastLoginTime: number | null;
  /** Has called /chat/api/1.0/user/settings once (brief §2.2: /chatServer answers 404 until then, inferred). */
  chatRegistered: boolean;
  /** Status chosen in chat / state service; shown only while the user has a live CometD session. */
  chatStatus: ChatStatus;
  failedLogins: number;
  lockedUntil: number | null;
  favoriteSpaces: Set<string>;
  chatFavorites: Set<string>;
}

export interface Space {
  id: string;
  identityId: string;
  prettyName: string;
  displayName: string;
  description: string;
  visibility: 'public' | 'private' | 'hidden';
  subscription: 'open' | 'validation' | 'close';
  managers: string[];
  members: string[];
  createdAt: number;
  lastUpdatedAt: number;
  chatEnabled: boolean;
}

export type ActivityStreamRef = { type: 'user'; username: string } | { type: 'space'; spaceId: string };

export interface Activity {
  id: string;
  /** For comments: the activity id. */
  parentId: string | null;
  parentCommentId: string | null;
  poster: string;
  stream: ActivityStreamRef;
  title: string;
  body: string | null;
  type: string;
  templateParams: Record<string, string>;
  createdAt: number;
  updatedAt: number;
  /** Position in streams: bumped by new comments. */
  streamUpdatedAt: number;
  likes: string[];
  mentions: string[];
  commentIds: string[];
  deleted: boolean;
  hiddenFor: Set<string>;
  pinned: boolean;
  pinDate: number | null;
  pinAuthor: string | null;
  files: { id: string; name: string; mimeType: string; path: string }[];
}

export interface WebNotification {
  id: string;
  to: string;
  plugin: string;
  from: string | null;
  spaceId: string | null;
  title: string | null;
  html: string;
  parameters: Record<string, string>;
  read: boolean;
  isNew: boolean;
  hidden: boolean;
  created: number;
}

export interface ChatMessage {
  msgId: string;
  timestamp: number;
  lastUpdatedTimestamp: number | null;
  user: string;
  msg: string;
  options: unknown;
  type: null | 'EDITED' | 'DELETED';
  isSystem: boolean;
}

export interface ChatRoom {
  id: string;
  type: 'u' | 's' | 't';
  /** Members of 1:1 and team rooms (space rooms use the space members). */
  members: string[];
  spaceId: string | null;
  teamName: string | null;
  creator: string | null;
  createdAt: number;
  messages: ChatMessage[];
}

export interface ChatUnread {
  user: string;
  from: string;
  room: string;
  content: string;
  options: unknown;
  timestamp: number;
}

export interface DocVersion {
  name: string;
  content: Buffer;
  mimeType: string;
  modifiedAt: number;
  author: string;
  summary: string;
}

export interface DocLock {
  token: string;
  owner: string;
  ownerInfo: string;
  timeoutSec: number;
  expiresAt: number;
  depth: '0' | 'infinity';
}

export interface DocNode {
  id: string;
  path: string;
  folder: boolean;
  mimeType: string;
  size: number;
  createdAt: number;
  modifiedAt: number;
  creator: string;
  modifier: string;
  description: string;
  /** Frozen previous versions, oldest first; the current content is version `versionCount`. */
  versions: DocVersion[];
  versionCount: number;
  views: number;
  /** Extra readers (chat attachments shared with the room's members, brief §2.7). */
  sharedWith: string[];
}

export interface AgendaCalendar {
  id: number;
  ownerIdentityId: string;
  title: string;
  color: string;
}

export interface AgendaEvent {
  id: number;
  calendarId: number;
  creator: string;
  summary: string;
  description: string;
  location: string;
  start: number;
  end: number;
  allDay: boolean;
  timeZoneId: string;
  attendees: string[];
  created: number;
  updated: number;
  conferenceUrl: string | null;
}

export interface PendingUpload {
  id: string;
  owner: string;
  fileName: string;
  mimeType: string;
  data: Buffer | null;
  /** Set when the upload exceeded the limit: progress answers {"status":"failed",…}. */
  failedLimitMb: number | null;
}

export interface State {
  domain: string;
  uploads: Map<string, PendingUpload>;
  users: Map<string, User>;
  spaces: Map<string, Space>;
  activities: Map<string, Activity>;
  notifications: WebNotification[];
  rooms: Map<string, ChatRoom>;
  chatUnread: ChatUnread[];
  docs: Map<string, DocNode>;
  /** WebDAV locks by path, including null-resource locks (LOCK on a path that does not exist yet). */
  locks: Map<string, DocLock>;
  calendars: AgendaCalendar[];
  events: AgendaEvent[];
  pushDevices: { token: string; username: string; type: string }[];
  counters: { activity: number; notification: number; message: number; node: number; event: number };
}

export function emptyState(domain: string): State {
  return {
    domain,
    uploads: new Map(),
    users: new Map(),
    spaces: new Map(),
    activities: new Map(),
    notifications: [],
    rooms: new Map(),
    chatUnread: [],
    docs: new Map(),
    locks: new Map(),
    calendars: [],
    events: [],
    pushDevices: [],
    counters: { activity: 0, notification: 0, message: 0, node: 0, event: 0 },
  };
}

export function fullName(u: User): string {
  return `${u.firstName} ${u.lastName}`;
}

/** Case-insensitive username lookup (brief §1.3: usernames are case-insensitive by default). */
export function findUser(state: State, name: string | null | undefined): User | undefined {
  if (!name) return undefined;
  return state.users.get(name) ?? state.users.get(name.toLowerCase());
}

export function findUserByLogin(state: State, login: string): User | undefined {
  if (login.includes('@')) {
    const l = login.toLowerCase();
    for (const u of state.users.values()) if (u.email.toLowerCase() === l) return u;
    return undefined;
  }
  return findUser(state, login);
}

export function userByIdentity(state: State, identityId: string): User | undefined {
  for (const u of state.users.values()) if (u.identityId === identityId) return u;
  return undefined;
}

export function spaceByIdentity(state: State, identityId: string): Space | undefined {
  for (const s of state.spaces.values()) if (s.identityId === identityId) return s;
  return undefined;
}

export function spaceByPrettyName(state: State, prettyName: string): Space | undefined {
  for (const s of state.spaces.values()) if (s.prettyName === prettyName) return s;
  return undefined;
}

export function isSpaceMember(space: Space, username: string): boolean {
  return space.members.includes(username);
}

/** /Users/a___/al___/ali___/alice (brief §4.1). */
export function userHomePath(username: string): string {
  const levels = [1, 2, 3].map((n) => `${username.slice(0, n)}___`);
  return `/Users/${levels.join('/')}/${username}`;
}

export function personalDrivePath(username: string): string {
  return `${userHomePath(username)}/Private`;
}

export function spaceDrivePath(space: Space): string {
  return `/Groups/spaces/${space.prettyName}/Documents`;
}

// ---- chat ids (brief §2.3) ----
export const CHAT_PASSPHRASE = 'chat';

export function chatToken(username: string): string {
  return sha1Hex(username + CHAT_PASSPHRASE);
}

export function directRoomId(a: string, b: string): string {
  const [x, y] = [a, b].sort();
  return sha1Hex(`${x};${y};`);
}

export function spaceRoomId(spaceId: string): string {
  return sha1Hex(`1-space-room;${spaceId};`);
}

export function teamRoomId(creator: string, teamName: string): string {
  return sha1Hex(`1-team-room;${creator};${teamName};`);
}

export function roomMembers(state: State, room: ChatRoom): string[] {
  if (room.type === 's') {
    const space = room.spaceId ? state.spaces.get(room.spaceId) : undefined;
    return space ? [...space.members] : [];
  }
  return [...room.members];
}

/** 24-hex Mongo-ObjectId-like message id. */
export function nextMessageId(state: State, ts: number): string {
  state.counters.message++;
  const secs = Math.floor(ts / 1000)
    .toString(16)
    .padStart(8, '0')
    .slice(-8);
  return secs + state.counters.message.toString(16).padStart(16, '0');
}

/**
 * Social mentions (brief §3.2): `@username` becomes a profile link when the user exists and is enabled.
 * The exact HTML is inferred.
 */
export function expandMentions(state: State, html: string): { html: string; mentioned: string[] } {
  const mentioned: string[] = [];
  const out = html.replace(/(^|[\s>(])@([A-Za-z0-9._-]+)/g, (whole, lead: string, name: string) => {
    const user = findUser(state, name.replace(/[.]+$/, ''));
    if (!user || !user.enabled) return whole;
    const trailing = name.slice(user.username.length);
    if (!mentioned.includes(user.username)) mentioned.push(user.username);
    return `${lead}<a href="/portal/dw/profile/${user.username}" rel="nofollow">${fullName(user)}</a>${trailing}`;
  });
  return { html: out, mentioned };
}
