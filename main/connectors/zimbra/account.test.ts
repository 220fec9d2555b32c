import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startZimbraEmulator, type ZimbraEmulator } from '../../../e2e/emulators/zimbra';
import type { CoreError } from '../../core/errors';
import { createZimbraAccount, type MirrorArea, type ZimbraAccount } from './account';
import { pullChanges } from './changes';
import { memorySink, memoryState, testClient, type TestClient } from './testing';

const ACCOUNT = 'zimbra-1';
const now = () => new Date('2025-03-26T08:00:00Z');

/** Event-driven waits on what the account reports (no polling of the mirrors). */
function signals() {
  const waiting: Array<{ what: string; resolve: () => void }> = [];
  const counts = new Map<string, number>();
  return {
    fire(what: string) {
      counts.set(what, (counts.get(what) ?? 0) + 1);
      for (const waiter of waiting.filter((w) => w.what === what)) {
        waiting.splice(waiting.indexOf(waiter), 1);
        waiter.resolve();
      }
    },
    next: (what: string) => new Promise<void>((resolve) => waiting.push({ what, resolve })),
    count: (what: string) => counts.get(what) ?? 0,
  };
}

describe('Zimbra account: push, delta sync, resync', () => {
  let zimbra: ZimbraEmulator;
  let session: TestClient;
  let account: ZimbraAccount;
  let sink: ReturnType<typeof memorySink>;
  let state: ReturnType<typeof memoryState>;
  let events: ReturnType<typeof signals>;

  beforeAll(async () => {
    zimbra = await startZimbraEmulator({
      now,
      // Short long-polls so that a test never waits for a server timeout.
      waitSetTimeout: { minS: 1, defaultS: 2 },
      noOpTimeout: { minMs: 500, defaultMs: 2000 },
    });
  });
  afterAll(async () => {
    await zimbra.close();
  });

  function open(user = 'alice', options: Partial<Parameters<typeof createZimbraAccount>[0]> = {}) {
    session = testClient(zimbra.url, user);
    sink = memorySink();
    state = memoryState();
    events = signals();
    account = createZimbraAccount({
      accountId: ACCOUNT,
      client: session.client,
      state,
      sink,
      now,
      defaultTimeZone: 'Europe/Paris',
      requestMailSync: () => events.fire('mail'),
      changed: (area: MirrorArea) => events.fire(area),
      stopped: (error) => events.fire(`stopped:${(error as CoreError).code}`),
      doorbell: {
        waitSeconds: 2,
        backoffMs: 50,
        maxBackoffMs: 200,
        pollMs: 100,
        onMode: (mode) => events.fire(`mode:${mode}`),
      },
      ...options,
    });
    return account;
  }

  beforeEach(() => zimbra.control.clearFailures());
  afterEach(async () => {
    await account?.stop();
  });

  it('mirrors the Briefcase, the calendar and the GAL on the first sync, and keeps a token', async () => {
    open();
    await account.syncAll();
    expect([...sink.files.values()].some((f) => f.name === 'Note de cadrage Bastide.txt')).toBe(true);
    expect([...sink.events.values()].some((e) => e.title === 'Comité de pilotage SI')).toBe(true);
    expect(sink.people.get(`${ACCOUNT}:person:helene.bernard@example.test`)?.name).toBe('Hélène Bernard');
    expect(state.get('sync.token')).toMatch(/^\d+$/);
    expect(state.get('gal.token')).toBeTruthy();
  });

  it('is rung by the WaitSet and applies the change without polling: a new document', async () => {
    open();
    await account.syncAll();
    const bell = await account.startPush();
    expect(bell.mode).toBe('waitset');
    const changed = events.next('files');
    const { id } = zimbra.control.createDocument('alice', { name: 'Poussé.txt', content: 'push', by: 'bob' });
    await changed;
    expect(sink.files.get(`${ACCOUNT}:doc:${id}`)).toMatchObject({ name: 'Poussé.txt', version: 1 });
    const recent = zimbra.control
      .requests()
      .slice(-8)
      .flatMap((r) => r.requests);
    expect(recent).toContain('WaitSetRequest');
    expect(recent).toContain('SyncRequest');
  });

  it('hands mail changes to the mail sync (IMAP) and reads calendar changes', async () => {
    open();
    await account.syncAll();
    await account.startPush();
    const mail = events.next('mail');
    zimbra.control.deliverMessage('alice', { from: 'bob', subject: 'Coucou', text: 'Hello' });
    await mail;
    const calendar = events.next('calendar');
    zimbra.control.addAppointment('alice', {
      name: 'Rendez-vous poussé',
      start: { y: 2025, mo: 3, d: 28, h: 11, mi: 0 },
    });
    await calendar;
    expect([...sink.events.values()].find((e) => e.title === 'Rendez-vous poussé')?.start).toBe(
      '2025-03-28T10:00:00.000Z',
    );
  });

  it('removes documents deleted on the server and follows new versions', async () => {
    open();
    await account.syncAll();
    await account.startPush();
    const { id } = zimbra.control.createDocument('alice', { name: 'Éphémère.txt', content: 'x' });
    await events.next('files');
    let changed = events.next('files');
    zimbra.control.saveDocumentVersion('alice', id, { content: 'y', by: 'bob' });
    await changed;
    expect(sink.files.get(`${ACCOUNT}:doc:${id}`)).toMatchObject({ version: 2, modifiedBy: 'bob@example.test' });
    changed = events.next('files');
    zimbra.control.deleteItem('alice', id);
    await changed;
    expect(sink.files.has(`${ACCOUNT}:doc:${id}`)).toBe(false);
  });

  it('destroys its WaitSet when it stops listening', async () => {
    open();
    await account.syncAll();
    const bell = await account.startPush();
    const listening = events.next('files');
    zimbra.control.createDocument('alice', { name: 'Avant arrêt.txt', content: 'x' });
    await listening;
    expect(zimbra.control.waitSets('alice')).toHaveLength(1);
    await bell.stop();
    expect(zimbra.control.waitSets('alice')).toHaveLength(0);
  });

  it('recreates a WaitSet the server dropped, and catches up on what changed meanwhile', async () => {
    open();
    await account.syncAll();
    await account.startPush();
    zimbra.control.destroyWaitSets('alice');
    const changed = events.next('files');
    const { id } = zimbra.control.createDocument('alice', { name: 'Après la perte.txt', content: 'x' });
    await changed;
    expect(sink.files.has(`${ACCOUNT}:doc:${id}`)).toBe(true);
  });

  it('keeps listening through an expired token (one silent sign-in)', async () => {
    open();
    await account.syncAll();
    await account.startPush();
    const signInsBefore = session.signIns();
    zimbra.control.expireTokens('alice');
    const changed = events.next('files');
    zimbra.control.createDocument('alice', { name: 'Après expiration.txt', content: 'x' });
    await changed;
    expect(session.signIns()).toBe(signInsBefore + 1);
  });

  it('stops and says why when the stored password is refused', async () => {
    open('carol');
    await account.syncAll();
    await account.startPush();
    const stopped = events.next('stopped:auth.wrongPassword');
    zimbra.control.setPassword('carol', 'new-password');
    zimbra.control.createDocument('carol', { name: 'x.txt', content: 'x' });
    await stopped;
    zimbra.control.setPassword('carol', 'carolpw');
  });

  it('falls back to a NoOp long-poll on a session when WaitSets are refused', async () => {
    open();
    await account.syncAll();
    zimbra.control.failNext({ kind: 'fault', code: 'service.PERM_DENIED', request: 'CreateWaitSetRequest' });
    const bell = await account.startPush();
    const changed = events.next('files');
    zimbra.control.createDocument('alice', { name: 'Par NoOp.txt', content: 'x' });
    await changed;
    expect([...sink.files.values()].some((f) => f.name === 'Par NoOp.txt')).toBe(true);
    expect(bell.mode).toBe('noop');
    expect(zimbra.control.sessionCount('alice')).toBeGreaterThan(0);
    // Later changes arrive through the session's notifications.
    const later = events.next('files');
    zimbra.control.createDocument('alice', { name: 'Par NoOp 2.txt', content: 'x' });
    await later;
    expect([...sink.files.values()].some((f) => f.name === 'Par NoOp 2.txt')).toBe(true);
  });

  it('checks at an interval when the server allows no long-poll at all', async () => {
    open();
    await account.syncAll();
    zimbra.control.failNext({ kind: 'fault', code: 'service.PERM_DENIED', request: 'CreateWaitSetRequest' });
    zimbra.control.setWaitAllowed(false);
    try {
      const polling = events.next('mode:poll');
      const bell = await account.startPush();
      await polling;
      const changed = events.next('files');
      zimbra.control.createDocument('alice', { name: 'Par intervalle.txt', content: 'x' });
      await changed;
      expect(bell.mode).toBe('poll');
    } finally {
      zimbra.control.setWaitAllowed(true);
    }
  });

  it('resynchronises everything when the token is too old (MUST_RESYNC)', async () => {
    open();
    await account.syncAll();
    const oldToken = state.get('sync.token');
    const { id } = zimbra.control.createDocument('alice', { name: 'Pendant la coupure.txt', content: 'x' });
    zimbra.control.expireTombstones('alice');
    const changes = await account.syncChanges();
    expect(changes.resync).toBe(true);
    expect(state.get('sync.token')).not.toBe(oldToken);
    expect(sink.files.has(`${ACCOUNT}:doc:${id}`)).toBe(true);
    expect(events.count('mail')).toBeGreaterThan(0);
  });

  it('pages a long delta while the server says more', async () => {
    open();
    await account.syncAll();
    const token = state.get('sync.token');
    const created = [1, 2, 3, 4, 5].map(
      (n) => zimbra.control.createDocument('alice', { name: `Lot ${n}.txt`, content: String(n) }).id,
    );
    const before = zimbra.control.requests().length;
    const changes = await pullChanges(session.client, token, { now, pageSize: 2 });
    const syncCalls = zimbra.control
      .requests()
      .slice(before)
      .filter((r) => r.requests.includes('SyncRequest'));
    expect(syncCalls.length).toBeGreaterThanOrEqual(3);
    expect([...changes.documents.changed].sort()).toEqual(created.map(String).sort());
    expect(changes.token).toMatch(/^\d+$/);
  });

  it('turns chat on for the account when GetInfo says chat is enabled', async () => {
    open('alice', { chatEndpoint: { host: '127.0.0.1', port: 15222, domain: 'example.test' } });
    expect(await account.chat()).toEqual({
      domain: 'example.test',
      username: 'alice@example.test',
      endpoint: { host: '127.0.0.1', port: 15222, security: 'starttls' },
    });
    open('carol');
    expect(await account.chat()).toBeNull();
  });
});
