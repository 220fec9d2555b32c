// The XMPP chat port against the real Prosody (e2e/servers): alice through the connector, bob and carol
// driven directly. Every test uses fresh texts and rooms: the server's archives outlive test runs.
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, test } from 'vitest';
import type { ChatChange } from '../../core/ports';
import { XmppChat, type XmppChatOptions } from './chat';
import { xmppIds } from './ids';
import { presenceOf } from './presence';
import { xml } from './session';
import { NS } from './stanzas';
import {
  archivedWithOriginId,
  befriend,
  createRoom,
  jidOf,
  memorySink,
  peer,
  tcpProxy,
  testLogin,
  testNetwork,
  testServer,
  type Peer,
} from './testing';

const ACCOUNT = 'xmpp-alice';
const ids = xmppIds(ACCOUNT);
const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step().catch(() => undefined);
});

async function startPeer(user: 'bob' | 'carol' | 'alice'): Promise<Peer> {
  const p = await peer(user);
  cleanup.push(() => p.close());
  return p;
}

/** Alice through the connector, listening, once caught up. */
async function startAlice(options: Partial<XmppChatOptions> = {}) {
  const memory = memorySink(ACCOUNT);
  const changes: ChatChange[] = [];
  const chat = new XmppChat({
    accountId: ACCOUNT,
    server: testServer(),
    login: testLogin('alice'),
    network: testNetwork(),
    retry: { firstMs: 50, maxMs: 200 },
    ...options,
  });
  cleanup.push(() => chat.close());
  chat.listen(memory.sink, (change) => changes.push(change));
  await until(() => changes.some((change) => change.kind === 'connection' && change.online));
  return { chat, changes, ...memory };
}

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const textOf = (...parts: string[]) => `${parts.join(' ')} ${randomUUID().slice(0, 8)}`;

describe('XMPP chat against Prosody', () => {
  test('roster, presence both ways and one-to-one messages both ways', async () => {
    const bob = await startPeer('bob');
    const aliceDirect = await startPeer('alice');
    await befriend(aliceDirect, bob);
    await aliceDirect.close();

    const alice = await startAlice();
    const withBob = ids.conversation(bob.jid);
    expect(alice.conversations.get(withBob)).toMatchObject({ kind: 'direct', title: 'bob' });
    expect(alice.people.get(ids.person(bob.jid))).toMatchObject({ name: 'bob', address: bob.jid });
    await until(() => alice.people.get(ids.person(bob.jid))?.presence === 'available');

    await bob.session.send(xml('presence', {}, xml('show', {}, 'dnd')));
    await until(() => alice.people.get(ids.person(bob.jid))?.presence === 'dnd');
    expect(alice.changes).toContainEqual({ kind: 'presence', people: [{ id: ids.person(bob.jid), presence: 'dnd' }] });

    await alice.chat.setPresence('away');
    const seen = await bob.waitFor(
      (stanza) =>
        stanza.is('presence') &&
        stanza.attrs.from?.startsWith(`${jidOf('alice')}/bastide-`) === true &&
        presenceOf(stanza) === 'away',
    );
    expect(presenceOf(seen)).toBe('away');

    const hello = textOf('Bonjour Alice');
    const originId = randomUUID();
    await bob.session.send(
      xml(
        'message',
        { to: jidOf('alice'), type: 'chat', id: originId },
        xml('body', {}, hello),
        xml('origin-id', { xmlns: NS.sid, id: originId }),
      ),
    );
    const incomingId = ids.message(bob.jid, originId);
    await until(() => alice.messages.has(incomingId));
    expect(alice.messages.get(incomingId)).toMatchObject({
      conversationId: withBob,
      authorId: ids.person(bob.jid),
      text: hello,
    });
    expect(alice.conversations.get(withBob)?.unread).toBeGreaterThanOrEqual(1);
    expect(alice.changes).toContainEqual({ kind: 'messages', conversationId: withBob, messageIds: [incomingId] });

    const reply = textOf('Bonjour Bob');
    const nonce = randomUUID();
    await expect(alice.chat.send(withBob, reply, nonce)).resolves.toBe(ids.message(bob.jid, nonce));
    const received = await bob.waitFor((stanza) => stanza.getChildText('body') === reply);
    expect(received.getChild('origin-id', NS.sid)?.attrs.id).toBe(nonce);
    expect(await archivedWithOriginId(bob, nonce, { with: jidOf('alice') })).toBe(1);
  });

  test('group chat: joining a room brings its history, messages go both ways, ours are not doubled', async () => {
    const bob = await startPeer('bob');
    const room = await createRoom(bob);
    const before = textOf('Avant votre arrivée');
    await bob.session.send(xml('message', { to: room, type: 'groupchat', id: randomUUID() }, xml('body', {}, before)));

    const alice = await startAlice();
    const conversationId = await alice.chat.joinRoom(alice.sink, room);
    expect(conversationId).toBe(ids.conversation(room));
    expect(alice.conversations.get(conversationId)).toMatchObject({ kind: 'group' });
    expect([...alice.messages.values()].some((m) => m.conversationId === conversationId && m.text === before)).toBe(
      true,
    );
    await until(() => alice.conversations.get(conversationId)!.participantIds.includes(ids.occupant(room, 'bob')));

    const live = textOf('En direct');
    await bob.session.send(xml('message', { to: room, type: 'groupchat', id: randomUUID() }, xml('body', {}, live)));
    await until(() => [...alice.messages.values()].some((m) => m.text === live));
    const fromBob = [...alice.messages.values()].find((m) => m.text === live)!;
    expect(fromBob.authorId).toBe(ids.occupant(room, 'bob'));

    const nonce = randomUUID();
    const mine = textOf('Réponse dans la salle');
    const id = await alice.chat.send(conversationId, mine, nonce);
    await bob.waitFor((stanza) => stanza.getChildText('body') === mine);
    // The room reflects our message back: same id, our authorship, one row.
    await until(() => alice.messages.has(id));
    expect([...alice.messages.values()].filter((m) => m.text === mine)).toEqual([
      expect.objectContaining({ id, authorId: ids.person(jidOf('alice')) }),
    ]);
    expect(await archivedWithOriginId(bob, nonce, { room })).toBe(1);

    // Bookmarked: a new connection finds the room again.
    await alice.chat.close();
    const again = await startAlice();
    expect(again.conversations.get(conversationId)).toMatchObject({ kind: 'group' });
  });

  test('history pages backwards through the archive', async () => {
    const carol = await startPeer('carol');
    const aliceDirect = await startPeer('alice');
    await befriend(aliceDirect, carol);
    // Alice's other client is online: the messages are delivered (and archived), not kept as offline messages.
    const batch = textOf('Page');
    const texts = Array.from({ length: 7 }, (_, index) => `${batch} n° ${index + 1}`);
    for (const text of texts) {
      await carol.session.send(
        xml('message', { to: jidOf('alice'), type: 'chat', id: randomUUID() }, xml('body', {}, text)),
      );
    }
    await aliceDirect.waitFor((stanza) => stanza.getChildText('body') === texts.at(-1));
    await aliceDirect.close();

    const alice = await startAlice({ pageSize: 3 });
    const withCarol = ids.conversation(carol.jid);
    const ours = () =>
      [...alice.messages.values()].filter((m) => m.conversationId === withCarol && m.text.startsWith(batch));
    expect(ours().length).toBeLessThanOrEqual(3);
    let pages = 0;
    while (ours().length < texts.length) {
      const page = await alice.chat.loadOlder(alice.sink, withCarol);
      pages += 1;
      expect(page.complete && ours().length < texts.length).toBe(false);
    }
    expect(pages).toBeGreaterThanOrEqual(2);
    expect(
      ours()
        .map((m) => m.text)
        .sort(),
    ).toEqual([...texts].sort());
  });

  test('a message whose confirmation was lost is found in the archive, not sent again', async () => {
    const bob = await startPeer('bob');
    const proxy = await tcpProxy();
    cleanup.push(() => proxy.close());
    const alice = await startAlice({ server: testServer(proxy.port), network: testNetwork(1_500) });
    const withBob = ids.conversation(bob.jid);
    const nonce = randomUUID();
    const text = textOf('Accusé perdu');

    await expect(alice.chat.findSent(withBob, nonce, new Date().toISOString())).resolves.toBe(false);
    proxy.stall();
    await expect(alice.chat.send(withBob, text, nonce)).rejects.toThrow();
    proxy.cut();
    await until(() => alice.changes.some((change) => change.kind === 'connection' && !change.online));
    proxy.restore();
    await until(() => alice.changes.filter((change) => change.kind === 'connection' && change.online).length >= 2);

    await expect(alice.chat.findSent(withBob, nonce, new Date(Date.now() - 60_000).toISOString())).resolves.toBe(true);
    await bob.waitFor((stanza) => stanza.getChildText('body') === text);
    expect(await archivedWithOriginId(bob, nonce, { with: jidOf('alice') })).toBe(1);
  });

  test('a wrong password is reported once, without retrying', async () => {
    const memory = memorySink(ACCOUNT);
    const changes: ChatChange[] = [];
    const chat = new XmppChat({
      accountId: ACCOUNT,
      server: testServer(),
      login: async () => ({ username: 'alice', password: 'wrong' }),
      network: testNetwork(),
      retry: { firstMs: 20, maxMs: 40 },
    });
    cleanup.push(() => chat.close());
    chat.listen(memory.sink, (change) => changes.push(change));
    await until(() => changes.length > 0);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(changes).toEqual([{ kind: 'connection', online: false, error: { code: 'auth.wrongPassword' } }]);
  });
});
