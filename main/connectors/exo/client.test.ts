// The eXo quirks, each handled on purpose, against the emulator (written from the protocol brief).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startExoEmulator, type ExoEmulator } from '../../../e2e/emulators/exo';
import { CoreError } from '../../core/errors';
import { exoTestClient } from './testing';

let exo: ExoEmulator;
beforeEach(async () => {
  exo = await startExoEmulator();
});
afterEach(async () => {
  await exo.close();
});

async function connected(username = 'alice', password = `${username}pw`) {
  const test = await exoTestClient(exo.url, username, password);
  await test.client.connect();
  return test;
}

const codeOf = (error: unknown) => (error instanceof CoreError ? error.code : String(error));

describe('eXo connector: sessions', () => {
  it('renews an expired session once on 403 text/plain and replays the request', async () => {
    const { client, renewals } = await connected();
    exo.control.expireSessions('alice', { rememberMe: true });
    const spaces = await client.spaces();
    expect(spaces.length).toBeGreaterThan(0);
    expect(renewals()).toBe(1);
    // The 403 the server gave is the MethodAccessFilter's plain text, then the replay succeeded.
    const statuses = exo.control.requests('/portal/rest/v1/social/spaces').map((r) => r.status);
    expect(statuses).toEqual([403, 200]);
    await client.close();
  });

  it('lets the remember-me cookie reopen a session silently, without signing in again', async () => {
    const { client, renewals } = await connected();
    exo.control.expireSessions('alice');
    await client.spaces();
    expect(renewals()).toBe(0);
    await client.close();
  });

  it('treats an HTML page where JSON was expected as a lost session: one renewal, then a clear error', async () => {
    const { client, renewals } = await connected();
    exo.control.failNext({ kind: 'login-page', match: '/portal/rest/v1/social/spaces' });
    await expect(client.spaces()).resolves.not.toHaveLength(0);
    expect(renewals()).toBe(1);
    exo.control.failNext({ kind: 'login-page', match: '/portal/rest/v1/social/spaces', count: 2 });
    await expect(client.spaces()).rejects.toMatchObject({ code: 'auth.expired' });
    expect(renewals()).toBe(2);
    await client.close();
  });

  it('treats a redirect to the login page as a lost session too', async () => {
    const { client, renewals } = await connected();
    exo.control.failNext({ kind: 'redirect-login', match: '/portal/rest/v1/social/spaces' });
    await client.spaces();
    expect(renewals()).toBe(1);
    await client.close();
  });

  it('tries a stored password once when the server refuses it (anti-bruteforce), and says so', async () => {
    const { client } = await connected();
    exo.control.expireSessions('alice', { rememberMe: true });
    exo.control.setPassword('alice', 'changed-elsewhere');
    const error = await client.spaces().catch((e: unknown) => e);
    expect(codeOf(error)).toMatch(/^auth\./);
    expect(exo.control.failedLogins('alice')).toBe(1);
    await client.close();
  });

  it('reads 401 on social REST as forbidden or missing, never as "sign in again"', async () => {
    const { client, renewals, refs } = await connected();
    const hidden = exo.control.spaceId('ressources_humaines');
    refs.map.set('alice:s:hr', { spaceId: hidden });
    const error = await client.posts('alice:s:' + hidden, 5).catch((e: unknown) => e);
    expect(codeOf(error)).toBe('collab.forbiddenOrMissing');
    const unknown = await client.completePeople('zzz-nobody', 5);
    expect(unknown).toEqual([]);
    expect(renewals()).toBe(0);
    await client.close();
  });
});

describe('eXo connector: chat', () => {
  it('fetches the chat token again once when /chatServer answers 404, and goes on', async () => {
    const { client } = await connected();
    const settingsBefore = exo.control.requests('/portal/rest/chat/api/1.0/user/settings').length;
    exo.control.failNext({ kind: 'status', status: 404, body: '', match: '/chatServer/userRooms' });
    const { conversations } = await client.conversations();
    expect(conversations.length).toBeGreaterThan(0);
    expect(exo.control.requests('/portal/rest/chat/api/1.0/user/settings').length).toBe(settingsBefore + 1);
    await client.close();
  });

  it('reports a chat token the server keeps refusing', async () => {
    const { client } = await connected();
    exo.control.failNext({ kind: 'status', status: 404, body: '', match: '/chatServer/userRooms', count: 2 });
    await expect(client.conversations()).rejects.toMatchObject({ code: 'chat.tokenRefused' });
    await client.close();
  });

  it('registers a user who never opened the chat (the first settings call), then reads rooms', async () => {
    const { client } = await connected('lgarnier');
    await expect(client.conversations()).resolves.toBeDefined();
    await client.close();
  });

  it('sends text with %, +, accents and emoji intact (the server decodes once more)', async () => {
    const { client, refs } = await connected();
    const { conversations } = await client.conversations();
    refs.keep(conversations);
    const bob = conversations.find((c) => c.title === 'Bob Lefèvre')!;
    const text = '100 % + 50% = 150%+ : déjà vu 🎉 a+b=c %2B';
    const sent = await client.sendChat(bob.id, text, 'nonce-encoding', null);
    expect(sent?.text).toBe(text);
    const stored = exo.control.roomMessages(exo.control.directRoomId('alice', 'bob')).at(-1)!;
    expect(stored.msg).toBe(text);
    expect(stored.options).toEqual({ 'x-nonce': 'nonce-encoding' });
    await client.close();
  });

  it('finds a message by its nonce in recent history (before any re-send)', async () => {
    const { client, refs } = await connected();
    const { conversations } = await client.conversations();
    refs.keep(conversations);
    const bob = conversations.find((c) => c.title === 'Bob Lefèvre')!;
    const since = new Date().toISOString();
    exo.control.sendChatMessage('alice', exo.control.directRoomId('alice', 'bob'), 'déjà envoyé', {
      'x-nonce': 'n-42',
    });
    expect((await client.findChatByNonce(bob.id, 'n-42', since))?.text).toBe('déjà envoyé');
    expect(await client.findChatByNonce(bob.id, 'n-absent', since)).toBeNull();
    await client.close();
  });

  it('refuses to edit or delete someone else’s message with a clear error', async () => {
    const { client, refs } = await connected();
    const { conversations } = await client.conversations();
    refs.keep(conversations);
    const bob = conversations.find((c) => c.title === 'Bob Lefèvre')!;
    const theirs = exo.control.sendChatMessage('bob', exo.control.directRoomId('alice', 'bob'), 'de Bob');
    await expect(client.editChat(bob.id, `alice:m:${theirs.msgId}`, 'modifié')).rejects.toMatchObject({
      code: 'chat.notAuthor',
    });
    await client.close();
  });
});

describe('eXo connector: feature probing', () => {
  it('finds the documents app missing and lists no documents, without reading any version', async () => {
    exo.control.setFeatures({ documentsApp: false });
    const { client } = await connected();
    expect(await client.files({ parentId: null, spaceId: null })).toEqual([]);
    expect(exo.control.requests('/rest/platform/info')).toHaveLength(0);
    await client.close();
  });

  it('posts through the per-stream resource when the global one is missing (≤ 6.1)', async () => {
    const { client, refs } = await connected();
    const spaces = await client.spaces();
    refs.keep(spaces);
    const space = spaces.find((s) => s.name === 'Direction du numérique')!;
    exo.control.failNext({ kind: 'status', status: 405, match: '/portal/rest/v1/social/activities' });
    const post = await client.post(space.id, 'Par le flux de l’espace', 'n-stream');
    expect(post.nonce).toBe('n-stream');
    // Found by its text: the seeded stream has fixed dates, some of them later than today's posts.
    const posted = exo.control
      .activities('direction_du_numerique')
      .find((a) => a.title.includes('Par le flux de l’espace'));
    expect(posted?.templateParams).toEqual({ 'x-nonce': 'n-stream' });
    await client.close();
  });

  it('reads web notifications from the 6.0–6.4 HTML variant too', async () => {
    exo.control.setFeatures({ notificationsApi: 'html' });
    const { client } = await connected();
    const { items } = await client.notifications(10);
    expect(items.length).toBeGreaterThan(0);
    expect(items[0]!.title).not.toMatch(/</);
    await client.close();
  });
});
