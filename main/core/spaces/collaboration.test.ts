// The collaboration half against the eXo emulator: the first sync, posts and comments written here and
// delivered once (offline too, a nonce looked up before any re-send), likes, the Activity feed, and chat
// (live messages, presence, edits, deletions, read markers, history paging, the outbox).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startExoEmulator, type ExoEmulator } from '../../../e2e/emulators/exo';
import { localId } from './writer';
import { openHarness, type Harness } from './testing';

let exo: ExoEmulator;
let harness: Harness;

beforeEach(async () => {
  exo = await startExoEmulator();
  harness = await openHarness({ url: exo.url });
});
afterEach(async () => {
  await harness?.close();
  await exo.close();
});

const spaceNamed = (name: string) => harness.store.spaces.list().find((space) => space.name === name)!;
const conversationNamed = (title: string) => harness.store.chat.conversations().find((c) => c.title === title)!;
const postsOf = (spaceId: string) => harness.collab.decoratePosts(harness.store.spaces.posts(spaceId));
const withNonce = (nonce: string) => (a: { templateParams?: Record<string, string> }) =>
  a.templateParams?.['x-nonce'] === nonce;

describe('first sync', () => {
  it('mirrors spaces, their posts, conversations, notifications and the top of the libraries', () => {
    const names = harness.store.spaces.list().map((space) => space.name);
    expect(names).toEqual(
      expect.arrayContaining(['Direction du numérique', 'Projet Lycées connectés', 'Vie de la Région']),
    );
    expect(names).not.toContain('Ressources humaines');

    const posts = postsOf(spaceNamed('Direction du numérique').id);
    expect(posts.length).toBeGreaterThan(0);
    const commented = posts.find((post) => post.comments.length > 0)!;
    expect(commented.html).toMatch(/<p>/);
    expect(commented.comments[0]!.author.name).not.toMatch(/:/);

    const bob = conversationNamed('Bob Lefèvre');
    expect(bob.kind).toBe('direct');
    expect(bob.unread).toBe(2);
    expect(bob.participants.find((p) => p.name === 'Bob Lefèvre')?.presence).toBe('offline');
    expect(conversationNamed('Cellule de crise cyber').kind).toBe('group');

    const feed = harness.store.activity.feed().filter((item) => item.accountId === harness.accountId);
    expect(feed.some((item) => item.unread)).toBe(true);

    const mine = harness.store.files.list(null, null).filter((file) => file.accountId === harness.accountId);
    expect(mine.map((file) => file.name)).toContain('Budget prévisionnel 2025.csv');
  });

  it('keeps rooms with unread messages unread on the server (reading history would mark them read)', () => {
    expect(exo.control.unreadCount('alice', exo.control.directRoomId('alice', 'bob'))).toBe(2);
  });
});

describe('posts, comments and likes', () => {
  it('shows a post at once and delivers it once, mentions included', async () => {
    const space = spaceNamed('Direction du numérique');
    const post = harness.collab.post(space.id, `Réunion **jeudi** avec @[Bob Lefèvre](${harness.accountId}:u:bob)`);
    expect(post.delivery).toBe('queued');
    expect(post.text).toBe('Réunion jeudi avec @Bob Lefèvre');
    await harness.until(() => !postsOf(space.id).some((p) => p.delivery));
    const server = exo.control.activities('direction_du_numerique').filter((a) => a.poster === 'alice');
    expect(server.filter((a) => a.title.includes('jeudi'))).toHaveLength(1);
    expect(server[0]!.mentions).toContain('bob');
    expect(server[0]!.title).toContain('<b>jeudi</b>');
    const stored = postsOf(space.id).find((p) => p.text.includes('jeudi'))!;
    expect(stored.id).not.toBe(post.id);
    expect(stored.html).toContain('profile/bob');
  });

  it('comments and likes, and the server has them', async () => {
    const space = spaceNamed('Direction du numérique');
    const target = postsOf(space.id)[0]!;
    const comment = harness.collab.comment(target.id, 'Merci pour le partage !');
    expect(comment.delivery).toBe('queued');
    harness.collab.like(target.id, !target.liked);
    await harness.until(() => !postsOf(space.id).some((p) => p.comments.some((c) => c.delivery)));
    await harness.runtime().settled();
    const remoteId = target.id.split(':').at(-1)!;
    expect(exo.control.comments(remoteId).filter((c) => c.title.includes('Merci pour le partage'))).toHaveLength(1);
    const likes = exo.control.state.activities.get(remoteId)!.likes;
    expect(likes.includes('alice')).toBe(!target.liked);
    expect(postsOf(space.id).find((p) => p.id === target.id)!.liked).toBe(!target.liked);
  });

  it('keeps a post queued while the server is unreachable, then delivers it once', async () => {
    const space = spaceNamed('Projet Lycées connectés');
    exo.control.failNext({ kind: 'drop', match: '/portal/rest/v1/social/activities', count: 1 });
    const post = harness.collab.post(space.id, 'Écrit hors ligne');
    await harness.until(() => harness.runtime().state === 'offline');
    expect(postsOf(space.id).find((p) => p.id === post.id)?.delivery).toBe('queued');
    await harness.until(() => !postsOf(space.id).some((p) => p.delivery), 30_000);
    const nonce = post.id.slice(post.id.lastIndexOf(':') + 1);
    expect(exo.control.activities('projet_lycees_connectes').filter(withNonce(nonce))).toHaveLength(1);
  });

  it('looks for its nonce before re-sending: a post that reached the server is not posted twice', async () => {
    const space = spaceNamed('Vie de la Région');
    const nonce = 'after-a-crash';
    // An earlier attempt reached the server, then the app stopped before it knew.
    exo.control.post('alice', { space: 'vie_de_la_region' }, '<p>Déjà publié</p>', { 'x-nonce': nonce });
    harness.store.transaction(() => {
      const id = harness.collab.tasks.add(harness.accountId, 'post', nonce, {
        spaceId: space.id,
        text: 'Déjà publié',
        nonce,
      });
      harness.collab.tasks.startAttempt(id);
    });
    harness.collab.kick(harness.accountId);
    await harness.runtime().settled();
    expect(harness.collab.tasks.pending(harness.accountId)).toHaveLength(0);
    expect(exo.control.activities('vie_de_la_region').filter(withNonce(nonce))).toHaveLength(1);
  });

  it('shows a post the server refuses as failed, and drops it on request', async () => {
    const space = spaceNamed('Vie de la Région');
    exo.control.failNext({ kind: 'status', status: 400, match: '/portal/rest/v1/social/activities' });
    const post = harness.collab.post(space.id, 'Refusé');
    await harness.until(() => postsOf(space.id).find((p) => p.id === post.id)?.delivery === 'failed');
    harness.collab.retryPost(post.id, true);
    expect(postsOf(space.id).find((p) => p.id === post.id)).toBeUndefined();
  });
});

describe('activity feed', () => {
  it('marks notifications read here at once and on the server', async () => {
    const unread = harness.store.activity.feed().filter((item) => item.unread && item.accountId === harness.accountId);
    harness.collab.markActivityRead([unread[0]!.id]);
    expect(harness.store.activity.feed().find((item) => item.id === unread[0]!.id)?.unread).toBe(false);
    await harness.runtime().settled();
    const remoteId = unread[0]!.id.split(':').at(-1)!;
    expect(exo.control.notifications('alice').find((n) => n.id === remoteId)?.read).toBe(true);
  });

  it('shows a new notification from the server live', async () => {
    const before = harness.store.activity.feed().length;
    exo.control.post('bob', { space: 'direction_du_numerique' }, '<p>Un mot pour @alice</p>');
    await harness.until(() => harness.store.activity.feed().length > before);
    expect(harness.store.activity.feed()[0]!.kind).toBe('mention');
  });
});

describe('chat', () => {
  it('receives the other user’s messages live, counted unread until read', async () => {
    const bob = conversationNamed('Bob Lefèvre');
    exo.control.sendChatMessage('bob', exo.control.directRoomId('alice', 'bob'), 'Tu es là ?');
    await harness.until(() => harness.store.chat.messages(bob.id, undefined, 5).some((m) => m.text === 'Tu es là ?'));
    expect(conversationNamed('Bob Lefèvre').unread).toBe(3);
    harness.collab.chat.markRead(bob.id);
    expect(conversationNamed('Bob Lefèvre').unread).toBe(0);
    await harness.runtime().settled();
    expect(exo.control.unreadCount('alice', exo.control.directRoomId('alice', 'bob'))).toBe(0);
    // Opening the room fetched what the first sync had left on the server.
    expect(harness.store.chat.messages(bob.id, undefined, 50).some((m) => m.text.includes('corrigé'))).toBe(true);
  });

  it('sends once, shows it queued meanwhile, and replaces it by the server’s copy', async () => {
    const carol = conversationNamed('Carol Dubois');
    const message = await harness.collab.chat.send(carol.id, 'Bonjour Carol');
    expect(message.delivery).toBe('queued');
    expect(message.mine).toBe(true);
    await harness.until(() => harness.store.chat.message(message.id) === undefined);
    const room = exo.control.roomMessages(exo.control.directRoomId('alice', 'carol'));
    expect(room.filter((m) => m.msg === 'Bonjour Carol')).toHaveLength(1);
    const shown = harness.collab.chat.decorate(harness.store.chat.messages(carol.id, undefined, 5));
    expect(shown.filter((m) => m.text === 'Bonjour Carol')).toEqual([expect.objectContaining({ mine: true })]);
    expect(shown.at(-1)!.delivery).toBeUndefined();
  });

  it('queues messages while the server is down and delivers each exactly once after', async () => {
    const team = conversationNamed('Cellule de crise cyber');
    const roomId = exo.control.teamRoomId('alice', 'Cellule de crise cyber');
    exo.control.failNext({ kind: 'drop', match: '/chatServer/send' });
    await harness.collab.chat.send(team.id, 'Premier, hors ligne');
    await harness.collab.chat.send(team.id, 'Second, hors ligne');
    await harness.until(() => harness.store.chatOutbox.pending(harness.accountId).length === 0, 40_000);
    const messages = exo.control.roomMessages(roomId).map((m) => m.msg);
    expect(messages.filter((m) => m === 'Premier, hors ligne')).toHaveLength(1);
    expect(messages.filter((m) => m === 'Second, hors ligne')).toHaveLength(1);
    expect(messages.indexOf('Premier, hors ligne')).toBeLessThan(messages.indexOf('Second, hors ligne'));
  });

  it('does not re-send a message whose earlier attempt reached the server (nonce in history)', async () => {
    const carol = conversationNamed('Carol Dubois');
    const roomId = exo.control.directRoomId('alice', 'carol');
    const nonce = 'sent-before-crash';
    const id = localId(harness.accountId, nonce);
    const queuedAt = new Date().toISOString();
    harness.store.transaction(() => {
      harness.collab.writer(harness.accountId).sink.putChatMessages([
        {
          id,
          conversationId: carol.id,
          authorId: `${harness.accountId}:u:alice`,
          text: 'Une fois',
          sentAt: queuedAt,
          editedAt: null,
          delivery: 'queued',
        },
      ]);
      harness.store.chatOutbox.add({
        messageId: id,
        accountId: harness.accountId,
        conversationId: carol.id,
        nonce,
        text: 'Une fois',
        queuedAt,
      });
      harness.store.chatOutbox.startAttempt(id);
    });
    exo.control.sendChatMessage('alice', roomId, 'Une fois', { 'x-nonce': nonce });
    harness.collab.kick(harness.accountId);
    await harness.until(() => harness.store.chatOutbox.pending(harness.accountId).length === 0);
    expect(exo.control.roomMessages(roomId).filter((m) => m.msg === 'Une fois')).toHaveLength(1);
    expect(harness.store.chat.message(id)).toBeUndefined();
  });

  it('sends a file attachment: uploaded, kept in the right drive, shown as an attachment', async () => {
    const bob = conversationNamed('Bob Lefèvre');
    const content = Buffer.from('Ordre du jour : budget, recrutements, calendrier.');
    const { stagingId } = await harness.handlers['files:stage']({ name: 'Ordre du jour.txt', size: content.length });
    await harness.handlers['files:stageChunk']({ stagingId, offset: 0, data: content.toString('base64') });
    const queued = await harness.collab.chat.send(bob.id, '', stagingId);
    expect(queued.attachment).toMatchObject({ name: 'Ordre du jour.txt', size: content.length });
    await harness.until(() => harness.store.chat.message(queued.id) === undefined);
    const stored = exo.control.roomMessages(exo.control.directRoomId('alice', 'bob')).at(-1)!;
    expect(stored.msg).toBe('Ordre du jour.txt');
    expect(stored.options).toMatchObject({ type: 'type-file', name: 'Ordre du jour.txt' });
    const path = `${exo.control.personalDrivePath('alice')}/Documents/Ordre du jour.txt`;
    expect((await exo.control.readDocument(path))?.equals(content)).toBe(true);
    const shown = harness.collab.chat.decorate(harness.store.chat.messages(bob.id, undefined, 1))[0]!;
    expect(shown.attachment).toMatchObject({ name: 'Ordre du jour.txt', fileId: expect.stringContaining(':d:') });
  });

  it('edits and deletes its own messages, here and on the server', async () => {
    const carol = conversationNamed('Carol Dubois');
    const roomId = exo.control.directRoomId('alice', 'carol');
    await harness.collab.chat.send(carol.id, 'Texte avec une faute');
    await harness.until(() => exo.control.roomMessages(roomId).some((m) => m.msg === 'Texte avec une faute'));
    await harness.runtime().settled();
    const sent = harness.store.chat.messages(carol.id, undefined, 1)[0]!;
    harness.collab.chat.edit(sent.id, 'Texte corrigé');
    expect(harness.store.chat.message(sent.id)?.text).toBe('Texte corrigé');
    await harness.runtime().settled();
    expect(exo.control.roomMessages(roomId).at(-1)).toMatchObject({ msg: 'Texte corrigé', type: 'EDITED' });
    harness.collab.chat.delete(sent.id);
    expect(harness.collab.chat.decorate([harness.store.chat.message(sent.id)!])[0]!.deleted).toBe(true);
    await harness.runtime().settled();
    expect(exo.control.roomMessages(roomId).at(-1)).toMatchObject({ type: 'DELETED' });
    expect(() => harness.collab.chat.edit(sent.id, 'trop tard')).toThrow();
  });

  it('catches up without a gap however many messages came meanwhile', async () => {
    const carol = conversationNamed('Carol Dubois');
    const roomId = exo.control.directRoomId('alice', 'carol');
    for (let i = 0; i < 120; i++) {
      exo.control.sendChatMessage(i % 2 ? 'alice' : 'carol', roomId, `pendant l’absence ${i}`, undefined, {
        silent: true,
      });
    }
    await harness.collab.chat.catchUp(harness.runtime().onlineClient()!, harness.accountId, carol.id);
    const texts = harness.store.chat.messages(carol.id, undefined, 500).map((m) => m.text);
    expect(texts.filter((text) => text.startsWith('pendant l’absence'))).toHaveLength(120);
  });

  it('shows the presence others set, and tells the server ours', async () => {
    const bob = conversationNamed('Bob Lefèvre');
    const bobId = bob.participants.find((p) => p.name === 'Bob Lefèvre')!.id;
    exo.control.setOnline('bob', 'away');
    // The server tells nobody: the next poll (or a status event from Bob's client) does.
    const presence = await harness.runtime().onlineClient()!.presence([bobId]);
    expect(presence[bobId]).toBe('away');
    harness.collab.setPresence('dnd');
    await harness.runtime().settled();
    expect(exo.control.chatStatus('alice')).toBe('donotdisturb');
  });
});

describe('restart', () => {
  it('keeps queued intents across a restart and delivers them once', async () => {
    const space = spaceNamed('Vie de la Région');
    exo.control.failNext({ kind: 'drop', match: '/portal/rest/v1/social/activities', count: 1 });
    const post = harness.collab.post(space.id, 'Avant le redémarrage');
    await harness.until(() => harness.runtime().state === 'offline');
    const { dir, secrets } = harness;
    await harness.close({ keep: true });
    harness = await openHarness({ url: exo.url, dir, secrets });
    await harness.until(() => !postsOf(space.id).some((p) => p.delivery), 30_000);
    const nonce = post.id.slice(post.id.lastIndexOf(':') + 1);
    expect(exo.control.activities('vie_de_la_region').filter(withNonce(nonce))).toHaveLength(1);
  });
});

describe('history paging', () => {
  it('loads the newest page first, then older pages on demand until there is none', async () => {
    await harness.close();
    const roomId = exo.control.directRoomId('alice', 'carol');
    for (let i = 0; i < 120; i++) {
      exo.control.sendChatMessage(i % 2 ? 'alice' : 'carol', roomId, `message ${i}`, undefined, { silent: true });
    }
    harness = await openHarness({ url: exo.url });
    const carol = conversationNamed('Carol Dubois');
    const first = harness.collab.repo.messageCount(carol.id);
    expect(first).toBe(50);
    let complete = false;
    for (let i = 0; i < 10 && !complete; i++) {
      const page = await harness.collab.chat.older(carol.id);
      expect(page.added).toBeGreaterThan(0);
      complete = page.complete;
    }
    expect(complete).toBe(true);
    expect(harness.collab.repo.messageCount(carol.id)).toBe(exo.control.roomMessages(roomId).length);
  });
});
