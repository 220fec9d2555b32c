// eXo Chat model (brief §2.3–2.6): rooms, messages, unread notifications, and the realtime fan-out of
// ChatServiceImpl.write.
import type { Emu } from './context';
import {
  type ChatMessage,
  type ChatRoom,
  type ChatStatus,
  directRoomId,
  fullName,
  nextMessageId,
  roomMembers,
  spaceRoomId,
  teamRoomId,
} from './state';

export const CHAT_CHANNEL = '/service/chat';
export const CHAT_PAGE = '/portal/dw/chat';
export const PETIT_MALIN = 'Petit malin !';

export class ChatError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Model

export function effectiveStatus(emu: Emu, username: string): ChatStatus {
  const u = emu.state.users.get(username);
  if (!u || !emu.realtime.isOnline(username)) return 'offline';
  return u.chatStatus;
}

export function isRoomMember(emu: Emu, room: ChatRoom, username: string): boolean {
  if (room.type === 'u') {
    return room.members.includes(username) && room.members.every((m) => emu.state.users.get(m)?.enabled !== false);
  }
  return roomMembers(emu.state, room).includes(username);
}

export function getOrCreateDirectRoom(emu: Emu, a: string, b: string): ChatRoom {
  const id = directRoomId(a, b);
  let room = emu.state.rooms.get(id);
  if (!room) {
    room = {
      id,
      type: 'u',
      members: [a, b].sort(),
      spaceId: null,
      teamName: null,
      creator: null,
      createdAt: emu.nowMs(),
      messages: [],
    };
    emu.state.rooms.set(id, room);
  }
  return room;
}

export function ensureSpaceRoom(emu: Emu, spaceId: string): ChatRoom {
  const id = spaceRoomId(spaceId);
  let room = emu.state.rooms.get(id);
  if (!room) {
    room = { id, type: 's', members: [], spaceId, teamName: null, creator: null, createdAt: emu.nowMs(), messages: [] };
    emu.state.rooms.set(id, room);
  }
  return room;
}

export function createTeamRoom(emu: Emu, creator: string, teamName: string, members: string[]): ChatRoom {
  const id = teamRoomId(creator, teamName);
  const room: ChatRoom = {
    id,
    type: 't',
    members: [...new Set([creator, ...members])],
    spaceId: null,
    teamName,
    creator,
    createdAt: emu.nowMs(),
    messages: [],
  };
  emu.state.rooms.set(id, room);
  return room;
}

export function lastActivity(room: ChatRoom): number {
  const last = room.messages[room.messages.length - 1];
  return last ? last.timestamp : room.createdAt;
}

/** RoomBean.getFullName from `viewer`'s point of view. */
export function roomFullName(emu: Emu, room: ChatRoom, viewer: string): string {
  if (room.type === 'u') {
    const other = room.members.find((m) => m !== viewer) ?? viewer;
    const u = emu.state.users.get(other);
    return u ? fullName(u) : other;
  }
  if (room.type === 's') return (room.spaceId && emu.state.spaces.get(room.spaceId)?.displayName) || '';
  return room.teamName ?? '';
}

export function unreadFor(emu: Emu, username: string, roomId?: string): number {
  return emu.state.chatUnread.filter((n) => n.user === username && (roomId === undefined || n.room === roomId)).length;
}

export function messageJson(emu: Emu, m: ChatMessage): Record<string, unknown> {
  const u = emu.state.users.get(m.user);
  const out: Record<string, unknown> = { msgId: m.msgId, timestamp: m.timestamp };
  if (m.lastUpdatedTimestamp !== null) out.lastUpdatedTimestamp = m.lastUpdatedTimestamp;
  out.user = m.user;
  out.fullname = u ? fullName(u) : m.user;
  out.msg = m.msg;
  if (m.options !== undefined && m.options !== null) out.options = m.options;
  out.type = m.type;
  out.isSystem = m.isSystem;
  out.isEnabledUser = String(u?.enabled ?? true);
  out.isExternal = String(u?.external ?? false);
  return out;
}

export function roomJson(emu: Emu, room: ChatRoom, viewer: string): Record<string, unknown> {
  const base = {
    fullName: roomFullName(emu, room, viewer),
    room: room.id,
    timestamp: lastActivity(room),
    unreadTotal: unreadFor(emu, viewer, room.id),
    isActive: 'true',
    isFavorite: emu.state.users.get(viewer)?.chatFavorites.has(room.id) ?? false,
    type: room.type,
    meetingStarted: false,
    startTime: '',
    lastMessage: null,
    isRoomSilent: false,
  };
  if (room.type === 'u') {
    const other = room.members.find((m) => m !== viewer) ?? viewer;
    const u = emu.state.users.get(other);
    return {
      ...base,
      status: effectiveStatus(emu, other),
      user: other,
      isEnabledUser: String(u?.enabled ?? false),
      isExternal: String(u?.external ?? false),
      isEnabledRoom: 'true',
      prettyName: null,
    };
  }
  if (room.type === 's') {
    const space = room.spaceId ? emu.state.spaces.get(room.spaceId) : undefined;
    return {
      ...base,
      status: 'space',
      user: `space-${room.id}`,
      isEnabledUser: 'null',
      isExternal: '',
      isEnabledRoom: String(space?.chatEnabled ?? true),
      prettyName: space?.prettyName ?? null,
      groupId: space ? `/spaces/${space.prettyName}` : null,
    };
  }
  return {
    ...base,
    status: 'team',
    user: `team-${room.id}`,
    isEnabledUser: 'null',
    isExternal: '',
    isEnabledRoom: 'true',
    prettyName: null,
    admins: room.creator ? [room.creator] : [],
  };
}

export function roomsOf(emu: Emu, username: string): ChatRoom[] {
  return [...emu.state.rooms.values()].filter((r) => roomMembers(emu.state, r).includes(username));
}

export function realtimeEvent(
  event: string,
  room: string | null,
  sender: string | null,
  data: unknown,
  ts: number | null,
): string {
  const o: Record<string, unknown> = { event, room, sender };
  if (ts !== null) o.ts = ts;
  o.data = data;
  return JSON.stringify(o);
}

export function sendEvent(
  emu: Emu,
  users: string[],
  event: string,
  room: string | null,
  sender: string | null,
  data: unknown,
): void {
  const payload = realtimeEvent(event, room, sender, data, emu.nowMs());
  for (const u of new Set(users)) emu.realtime.deliverToUser(u, CHAT_CHANNEL, payload);
}

/** Receivers of a room event: the other user of a 1:1 room, or all members but the sender. */
export function usersToNotify(emu: Emu, room: ChatRoom, sender: string): string[] {
  return roomMembers(emu.state, room).filter((m) => m !== sender);
}

export function notifyCount(emu: Emu, username: string): void {
  sendEvent(emu, [username], 'notification-count-updated', null, null, { totalUnreadMsg: unreadFor(emu, username) });
}

export function markRead(emu: Emu, username: string, roomId: string | null): void {
  emu.state.chatUnread = emu.state.chatUnread.filter(
    (n) => !(n.user === username && (roomId === null || n.room === roomId)),
  );
}

export function parseOptions(options: string | null | undefined): unknown {
  if (options === null || options === undefined || options === '') return undefined;
  try {
    return JSON.parse(options);
  } catch {
    return options;
  }
}

export const TAG_HREF = /<a\s+[^>]*href=(['"])(.*?)\1[^>]*>/gs;

/**
 * ChatServiceImpl.write: store, then fan out (brief §2.6): the other members get `message-sent`, the sender's own
 * sessions get `message-read` with the same data (the ack), mentioned members get an extra `message-sent` whose
 * options are {"type":"type-mention"}, and receivers get an unread notification.
 */
export function writeMessage(
  emu: Emu,
  args: {
    sender: string;
    roomId: string;
    msg: string;
    options?: unknown;
    isSystem?: boolean;
    clientId?: string | null;
    silent?: boolean;
    at?: number;
  },
): ChatMessage {
  const room = emu.state.rooms.get(args.roomId);
  if (!room || !isRoomMember(emu, room, args.sender)) throw new ChatError(403, PETIT_MALIN);
  // Timestamps stay strictly increasing within a room (ties would break fromTimestamp polling).
  const previous = room.messages[room.messages.length - 1]?.timestamp;
  const wanted = args.at ?? emu.nowMs();
  const ts = previous === undefined ? wanted : Math.max(wanted, previous + 1);
  const m: ChatMessage = {
    msgId: nextMessageId(emu.state, ts),
    timestamp: ts,
    lastUpdatedTimestamp: null,
    user: args.sender,
    msg: args.msg,
    options: args.options,
    type: null,
    isSystem: args.isSystem ?? false,
  };
  room.messages.push(m);
  const receivers = usersToNotify(emu, room, args.sender);
  if (!args.silent) {
    const sender = emu.state.users.get(args.sender);
    const senderName = sender ? fullName(sender) : args.sender;
    const participants = roomMembers(emu.state, room);
    const mentioned: string[] = [];
    if (m.msg.includes('@')) {
      for (const match of m.msg.matchAll(TAG_HREF)) {
        const href = match[2] ?? '';
        const name = href.slice(href.lastIndexOf('/') + 1);
        if (participants.includes(name) && !mentioned.includes(name)) mentioned.push(name);
      }
    }
    const base = messageJson(emu, m);
    if (mentioned.length > 0) {
      const mentionData = {
        ...base,
        clientId: args.clientId ?? null,
        roomType: room.type,
        room: room.id,
        options: { type: 'type-mention' },
        roomDisplayName: roomFullName(emu, room, args.sender),
      };
      sendEvent(emu, mentioned, 'message-sent', room.id, args.sender, mentionData);
    }
    const data = {
      ...base,
      clientId: args.clientId ?? null,
      roomType: room.type,
      room: room.id,
      silentReceivers: [],
      roomDisplayName: room.type === 'u' ? senderName : roomFullName(emu, room, args.sender),
    };
    sendEvent(emu, [args.sender], 'message-read', room.id, args.sender, data);
    sendEvent(emu, receivers, 'message-sent', room.id, args.sender, data);
  }
  const content = m.msg.length > 30 ? m.msg.slice(0, 29) + '...' : m.msg;
  for (const r of receivers) {
    emu.state.chatUnread.push({
      user: r,
      from: args.sender,
      room: room.id,
      content,
      options: m.options,
      timestamp: ts,
    });
    if (!args.silent) notifyCount(emu, r);
  }
  markRead(emu, args.sender, room.id);
  return m;
}

export function editMessage(emu: Emu, roomId: string, sender: string, msgId: string, msg: string): boolean {
  const room = emu.state.rooms.get(roomId);
  const m = room?.messages.find((x) => x.msgId === msgId);
  if (!room || !m || m.user !== sender) return false;
  m.msg = msg;
  m.type = 'EDITED';
  m.lastUpdatedTimestamp = emu.nowMs();
  const data = messageJson(emu, m);
  sendEvent(emu, [sender, ...usersToNotify(emu, room, sender)], 'message-updated', room.id, sender, data);
  return true;
}

export function deleteMessage(emu: Emu, roomId: string, sender: string, msgId: string): boolean {
  const room = emu.state.rooms.get(roomId);
  const m = room?.messages.find((x) => x.msgId === msgId);
  if (!room || !m || m.user !== sender) return false;
  m.msg = 'DELETED';
  m.type = 'DELETED';
  m.lastUpdatedTimestamp = emu.nowMs();
  sendEvent(
    emu,
    [sender, ...usersToNotify(emu, room, sender)],
    'message-deleted',
    room.id,
    sender,
    messageJson(emu, m),
  );
  return true;
}

export function setChatStatus(emu: Emu, username: string, status: string): void {
  const u = emu.state.users.get(username);
  if (u && ['available', 'away', 'donotdisturb', 'invisible', 'offline'].includes(status))
    u.chatStatus = status as ChatStatus;
}

/** `read`: newest first, filtered on timestamp or lastUpdatedTimestamp in (from, to) (brief §2.4, F7). */
export function readMessages(
  emu: Emu,
  room: ChatRoom,
  from: number | null,
  to: number | null,
  limit: number,
): ChatMessage[] {
  const inRange = (t: number | null): boolean => t !== null && (from === null || t > from) && (to === null || t < to);
  return room.messages
    .filter((m) => inRange(m.timestamp) || inRange(m.lastUpdatedTimestamp))
    .sort((a, b) => b.timestamp - a.timestamp)
    .slice(0, limit);
}
