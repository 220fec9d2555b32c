// Contract tests for CometD/Bayeux realtime (brief §2.6, §3.4, F9): two emulated users chat in real time.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { ExoEmulator } from './index';
import { Bayeux, loggedIn, withEmulator } from './test-helpers';

let emu: ExoEmulator;
const clients: Bayeux[] = [];
type Json = Record<string, unknown>;

beforeEach(async () => {
  emu = await withEmulator();
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.stop()));
  await emu.close();
});

async function connect(user: string): Promise<Bayeux> {
  const c = new Bayeux(emu.url, user, emu.control.cometdToken(user));
  const hs = await c.handshake();
  expect(hs.successful).toBe(true);
  expect((await c.subscribe('/service/chat')).successful).toBe(true);
  c.start();
  clients.push(c);
  return c;
}

function chatEvent(user: string, event: string, room: string, data: Json): string {
  return JSON.stringify({ event, sender: user, token: emu.control.chatToken(user), room, data });
}

describe('handshake and security policy', () => {
  it('handshake needs exoId + exoToken; a wrong token is 403::handshake_denied', async () => {
    const c = new Bayeux(emu.url, 'alice', 'wrong');
    const hs = await c.handshake();
    expect(hs).toMatchObject({ channel: '/meta/handshake', successful: false, error: '403::handshake_denied' });
    const ok = new Bayeux(emu.url, 'alice', emu.control.cometdToken('alice'));
    const good = await ok.handshake();
    expect(good).toMatchObject({
      successful: true,
      version: '1.0',
      supportedConnectionTypes: ['websocket', 'long-polling'],
    });
    expect(good.advice).toMatchObject({ reconnect: 'retry', interval: 0 });
    clients.push(ok);
  });

  it('the token is checked again on subscribe; an unknown clientId is 402::session_unknown', async () => {
    const c = new Bayeux(emu.url, 'bob', emu.control.cometdToken('bob'));
    await c.handshake();
    clients.push(c);
    expect(await c.subscribe('/service/chat', 'nope')).toMatchObject({
      successful: false,
      error: '403::subscribe_denied',
    });
    const [reply] = await c.post([{ channel: '/meta/connect', clientId: 'ghost', connectionType: 'long-polling' }]);
    expect(reply).toMatchObject({
      successful: false,
      error: '402::session_unknown',
      advice: { reconnect: 'handshake' },
    });
  });

  it('the cometd token from settings / user/cometdToken is the one to use; it changes on a server restart', async () => {
    const alice = await loggedIn(emu.url, 'alice');
    const token = await (await alice.fetch('/portal/rest/chat/api/1.0/user/cometdToken')).text();
    expect(token).toBe(emu.control.cometdToken('alice'));
    emu.control.rotateCometdTokens();
    expect((await new Bayeux(emu.url, 'alice', token).handshake()).successful).toBe(false);
    const fresh = await (await alice.fetch('/portal/rest/chat/api/1.0/user/cometdToken')).text();
    expect(fresh).not.toBe(token);
    const c = new Bayeux(emu.url, 'alice', fresh);
    expect((await c.handshake()).successful).toBe(true);
    clients.push(c);
  });
});

describe('alice and bob chat in real time', () => {
  it('message-sent reaches bob; alice gets message-read with her clientId as the ack; stored once', async () => {
    const alice = await connect('alice');
    const bob = await connect('bob');
    const room = emu.control.directRoomId('alice', 'bob');
    const before = emu.control.roomMessages(room).length;
    const reply = await alice.publish(
      '/service/chat',
      chatEvent('alice', 'message-sent', room, {
        clientId: 'c-1',
        timestamp: Date.now(),
        msg: 'On se voit à 15 h ?',
        room,
        options: { 'x-nonce': 'n-42' },
        isSystem: false,
        user: 'alice',
        fullname: 'Alice Martin',
      }),
    );
    expect(reply.successful).toBe(true);
    const got = await bob.waitFor((e) => e.event === 'message-sent' && e.room === room);
    expect(got).toMatchObject({ sender: 'alice', room });
    expect(typeof got.ts).toBe('number');
    expect(got.data).toMatchObject({
      msg: 'On se voit à 15 h ?',
      user: 'alice',
      fullname: 'Alice Martin',
      options: { 'x-nonce': 'n-42' },
      clientId: 'c-1',
      roomType: 'u',
      room,
      silentReceivers: [],
      roomDisplayName: 'Alice Martin',
      type: null,
      isSystem: false,
    });
    const ack = await alice.waitFor((e) => e.event === 'message-read' && (e.data as Json | null)?.clientId === 'c-1');
    expect((ack.data as Json).msgId).toBe((got.data as Json).msgId);
    const count = await bob.waitFor((e) => e.event === 'notification-count-updated');
    expect((count.data as Json).totalUnreadMsg).toBe(emu.control.unreadCount('bob'));
    expect(emu.control.unreadCount('bob', room)).toBe(1);
    // Delivered data is a JSON string, not an object.
    expect(typeof bob.received.find((m) => m.channel === '/service/chat')?.data).toBe('string');
    const stored = emu.control.roomMessages(room);
    expect(stored.length).toBe(before + 1);
    expect(stored.at(-1)).toMatchObject({ msg: 'On se voit à 15 h ?', options: { 'x-nonce': 'n-42' } });
    // clientId is echoed, not stored.
    expect(JSON.stringify(stored.at(-1))).not.toContain('c-1');
  });

  it('bob answers over REST /send: alice receives it through CometD', async () => {
    const alice = await connect('alice');
    const room = emu.control.directRoomId('alice', 'bob');
    const res = await fetch(`${emu.url}/chatServer/send`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${emu.control.chatToken('bob')}`,
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({
        sender: 'bob',
        room,
        message: encodeURIComponent('Oui, 15 h 👍'),
        options: encodeURIComponent('{}'),
      }).toString(),
    });
    expect(res.status).toBe(200);
    const e = await alice.waitFor((x) => x.event === 'message-sent' && (x.data as Json).msg === 'Oui, 15 h 👍');
    expect((e.data as Json).clientId).toBeNull();
  });

  it('edit, delete and read markers fan out; events from others or with a bad token are dropped silently', async () => {
    const alice = await connect('alice');
    const bob = await connect('bob');
    const room = emu.control.directRoomId('alice', 'bob');
    const m = emu.control.sendChatMessage('alice', room, 'Premier jet');
    await alice.publish(
      '/service/chat',
      chatEvent('alice', 'message-updated', room, { msgId: m.msgId, msg: 'Version finale' }),
    );
    const upd = await bob.waitFor((e) => e.event === 'message-updated');
    expect(upd.data).toMatchObject({ msgId: m.msgId, msg: 'Version finale', type: 'EDITED' });
    await bob.publish('/service/chat', chatEvent('bob', 'message-deleted', room, { msgId: m.msgId }));
    await alice.publish(
      '/service/chat',
      JSON.stringify({ event: 'message-deleted', sender: 'alice', token: 'forged', room, data: { msgId: m.msgId } }),
    );
    // An object instead of a JSON string is a ClassCastException on the server: dropped.
    await alice.publish('/service/chat', {
      event: 'message-sent',
      sender: 'alice',
      token: emu.control.chatToken('alice'),
      room,
      data: { room, clientId: 'x', msg: 'objet' },
    });
    await new Promise((r) => setTimeout(r, 150));
    expect(emu.control.roomMessages(room).find((x) => x.msgId === m.msgId)?.type).toBe('EDITED');
    expect(emu.control.roomMessages(room).some((x) => x.msg === 'objet')).toBe(false);
    await alice.publish('/service/chat', chatEvent('alice', 'message-deleted', room, { msgId: m.msgId }));
    const del = await bob.waitFor((e) => e.event === 'message-deleted');
    expect(del.data).toMatchObject({ msgId: m.msgId, msg: 'DELETED', type: 'DELETED' });
    expect(emu.control.unreadCount('bob', room)).toBeGreaterThan(0);
    await bob.publish('/service/chat', chatEvent('bob', 'message-read', room, {}));
    await bob.waitFor((e) => e.event === 'message-read' && e.data === null);
    expect(emu.control.unreadCount('bob', room)).toBe(0);
  });

  it('mentions send an extra message-sent with options.type "type-mention" to the mentioned member', async () => {
    const bob = await connect('bob');
    const room = emu.control.teamRoomId('alice', 'Cellule de crise cyber');
    emu.control.sendChatMessage('alice', room, 'Tu peux regarder <a href="/portal/dw/profile/bob">@Bob Lefèvre</a> ?');
    await bob.waitFor(
      (e) =>
        e.event === 'message-sent' &&
        (e.data as Json).roomType === 't' &&
        ((e.data as Json).options as Json)?.type === 'type-mention',
    );
    await bob.waitFor(
      (e) =>
        e.event === 'message-sent' &&
        (e.data as Json).roomDisplayName === 'Cellule de crise cyber' &&
        !((e.data as Json).options as Json | undefined)?.type,
    );
  });

  it('a space room message reaches every member but the sender', async () => {
    const bob = await connect('bob');
    const carol = await connect('carol');
    const room = emu.control.spaceRoomId('projet_lycees_connectes');
    emu.control.sendChatMessage('srousseau', room, 'Visite du lycée Joffre demain');
    const e = await bob.waitFor((x) => x.event === 'message-sent' && x.room === room);
    expect(e.data).toMatchObject({ roomType: 's', roomDisplayName: 'Projet Lycées connectés' });
    await new Promise((r) => setTimeout(r, 100));
    expect(carol.events().some((x) => x.room === room)).toBe(false);
  });

  it('user-status-changed goes to everybody connected and sets the status', async () => {
    const alice = await connect('alice');
    const bob = await connect('bob');
    await alice.publish('/service/chat', chatEvent('alice', 'user-status-changed', '', { status: 'donotdisturb' }));
    const e = await bob.waitFor((x) => x.event === 'user-status-changed');
    expect(e).toMatchObject({ sender: 'alice', data: { status: 'donotdisturb' } });
    expect(emu.control.chatStatus('alice')).toBe('donotdisturb');
  });
});

describe('presence = a live CometD session (brief §2.5)', () => {
  it('online while connected; offline after disconnect or when long-polling stops for maxInterval', async () => {
    const bobWeb = await loggedIn(emu.url, 'bob');
    const alice = await connect('alice');
    expect(await bobWeb.json('/portal/rest/state/status/alice')).toMatchObject({ status: 'available' });
    expect(Number((await bobWeb.json('/portal/rest/state/status/alice')).lastActivity)).toBeGreaterThan(0);
    await alice.stop();
    expect(await bobWeb.json('/portal/rest/state/status/alice')).toEqual({
      userId: 'alice',
      lastActivity: 0,
      status: 'offline',
    });
    const silent = new Bayeux(emu.url, 'carol', emu.control.cometdToken('carol'));
    await silent.handshake();
    expect(emu.control.isOnline('carol')).toBe(true);
    await new Promise((r) => setTimeout(r, 2600)); // maxIntervalMs 2000 in tests
    expect(emu.control.isOnline('carol')).toBe(false);
  });
});

describe('platform channels (brief §3.4)', () => {
  it('web notifications arrive on /eXo/Application/web/NotificationMessage; ActivityStream events are broadcast', async () => {
    const alice = await connect('alice');
    expect((await alice.subscribe('/eXo/Application/ActivityStream')).successful).toBe(true);
    await alice.subscribe('/eXo/Application/web/NotificationMessage');
    const id = emu.control.post('bob', { space: 'direction_du_numerique' }, '<p>Question pour @alice</p>');
    const n = await alice.waitFor(
      (e) => e.pluginId === 'ActivityMentionPlugin',
      '/eXo/Application/web/NotificationMessage',
    );
    expect(n).toMatchObject({ from: 'bob', to: 'alice' });
    expect(typeof n.numberOnBadge).toBe('number');
    const a = await alice.waitFor((e) => e.activityId === id, '/eXo/Application/ActivityStream');
    expect(a).toMatchObject({ eventName: 'createActivity', spaceId: emu.control.spaceId('direction_du_numerique') });
  });
});

describe('WebSocket transport', () => {
  it('handshake, subscribe and immediate delivery over ws://…/cometd/cometd', async () => {
    const ws = new WebSocket(`${emu.url.replace('http', 'ws')}/cometd/cometd`);
    const inbox: Json[] = [];
    const waiters: (() => void)[] = [];
    ws.on('message', (raw) => {
      inbox.push(...(JSON.parse(String(raw)) as Json[]));
      for (const w of waiters.splice(0)) w();
    });
    await new Promise((r) => ws.once('open', r));
    const next = async (pred: (m: Json) => boolean): Promise<Json> => {
      for (let i = 0; i < 50; i++) {
        const hit = inbox.find(pred);
        if (hit) return hit;
        await new Promise<void>((r) => {
          waiters.push(r);
          setTimeout(r, 100);
        });
      }
      throw new Error('timeout');
    };
    const token = emu.control.cometdToken('bob');
    ws.send(
      JSON.stringify([
        {
          channel: '/meta/handshake',
          id: '1',
          version: '1.0',
          supportedConnectionTypes: ['websocket'],
          exoId: 'bob',
          exoToken: token,
        },
      ]),
    );
    const hs = await next((m) => m.channel === '/meta/handshake');
    const clientId = String(hs.clientId);
    ws.send(
      JSON.stringify([
        { channel: '/meta/subscribe', id: '2', clientId, subscription: '/service/chat', exoId: 'bob', exoToken: token },
      ]),
    );
    await next((m) => m.channel === '/meta/subscribe' && m.successful === true);
    ws.send(JSON.stringify([{ channel: '/meta/connect', id: '3', clientId, connectionType: 'websocket' }]));
    await next((m) => m.channel === '/meta/connect');
    ws.send(JSON.stringify([{ channel: '/meta/connect', id: '4', clientId, connectionType: 'websocket' }]));
    emu.control.sendChatMessage('alice', emu.control.directRoomId('alice', 'bob'), 'Par WebSocket');
    const msg = await next((m) => m.channel === '/service/chat');
    expect(JSON.parse(String(msg.data))).toMatchObject({ event: 'message-sent', data: { msg: 'Par WebSocket' } });
    expect(emu.control.isOnline('bob')).toBe(true);
    ws.close();
    await new Promise((r) => setTimeout(r, 100));
    expect(emu.control.isOnline('bob')).toBe(false);
  });
});
