// Contract tests for eXo Chat: bootstrap, /chatServer servlet, read/unread, quirks (brief §2.1–2.5, §2.7, F5–F8, F10).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ExoEmulator } from './index';
import { type Client, loggedIn, withEmulator } from './test-helpers';

let emu: ExoEmulator;
type Json = Record<string, unknown>;

beforeEach(async () => {
  emu = await withEmulator({ now: () => new Date(Date.UTC(2025, 2, 10, 12, 0, 0)) });
});
afterEach(() => emu.close());

function chat(user: string, token = emu.control.chatToken(user)) {
  const auth = { Authorization: `Bearer ${token}` };
  return {
    get: (endpoint: string, params: Record<string, string>) =>
      fetch(`${emu.url}/chatServer/${endpoint}?${new URLSearchParams({ user, ...params })}`, { headers: auth }),
    post: (endpoint: string, form: Record<string, string>) =>
      fetch(`${emu.url}/chatServer/${endpoint}`, {
        method: 'POST',
        headers: { ...auth, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(form).toString(),
      }),
  };
}

describe('bootstrap (brief §2.2, F5)', () => {
  it('settings returns the token, the cometd token and the endpoints', async () => {
    const alice = await loggedIn(emu.url, 'alice');
    const s = await alice.json('/portal/rest/chat/api/1.0/user/settings');
    expect(s).toMatchObject({
      username: 'alice',
      token: emu.control.chatToken('alice'),
      fullName: 'Alice Martin',
      cometdToken: emu.control.cometdToken('alice'),
      serverURL: '/chatServer',
      standalone: false,
      wsEndpoint: '/cometd/cometd',
      offlineDelay: 60000,
      maxUploadSize: 100,
      canUploadFiles: true,
    });
    expect(s.sessionId).toBe(alice.jar.get('JSESSIONID'));
    expect(String(s.token)).toMatch(/^[0-9a-f]{40}$/);
  });

  it('the chat token is SHA-1(username + "chat")', async () => {
    const { createHash } = await import('node:crypto');
    expect(emu.control.chatToken('bob')).toBe(createHash('sha1').update('bobchat').digest('hex'));
  });

  it('a user who never opened chat gets 404 until settings has been called once', async () => {
    const get = () => chat('lgarnier').get('notification', {});
    expect((await get()).status).toBe(404);
    const luc = await loggedIn(emu.url, 'lgarnier');
    await luc.json('/portal/rest/chat/api/1.0/user/settings');
    expect((await get()).status).toBe(200);
  });

  it('token?tokenOnly=true is text/plain; no-store', async () => {
    const bob = await loggedIn(emu.url, 'bob');
    const res = await bob.fetch('/portal/rest/chat/api/1.0/user/token?tokenOnly=true');
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(res.headers.get('cache-control')).toBe('no-cache, no-store');
    expect(await res.text()).toBe(emu.control.chatToken('bob'));
  });

  it('online users and status reflect CometD presence; onlineStatus without users is 400', async () => {
    const bob = await loggedIn(emu.url, 'bob');
    emu.control.setOnline('alice', 'away');
    expect(await (await bob.fetch('/portal/rest/chat/api/1.0/user/onlineUsers')).text()).toBe('alice');
    expect(await bob.json('/portal/rest/chat/api/1.0/user/onlineStatus?users=alice,carol')).toEqual({
      alice: true,
      carol: false,
    });
    expect((await bob.fetch('/portal/rest/chat/api/1.0/user/onlineStatus')).status).toBe(400);
    expect(await bob.json('/portal/rest/state/status/alice')).toMatchObject({ userId: 'alice', status: 'away' });
    expect(await (await chat('bob').get('getStatus', { targetUser: 'alice' })).text()).toBe('away');
    expect(await (await chat('bob').get('getStatus', { targetUser: 'carol' })).text()).toBe('offline');
  });
});

describe('/chatServer token quirk (brief §2.1, §8.1)', () => {
  it('7.0: a bad token is 404 with an empty body; 3.x: "Petit malin !"', async () => {
    const res = await chat('alice', 'bad').get('userRooms', { onlineUsers: '' });
    expect(res.status).toBe(404);
    expect(await res.text()).toBe('');
    emu.control.setFeatures({ chatVersion: '3.x' });
    const old = await chat('alice', 'bad').get('userRooms', { onlineUsers: '' });
    expect(old.status).toBe(404);
    expect(await old.text()).toBe('Petit malin !');
  });

  it("the token also works as a query parameter; another user's token is refused", async () => {
    const ok = await fetch(`${emu.url}/chatServer/notification?user=alice&token=${emu.control.chatToken('alice')}`);
    expect(ok.status).toBe(200);
    const stolen = await fetch(`${emu.url}/chatServer/notification?user=alice&token=${emu.control.chatToken('bob')}`);
    expect(stolen.status).toBe(404);
  });

  it('7.0 splits methods: send is POST only, reads are GET only; 3.x takes either', async () => {
    const room = emu.control.directRoomId('alice', 'bob');
    const viaGet = await chat('alice').get('send', { sender: 'alice', room, message: 'x' });
    expect(viaGet.status).toBe(405);
    emu.control.setFeatures({ chatVersion: '3.x' });
    const res = await fetch(
      `${emu.url}/chatServer/send?${new URLSearchParams({ sender: 'alice', room, message: 'via GET', token: emu.control.chatToken('alice') })}`,
    );
    expect(res.status).toBe(200);
  });
});

describe('rooms (brief §2.3, F6)', () => {
  it('userRooms lists 1:1, team and space rooms with unread counts and string top-level values', async () => {
    const r = (await (
      await chat('alice').get('userRooms', {
        onlineUsers: '',
        filter: '',
        offset: '0',
        limit: '20',
        roomType: '',
        timestamp: '1',
      })
    ).json()) as Json & {
      rooms: Json[];
    };
    for (const k of [
      'unreadOffline',
      'unreadOnline',
      'unreadSpaces',
      'unreadTeams',
      'roomsCount',
      'unreadSilentRooms',
      'md5',
      'timestamp',
    ]) {
      expect(typeof r[k]).toBe('string');
    }
    const ab = r.rooms.find((x) => x.room === emu.control.directRoomId('alice', 'bob')) as Json;
    expect(ab).toMatchObject({
      type: 'u',
      user: 'bob',
      fullName: 'Bob Lefèvre',
      unreadTotal: 2,
      status: 'offline',
      isEnabledUser: 'true',
      isActive: 'true',
      isFavorite: false,
    });
    expect(typeof ab.timestamp).toBe('number');
    const team = r.rooms.find((x) => x.type === 't') as Json;
    expect(team).toMatchObject({
      fullName: 'Cellule de crise cyber',
      status: 'team',
      isFavorite: true,
      unreadTotal: 2,
    });
    expect(String(team.user)).toBe(`team-${String(team.room)}`);
    const space = r.rooms.find((x) => x.prettyName === 'direction_du_numerique') as Json;
    expect(space).toMatchObject({
      type: 's',
      status: 'space',
      groupId: '/spaces/direction_du_numerique',
      isEnabledUser: 'null',
      unreadTotal: 1,
    });
    expect(space.room).toBe(emu.control.spaceRoomId('direction_du_numerique'));
    expect(r.unreadOffline).toBe('2');
    const times = r.rooms.map((x) => Number(x.timestamp));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });

  it('userRooms without onlineUsers is a 500 (split without null check)', async () => {
    expect((await chat('alice').get('userRooms', {})).status).toBe(500);
  });

  it('paging and roomType filter', async () => {
    const page = (await (
      await chat('alice').get('userRooms', { onlineUsers: '', limit: '2', offset: '0' })
    ).json()) as { rooms: Json[]; roomsCount: string };
    expect(page.rooms).toHaveLength(2);
    expect(Number(page.roomsCount)).toBeGreaterThan(2);
    const spaces = (await (await chat('alice').get('userRooms', { onlineUsers: '', roomType: 's' })).json()) as {
      rooms: Json[];
    };
    expect(spaces.rooms.every((x) => x.type === 's')).toBe(true);
    const favs = (await (await chat('alice').get('userRooms', { onlineUsers: '', roomType: 'Favorites' })).json()) as {
      rooms: Json[];
    };
    expect(favs.rooms.map((x) => x.type)).toEqual(['t']);
  });

  it('getRoom answers the bare id labelled application/json; type=username creates the 1:1 room', async () => {
    const res = await chat('carol').get('getRoom', { targetUser: 'mbernard', type: 'username' });
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const body = await res.text();
    expect(body).toBe(emu.control.directRoomId('carol', 'mbernard'));
    expect(() => JSON.parse(body)).toThrow();
    const detail = (await (
      await chat('carol').get('getRoom', { targetUser: body, type: 'room-id', withDetail: 'true' })
    ).json()) as Json;
    expect(detail).toMatchObject({ room: body, user: 'mbernard', type: 'u' });
    const space = await (
      await chat('alice').get('getRoom', { targetUser: emu.control.spaceId('comite_rgpd'), type: 'space-id' })
    ).text();
    expect(space).toBe(emu.control.spaceRoomId('comite_rgpd'));
  });

  it('team rooms: create, validation errors, creator-only edits and delete', async () => {
    const c = chat('bob');
    const created = (await (
      await c.post('saveTeamRoom', { user: 'bob', teamName: 'Astreinte réseau', room: '---', users: 'bob,mbernard' })
    ).json()) as Json;
    expect(created).toMatchObject({
      name: 'Astreinte réseau',
      title: 'Astreinte réseau',
      room: emu.control.teamRoomId('bob', 'Astreinte réseau'),
    });
    expect(created.participants).toEqual(['mbernard']);
    const dup = await c.post('saveTeamRoom', { user: 'bob', teamName: 'Astreinte réseau', room: '', users: 'bob' });
    expect(dup.status).toBe(400);
    expect(await dup.text()).toBe('roomAlreadyExists.creator');
    expect((await c.post('saveTeamRoom', { user: 'bob', teamName: ' ', room: '---', users: '' })).status).toBe(400);
    const room = String(created.room);
    expect(
      (await chat('mbernard').post('saveTeamRoom', { user: 'mbernard', teamName: 'Renommée', room, users: 'mbernard' }))
        .status,
    ).toBe(404);
    expect((await chat('mbernard').post('deleteTeamRoom', { user: 'mbernard', room })).status).toBe(404);
    const system = emu.control.roomMessages(room)[0];
    expect(system).toMatchObject({ isSystem: true, options: { type: 'type-add-team-user', users: 'Mathieu Bernard' } });
    expect(await (await c.post('deleteTeamRoom', { user: 'bob', room })).text()).toBe('Updated!');
  });

  it('users and usersCount of a room', async () => {
    const room = emu.control.spaceRoomId('projet_lycees_connectes');
    const u = (await (await chat('alice').get('users', { room, onlineUsers: '', filter: '', limit: '10' })).json()) as {
      users: Json[];
    };
    expect(u.users.map((x) => x.name).sort()).toEqual(['bob', 'mbernard', 'srousseau']);
    expect(u.users[0]).toMatchObject({ isEnabled: 'true', isDeleted: 'false', isExternal: 'false' });
    expect(await (await chat('alice').get('usersCount', { room })).json()).toEqual({
      usersCount: 4,
      activeUsersCount: 4,
    });
  });

  it('favourites', async () => {
    const room = emu.control.directRoomId('alice', 'bob');
    expect(await (await chat('alice').get('toggleFavorite', { targetUser: room, favorite: 'true' })).text()).toBe(
      'Updated!',
    );
    expect(await (await chat('alice').get('isFavorite', { targetUser: room })).text()).toBe('true');
  });
});

describe('messages (brief §2.4, F7, F8)', () => {
  it('read: newest first, 7.0 default limit 20, timestamp as string, marks the room read', async () => {
    const room = emu.control.directRoomId('alice', 'bob');
    for (let i = 0; i < 25; i++) emu.control.sendChatMessage('bob', room, `message ${i}`);
    expect(emu.control.unreadCount('alice', room)).toBe(27);
    const r = (await (await chat('alice').get('read', { room })).json()) as {
      room: string;
      timestamp: string;
      messages: Json[];
    };
    expect(r.messages).toHaveLength(20);
    expect(r.messages[0]?.msg).toBe('message 24');
    expect(r.timestamp).toBe(String(r.messages[0]?.timestamp));
    expect(r.messages[0]).toMatchObject({
      user: 'bob',
      fullname: 'Bob Lefèvre',
      type: null,
      isSystem: false,
      isEnabledUser: 'true',
      isExternal: 'false',
    });
    expect(String(r.messages[0]?.msgId)).toMatch(/^[0-9a-f]{24}$/);
    expect(emu.control.unreadCount('alice', room)).toBe(0);
    emu.control.setFeatures({ chatVersion: '3.x' });
    const old = (await (await chat('alice').get('read', { room })).json()) as { messages: Json[] };
    expect(old.messages).toHaveLength(30);
  });

  it('read filters (from, to) on timestamp or lastUpdatedTimestamp; empty result has no timestamp', async () => {
    const room = emu.control.directRoomId('alice', 'bob');
    const before = (await (await chat('alice').get('read', { room, limit: '50' })).json()) as { messages: Json[] };
    const newest = Number(before.messages[0]?.timestamp);
    const empty = (await (await chat('alice').get('read', { room, fromTimestamp: String(newest) })).json()) as Json;
    expect(empty).toEqual({ room, messages: [] });
    const oldest = before.messages[before.messages.length - 1] as Json;
    // alice edits her oldest message: it reappears in a fromTimestamp poll.
    emu.control.state.rooms.get(room)!.messages[0]!.lastUpdatedTimestamp = Date.UTC(2025, 2, 10, 12, 0, 0);
    const polled = (await (await chat('alice').get('read', { room, fromTimestamp: String(newest) })).json()) as {
      messages: Json[];
    };
    expect(polled.messages.map((m) => m.msgId)).toEqual([oldest.msgId]);
    const window = (await (
      await chat('alice').get('read', { room, fromTimestamp: '0', toTimestamp: String(newest) })
    ).json()) as { messages: Json[] };
    expect(window.messages.some((m) => m.timestamp === newest)).toBe(false);
  });

  it('read by a non-member is 403 "Petit malin !"', async () => {
    const res = await chat('carol').get('read', { room: emu.control.directRoomId('alice', 'bob') });
    expect(res.status).toBe(403);
    expect(await res.text()).toBe('Petit malin !');
  });

  it('send decodes message and options once more: double-encode, or % and + are corrupted', async () => {
    const room = emu.control.directRoomId('alice', 'bob');
    const text = '100 % + 2 = café 👋';
    const ok = await chat('alice').post('send', {
      sender: 'alice',
      room,
      message: encodeURIComponent(text),
      isSystem: 'false',
      options: encodeURIComponent(JSON.stringify({ 'x-nonce': 'n-1' })),
    });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('ok');
    const stored = emu.control.roomMessages(room).at(-1);
    expect(stored).toMatchObject({ msg: text, options: { 'x-nonce': 'n-1' } });
    await chat('alice').post('send', { sender: 'alice', room, message: 'a+b' });
    expect(emu.control.roomMessages(room).at(-1)?.msg).toBe('a b');
    const broken = await chat('alice').post('send', { sender: 'alice', room, message: '100%' });
    expect(broken.status).toBe(500);
  });

  it('send to a room I am not in is 403', async () => {
    const res = await chat('carol').post('send', {
      sender: 'carol',
      room: emu.control.directRoomId('alice', 'bob'),
      message: 'x',
    });
    expect(res.status).toBe(403);
  });

  it('edit and delete are author-only (404 otherwise) and answer Updated!', async () => {
    const room = emu.control.directRoomId('alice', 'bob');
    const m = emu.control.sendChatMessage('alice', room, 'Coquille');
    expect((await chat('bob').post('edit', { user: 'bob', room, messageId: m.msgId, message: 'x' })).status).toBe(404);
    const edit = await chat('alice').post('edit', {
      user: 'alice',
      room,
      messageId: m.msgId,
      message: encodeURIComponent('Corrigé à 100%'),
    });
    expect(await edit.text()).toBe('Updated!');
    expect(emu.control.roomMessages(room).at(-1)).toMatchObject({ msg: 'Corrigé à 100%', type: 'EDITED' });
    expect((await chat('bob').post('delete', { user: 'bob', room, messageId: m.msgId })).status).toBe(404);
    expect(await (await chat('alice').post('delete', { user: 'alice', room, messageId: m.msgId })).text()).toBe(
      'Updated!',
    );
    const r = (await (await chat('bob').get('read', { room, limit: '1' })).json()) as { messages: Json[] };
    expect(r.messages[0]).toMatchObject({ msg: 'DELETED', type: 'DELETED' });
    expect(typeof r.messages[0]?.lastUpdatedTimestamp).toBe('number');
  });
});

describe('unread (brief §2.5, F10)', () => {
  it('notification total, details, SSE-like form; updateUnreadMessages clears a room', async () => {
    const c = chat('alice');
    const total = (await (await c.get('notification', {})).json()) as { total: number };
    expect(total.total).toBe(6);
    const d = (await (await c.get('notification', { withDetails: 'true' })).json()) as {
      total: number;
      notifications: Json[];
    };
    const fromBob = d.notifications.find((n) => n.from === 'bob') as Json;
    expect(fromBob).toMatchObject({
      type: 'chat',
      category: 'room',
      categoryId: emu.control.directRoomId('alice', 'bob'),
      fromFullName: 'Bob Lefèvre',
      roomType: 'u',
      options: '',
    });
    expect(String(fromBob.link)).toContain(`?room=${emu.control.directRoomId('alice', 'bob')}`);
    const long = d.notifications.find((n) => String(n.content).endsWith('...'));
    expect(String(long?.content)).toHaveLength(32);
    expect(await (await c.get('notification', { event: '1' })).text()).toBe('id: 6\ndata: {"total": 6}\n\n');
    expect(await (await c.get('updateUnreadMessages', { room: emu.control.directRoomId('alice', 'bob') })).text()).toBe(
      'Updated!',
    );
    expect(((await (await c.get('notification', {})).json()) as { total: number }).total).toBe(4);
  });
});

describe('file attachments (brief §2.7)', () => {
  it("upload (field userfile), pseudo-JSON progress, persist into the sender's Private/Documents shared with the peer", async () => {
    const alice: Client = await loggedIn(emu.url, 'alice');
    const form = new FormData();
    form.set('userfile', new Blob(['contenu du rapport']), 'rapport final.txt');
    await alice.fetch('/portal/rest/chat/api/1.0/file/upload?uploadId=42&action=upload', {
      method: 'POST',
      body: form,
    });
    const progress = await (
      await alice.fetch('/portal/rest/chat/api/1.0/file/upload?uploadId=42&action=progress', { method: 'POST' })
    ).text();
    expect(progress).toMatch(/^\{\s*upload : \{/);
    expect(progress).toContain('"percent":"100"');
    const persisted = await alice.json('/portal/rest/chat/api/1.0/file/persist', {
      method: 'POST',
      form: { uploadId: '42', token: emu.control.chatToken('alice'), targetRoom: 'bob', targetFullname: 'Bob Lefèvre' },
    });
    expect(persisted).toMatchObject({ status: 'ok', name: 'rapport final.txt', owner: 'alice' });
    expect(String(persisted.path)).toBe('/Users/a___/al___/ali___/alice/Private/Documents/rapport final.txt');
    expect(emu.control.document(String(persisted.path))?.sharedWith).toEqual(['bob']);
  });
});

describe('bulk history (benchmarks)', () => {
  it('bulk history: 10 000 silent messages stay fast to store and to page through', async () => {
    const room = emu.control.directRoomId('alice', 'bob');
    const t0 = Date.now();
    for (let i = 0; i < 10_000; i++)
      emu.control.sendChatMessage(i % 2 ? 'alice' : 'bob', room, `m${i}`, undefined, { silent: true });
    const r = (await (await chat('alice').get('read', { room, limit: '50' })).json()) as { messages: Json[] };
    expect(r.messages[0]?.msg).toBe('m9999');
    expect(Date.now() - t0).toBeLessThan(10_000);
  });
});
