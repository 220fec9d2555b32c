// The /chatServer/* servlet (brief §2.3–2.5, F6–F8, F10) and the /service/chat CometD events (brief §2.6).
import type { Emu } from './context';
import { type Ctx, params, send, sendJson, sendText } from './http';
import { type User, chatToken, findUser, fullName, roomMembers, spaceByPrettyName, spaceRoomId } from './state';
import { JavaUrlDecodeError, clampInt, javaUrlDecode, sha1Hex } from './util';
import {
  CHAT_CHANNEL,
  CHAT_PAGE,
  ChatError,
  PETIT_MALIN,
  createTeamRoom,
  deleteMessage,
  editMessage,
  effectiveStatus,
  ensureSpaceRoom,
  getOrCreateDirectRoom,
  isRoomMember,
  lastActivity,
  markRead,
  messageJson,
  parseOptions,
  readMessages,
  realtimeEvent,
  roomFullName,
  roomJson,
  roomsOf,
  sendEvent,
  setChatStatus,
  unreadFor,
  writeMessage,
} from './chat-model';

const POST_ONLY = new Set([
  'send',
  'edit',
  'delete',
  'saveTeamRoom',
  'deleteTeamRoom',
  'updateRoomMeetingStatus',
  'sendMeetingNotes',
  'updateRoomEnabled',
]);

function badToken(emu: Emu, ctx: Ctx): void {
  // 7.0: empty 404; 3.x: "Petit malin !" (brief §2.1).
  if (emu.features.chatVersion === '3.x') sendText(ctx.res, 404, PETIT_MALIN);
  else send(ctx.res, 404, null);
}

const NO_CACHE = { 'Cache-Control': 'no-cache' };

function json(ctx: Ctx, value: unknown): void {
  sendJson(ctx.res, 200, value, { ...NO_CACHE, 'Content-Type': 'application/json;charset=UTF-8' });
}

function plain(ctx: Ctx, text: string, status = 200): void {
  sendText(ctx.res, status, text, NO_CACHE);
}

function userRoomsJson(
  emu: Emu,
  username: string,
  onlineUsers: string,
  filter: string,
  roomType: string,
  offset: number,
  limit: number,
  paged: boolean,
) {
  void onlineUsers;
  const user = emu.state.users.get(username) as User;
  let rooms = roomsOf(emu, username);
  if (roomType === 'Favorites') rooms = rooms.filter((r) => user.chatFavorites.has(r.id));
  else if (roomType === 'u' || roomType === 's' || roomType === 't') rooms = rooms.filter((r) => r.type === roomType);
  if (filter) {
    const f = filter.toLowerCase();
    rooms = rooms.filter((r) => roomFullName(emu, r, username).toLowerCase().includes(f));
  }
  rooms.sort((a, b) => lastActivity(b) - lastActivity(a));
  const all = roomsOf(emu, username);
  let unreadOnline = 0;
  let unreadOffline = 0;
  let unreadSpaces = 0;
  let unreadTeams = 0;
  for (const r of all) {
    const n = unreadFor(emu, username, r.id);
    if (r.type === 's') unreadSpaces += n;
    else if (r.type === 't') unreadTeams += n;
    else if (emu.realtime.isOnline(r.members.find((m) => m !== username) ?? '')) unreadOnline += n;
    else unreadOffline += n;
  }
  const page = paged ? rooms.slice(offset, offset + limit) : rooms.slice(0, limit || undefined);
  const roomsJson = page.map((r) => roomJson(emu, r, username));
  return {
    unreadOffline: String(unreadOffline),
    unreadOnline: String(unreadOnline),
    unreadSpaces: String(unreadSpaces),
    unreadTeams: String(unreadTeams),
    roomsCount: String(rooms.length),
    unreadSilentRooms: '0',
    rooms: roomsJson,
    md5: sha1Hex(JSON.stringify(roomsJson)).slice(0, 32),
    timestamp: String(emu.nowMs()),
  };
}

function decodeOnce(value: string | null): string | null {
  return value === null ? null : javaUrlDecode(value);
}

export async function handleChatServer(emu: Emu, ctx: Ctx, endpoint: string): Promise<void> {
  const get = await params(ctx);
  const authz = ctx.req.headers.authorization;
  // ChatAuthenticationFilter turns "Bearer <token>" into the token parameter.
  const token = authz?.startsWith('Bearer ') ? authz.slice(7).trim() : get('token');
  const username = endpoint === 'send' ? get('sender') : get('user');
  const user = findUser(emu.state, username);
  if (!user || user.username !== username || !user.chatRegistered || token !== chatToken(user.username)) {
    badToken(emu, ctx);
    return;
  }
  if (emu.features.chatVersion === '7.0') {
    const wantPost = POST_ONLY.has(endpoint);
    if (wantPost !== (ctx.method === 'POST')) {
      // 7.0 servlet: writes are POST only, reads GET only (405 status inferred).
      sendText(ctx.res, 405, 'Method Not Allowed');
      return;
    }
  }
  const me = user.username;
  try {
    switch (endpoint) {
      case 'userRooms':
      case 'whoIsOnline': {
        const onlineUsers = get('onlineUsers');
        if (onlineUsers === null) {
          // onlineUsers.split(",") without a null check (brief §2.3).
          plain(ctx, 'java.lang.NullPointerException', 500);
          return;
        }
        const paged = endpoint === 'userRooms';
        json(
          ctx,
          userRoomsJson(
            emu,
            me,
            onlineUsers,
            get('filter') ?? '',
            paged ? (get('roomType') ?? '') : '',
            clampInt(get('offset'), 0, 0, 1e9),
            clampInt(get('limit'), 20, 0, 1e9),
            paged,
          ),
        );
        return;
      }
      case 'getRoom': {
        const target = get('targetUser') ?? '';
        const type = get('type');
        let roomId: string | null = null;
        if (type === 'room-id') roomId = target;
        else if (type === 'space-name') {
          const space =
            spaceByPrettyName(emu.state, target) ??
            [...emu.state.spaces.values()].find((s) => s.displayName === target);
          roomId = space ? ensureSpaceRoom(emu, space.id).id : null;
        } else if (type === 'space-id') roomId = spaceRoomId(target);
        else if (type === 'username' || (!type && !/^(space|team|external)-/.test(target))) {
          const other = findUser(emu.state, target);
          roomId = other ? getOrCreateDirectRoom(emu, me, other.username).id : null;
        } else if (!type && target.startsWith('space-')) roomId = target.slice(6);
        else if (!type && target.startsWith('team-')) roomId = target.slice(5);
        if (!roomId) {
          plain(ctx, 'No Room yet', 404);
          return;
        }
        if (get('withDetail') === 'true') {
          const room = emu.state.rooms.get(roomId);
          if (!room) {
            plain(ctx, 'No Room yet', 404);
            return;
          }
          json(ctx, roomJson(emu, room, me));
          return;
        }
        // The bare room id, labelled application/json but not JSON (brief §2.3).
        send(ctx.res, 200, roomId, { ...NO_CACHE, 'Content-Type': 'application/json;charset=UTF-8' });
        return;
      }
      case 'read': {
        const room = emu.state.rooms.get(get('room') ?? '');
        if (!room || !isRoomMember(emu, room, me)) throw new ChatError(403, PETIT_MALIN);
        const num = (v: string | null): number | null => (v && /^-?\d+$/.test(v) ? Number(v) : null);
        const defaultLimit = emu.features.chatVersion === '3.x' ? 200 : 20;
        const limit = clampInt(get('limit'), 0, 0, 1e9) || defaultLimit;
        const messages = readMessages(emu, room, num(get('fromTimestamp')), num(get('toTimestamp')), limit);
        markRead(emu, me, room.id);
        if (get('isTextOnly') === 'true') {
          const lines = [...messages]
            .reverse()
            .map(
              (m) =>
                `[${new Date(m.timestamp).toISOString().slice(11, 16)}] ${messageJson(emu, m).fullname as string}: ${m.msg}`,
            );
          sendText(ctx.res, 200, lines.join('\n'), NO_CACHE);
          return;
        }
        const first = messages[0];
        json(
          ctx,
          first
            ? { room: room.id, timestamp: String(first.timestamp), messages: messages.map((m) => messageJson(emu, m)) }
            : { room: room.id, messages: [] },
        );
        return;
      }
      case 'send': {
        const message = get('message');
        if (message !== null) {
          // The server URL-decodes message and options once more (brief §2.4).
          const msg = decodeOnce(message) ?? '';
          const options = decodeOnce(get('options'));
          writeMessage(emu, {
            sender: me,
            roomId: get('room') ?? '',
            msg,
            options: parseOptions(options),
            isSystem: get('isSystem') === 'true',
          });
        }
        plain(ctx, 'ok');
        return;
      }
      case 'edit': {
        const msg = decodeOnce(get('message') ?? '') ?? '';
        if (!editMessage(emu, get('room') ?? '', me, get('messageId') ?? '', msg)) {
          plain(ctx, '', 404);
          return;
        }
        plain(ctx, 'Updated!');
        return;
      }
      case 'delete':
        if (!deleteMessage(emu, get('room') ?? '', me, get('messageId') ?? '')) {
          plain(ctx, '', 404);
          return;
        }
        plain(ctx, 'Updated!');
        return;
      case 'updateUnreadMessages':
        markRead(emu, me, get('room'));
        plain(ctx, 'Updated!');
        return;
      case 'notification': {
        const detailed = get('withDetails') === 'true';
        const mine = emu.state.chatUnread.filter((n) => n.user === me);
        const total = mine.length;
        if (get('event') === '1') {
          send(ctx.res, 200, `id: ${total}\ndata: {"total": ${total}}\n\n`, {
            ...NO_CACHE,
            'Content-Type': 'application/json;charset=UTF-8',
          });
          return;
        }
        if (!detailed) {
          json(ctx, { total });
          return;
        }
        json(ctx, {
          total,
          notifications: mine.map((n) => {
            const from = emu.state.users.get(n.from);
            const room = emu.state.rooms.get(n.room);
            return {
              user: n.user,
              type: 'chat',
              from: n.from,
              fromFullName: from ? fullName(from) : n.from,
              category: 'room',
              categoryId: n.room,
              content: n.content,
              link: `${CHAT_PAGE}?room=${n.room}`,
              options: n.options ?? '',
              roomDisplayName: room ? roomFullName(emu, room, me) : '',
              roomType: room?.type ?? 'u',
              timestamp: n.timestamp,
            };
          }),
        });
        return;
      }
      case 'getStatus': {
        const target = get('targetUser');
        plain(ctx, target ? effectiveStatus(emu, target) : 'invisible');
        return;
      }
      case 'setStatus': {
        const status = get('status') ?? '';
        setChatStatus(emu, me, status);
        plain(ctx, status);
        return;
      }
      case 'users': {
        const room = emu.state.rooms.get(get('room') ?? '');
        const filter = (get('filter') ?? '').toLowerCase();
        const limitRaw = get('limit');
        if (limitRaw !== null && !/^\d+$/.test(limitRaw)) {
          plain(ctx, "The 'limit' parameter value is invalid", 400);
          return;
        }
        let names = room ? roomMembers(emu.state, room) : [...emu.state.users.keys()];
        names = names.filter((n) => n !== me);
        if (get('onlineOnly') === 'true') names = names.filter((n) => emu.realtime.isOnline(n));
        const users = names
          .map((n) => emu.state.users.get(n))
          .filter((u): u is User => !!u)
          .filter((u) => !filter || fullName(u).toLowerCase().includes(filter) || u.username.includes(filter))
          .slice(0, Number(limitRaw ?? 0) || undefined)
          .map((u) => ({
            name: u.username,
            email: u.email,
            status: effectiveStatus(emu, u.username),
            fullname: fullName(u),
            isEnabled: String(u.enabled),
            isDeleted: 'false',
            isExternal: String(u.external),
          }));
        json(ctx, { users, md5: sha1Hex(JSON.stringify(users)).slice(0, 32), timestamp: String(emu.nowMs()) });
        return;
      }
      case 'usersCount': {
        const room = emu.state.rooms.get(get('room') ?? '');
        const members = room ? roomMembers(emu.state, room) : [];
        json(ctx, {
          usersCount: members.length,
          activeUsersCount: members.filter((m) => emu.state.users.get(m)?.enabled).length,
        });
        return;
      }
      case 'saveTeamRoom':
        return saveTeamRoom(emu, ctx, me, get);
      case 'deleteTeamRoom': {
        const room = emu.state.rooms.get(get('room') ?? '');
        if (!room || room.type !== 't' || room.creator !== me) {
          plain(ctx, '', 404);
          return;
        }
        const members = roomMembers(emu.state, room);
        emu.state.rooms.delete(room.id);
        emu.state.chatUnread = emu.state.chatUnread.filter((n) => n.room !== room.id);
        sendEvent(emu, members, 'room-deleted', room.id, me, null);
        plain(ctx, 'Updated!');
        return;
      }
      case 'getCreator': {
        plain(ctx, emu.state.rooms.get(get('room') ?? '')?.creator ?? '');
        return;
      }
      case 'toggleFavorite': {
        const target = get('targetUser') ?? '';
        const fav = get('favorite') === 'true';
        if (fav) user.chatFavorites.add(target);
        else user.chatFavorites.delete(target);
        sendEvent(emu, [me], fav ? 'favorite-added' : 'favorite-removed', target, me, null);
        plain(ctx, 'Updated!');
        return;
      }
      case 'isFavorite':
        plain(ctx, String(user.chatFavorites.has(get('targetUser') ?? '')));
        return;
      case 'isRoomEnabled': {
        const space = emu.state.spaces.get(get('spaceId') ?? '');
        plain(ctx, String(space?.chatEnabled ?? true));
        return;
      }
      case 'updateRoomEnabled': {
        const space = emu.state.spaces.get(get('spaceId') ?? '');
        if (space) {
          space.chatEnabled = get('enabled') === 'true';
          const room = ensureSpaceRoom(emu, space.id);
          for (const m of space.members) markRead(emu, m, room.id);
        }
        plain(ctx, 'Updated.');
        return;
      }
      default:
        sendText(ctx.res, 404, '');
    }
  } catch (e) {
    if (e instanceof ChatError) plain(ctx, e.message, e.status);
    else if (e instanceof JavaUrlDecodeError) plain(ctx, e.message, 500);
    else throw e;
  }
}

function saveTeamRoom(emu: Emu, ctx: Ctx, me: string, get: (n: string) => string | null): void {
  let teamName = get('teamName') ?? '';
  teamName = javaUrlDecode(teamName).trim();
  if (teamName === '') {
    plain(ctx, 'Data is invalid!', 400);
    return;
  }
  let roomId = get('room');
  if (!roomId || roomId === '---') {
    for (const r of emu.state.rooms.values()) {
      if (r.type !== 't' || r.teamName !== teamName) continue;
      if (r.creator === me) {
        plain(ctx, 'roomAlreadyExists.creator', 400);
        return;
      }
      if (r.members.includes(me)) {
        plain(ctx, 'roomAlreadyExists.notCreator', 400);
        return;
      }
    }
    roomId = createTeamRoom(emu, me, teamName, []).id;
  }
  const room = emu.state.rooms.get(roomId);
  if (!room || room.type !== 't' || room.creator !== me) {
    plain(ctx, PETIT_MALIN, 404);
    return;
  }
  const requested = (get('users') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s && emu.state.users.has(s));
  const existing = [...room.members];
  const toAdd = requested.filter((u) => !existing.includes(u));
  const toRemove = requested.length ? existing.filter((u) => !requested.includes(u) && u !== me) : [];
  const meUser = emu.state.users.get(me);
  const myName = meUser ? fullName(meUser) : me;
  const names = (list: string[]): string =>
    list
      .map((u) => emu.state.users.get(u))
      .filter((u): u is User => !!u)
      .map(fullName)
      .join('; ');
  if (toRemove.length) {
    writeMessage(emu, {
      sender: me,
      roomId: room.id,
      msg: '',
      isSystem: true,
      options: { type: 'type-remove-team-user', users: names(toRemove), fullname: myName },
    });
    room.members = room.members.filter((u) => !toRemove.includes(u));
    for (const u of toRemove) markRead(emu, u, room.id);
  }
  room.teamName = teamName;
  if (toAdd.length) {
    room.members.push(...toAdd);
    const shown = toAdd.filter((u) => u !== me);
    writeMessage(emu, {
      sender: me,
      roomId: room.id,
      msg: '',
      isSystem: true,
      options: { type: 'type-add-team-user', users: names(shown), fullname: myName },
    });
  }
  const data = { ...roomJson(emu, room, me), title: teamName, participants: toAdd };
  const notify = existing.filter((u) => requested.includes(u) || u === me);
  if (!notify.includes(me)) notify.push(me);
  sendEvent(emu, notify, 'room-updated', room.id, me, data);
  json(ctx, { ...data, name: teamName, room: room.id });
}

// ---------------------------------------------------------------------------------------------------------------
// CometD /service/chat (brief §2.6; chat-application CometdService)

export function handleServiceChat(emu: Emu, _sessionUser: string, data: unknown): void {
  // The payload must be a JSON string: a JSON object is a ClassCastException on the server, dropped silently.
  if (typeof data !== 'string') return;
  let msg: Record<string, unknown>;
  try {
    msg = JSON.parse(data) as Record<string, unknown>;
  } catch {
    return;
  }
  const sender = typeof msg.sender === 'string' ? msg.sender : '';
  const user = emu.state.users.get(sender);
  if (!user || msg.token !== chatToken(sender)) return; // silently dropped
  const event = msg.event;
  const inner = (typeof msg.data === 'object' && msg.data !== null ? msg.data : {}) as Record<string, unknown>;
  const str = (v: unknown): string =>
    v === null || v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v);
  try {
    switch (event) {
      case 'user-status-changed': {
        const payload = realtimeEvent('user-status-changed', str(msg.room) || null, sender, inner, emu.nowMs());
        emu.realtime.deliverToAll(CHAT_CHANNEL, payload);
        setChatStatus(emu, sender, str(inner.status));
        return;
      }
      case 'message-read': {
        const room = str(msg.room);
        markRead(emu, sender, room || null);
        sendEvent(emu, [sender], 'message-read', room || null, sender, null);
        return;
      }
      case 'message-sent': {
        const options =
          inner.options === undefined || inner.options === null ? undefined : parseOptions(str(inner.options));
        writeMessage(emu, {
          sender,
          roomId: str(inner.room),
          msg: str(inner.msg),
          options,
          isSystem: str(inner.isSystem) === 'true',
          clientId: inner.clientId === undefined ? null : str(inner.clientId),
        });
        return;
      }
      case 'message-updated':
        editMessage(emu, str(msg.room), sender, str(inner.msgId), str(inner.msg));
        return;
      case 'message-deleted':
        deleteMessage(emu, str(msg.room), sender, str(inner.msgId));
        return;
      case 'room-deleted': {
        const room = emu.state.rooms.get(str(msg.room));
        if (room?.type === 't' && room.creator === sender) {
          const members = roomMembers(emu.state, room);
          emu.state.rooms.delete(room.id);
          sendEvent(emu, members, 'room-deleted', room.id, sender, null);
        }
        return;
      }
      case 'room-member-leave-requested': {
        const room = emu.state.rooms.get(str(msg.room));
        if (!room || room.type !== 't') return;
        const options = { ...((msg.options as Record<string, unknown>) ?? {}), type: 'room-member-left' };
        writeMessage(emu, { sender, roomId: room.id, msg: '', isSystem: true, options, clientId: str(msg.clientId) });
        const before = roomMembers(emu.state, room);
        room.members = room.members.filter((m) => m !== sender);
        sendEvent(emu, before, 'room-member-left', room.id, sender, options);
        markRead(emu, sender, room.id);
        return;
      }
      default:
        return;
    }
  } catch (e) {
    if (e instanceof ChatError) return; // "Should response a message somehow in websocket." — nothing is sent back
    throw e;
  }
}
