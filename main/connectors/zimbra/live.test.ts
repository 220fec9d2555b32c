// A Zimbra account through the whole core: added with `accounts:add`, mirrored, pushed, and its files,
// versions, conflicts, locks and directory used through the contract's channels.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startZimbraEmulator, type ZimbraEmulator } from '../../../e2e/emulators/zimbra';
import type { EventName, FileEntry, FileTransfer } from '../../../preload/contract';
import { MemorySecretStore } from '../../core/secrets/memory-store';
import type { CoreService } from '../../core/service';
import { call, FIXED_NOW, fixedClock, useTempProfiles } from '../../core/testing/helpers';
import { tokenOfSession } from './live';

const base64 = (text: string) => Buffer.from(text).toString('base64');

describe('a Zimbra account in the core', () => {
  const profiles = useTempProfiles();
  let zimbra: ZimbraEmulator;

  beforeAll(async () => {
    zimbra = await startZimbraEmulator({ now: fixedClock, waitSetTimeout: { minS: 1, defaultS: 2 } });
  });
  afterAll(async () => {
    await zimbra.close();
  });

  /** Event-driven: resolves at the next matching core event. */
  function eventsOf() {
    type Waiter = { event: EventName; match: (payload: unknown) => boolean; resolve: (payload: unknown) => void };
    const waiting: Waiter[] = [];
    return {
      onEvent: (event: EventName, payload: unknown) => {
        for (const waiter of waiting.filter((w) => w.event === event && w.match(payload))) {
          waiting.splice(waiting.indexOf(waiter), 1);
          waiter.resolve(payload);
        }
      },
      next: (event: EventName, match: (payload: unknown) => boolean = () => true) =>
        new Promise<unknown>((resolve) => waiting.push({ event, match, resolve })),
    };
  }

  /** The Files app's upload: the file staged in the core, then queued; resolves with the server's file. */
  async function upload(
    core: CoreService,
    events: ReturnType<typeof eventsOf>,
    name: string,
    content: string,
    whileQueued?: (placeholder: FileEntry) => void,
  ): Promise<FileEntry> {
    const { stagingId } = await call(core, 'files:stage', { name, size: Buffer.byteLength(content) });
    await call(core, 'files:stageChunk', { stagingId, offset: 0, data: base64(content) });
    const done = events.next(
      'files:transfer',
      (t) => (t as FileTransfer).name === name && (t as FileTransfer).state === 'done',
    );
    const placeholder = await call(core, 'files:queueUpload', { stagingId, parentId: null });
    expect(placeholder).toMatchObject({ name, delivery: 'queued' });
    whileQueued?.(placeholder);
    const { fileId } = (await done) as FileTransfer;
    return call(core, 'files:get', { id: fileId! });
  }

  async function addAlice(): Promise<{ core: CoreService; accountId: string; events: ReturnType<typeof eventsOf> }> {
    const events = eventsOf();
    const core = await profiles.openCore({
      onEvent: events.onEvent,
      accounts: { secrets: new MemorySecretStore(), timeoutMs: 5000 },
      live: { zimbra: { doorbell: { waitSeconds: 2, backoffMs: 50 }, retryMs: 50 } },
    });
    const files = events.next('files:changed');
    const calendar = events.next('calendar:changed');
    const result = await call(core, 'accounts:add', {
      kindId: 'zimbra',
      server: { type: 'web', url: zimbra.url },
      username: 'alice',
      password: 'alicepw',
    });
    if (result.status !== 'signed-in') throw new Error('not signed in');
    await Promise.all([files, calendar]);
    return { core, accountId: result.account.id, events };
  }

  it('reads the token out of the session cookie', () => {
    expect(tokenOfSession({ Cookie: 'ZM_AUTH_TOKEN=0_abc' })).toBe('0_abc');
    expect(tokenOfSession({ Cookie: 'X=1; ZM_AUTH_TOKEN=0_abc; Y=2' })).toBe('0_abc');
    expect(() => tokenOfSession({})).toThrow('auth.expired');
  });

  it('mirrors the Briefcase and the calendar once added, and turns chat on from GetInfo', async () => {
    const { core, accountId } = await addAlice();
    const top = await call(core, 'files:list', { parentId: null });
    expect(top.some((f) => f.name === 'Note de cadrage Bastide.txt' && f.accountId === accountId)).toBe(true);
    const week = await call(core, 'calendar:events', {
      from: new Date(FIXED_NOW.getTime() - 7 * 86_400_000).toISOString(),
      to: new Date(FIXED_NOW.getTime() + 7 * 86_400_000).toISOString(),
    });
    expect(week.some((e) => e.title === 'Comité de pilotage SI' && e.accountId === accountId)).toBe(true);
    const account = (await call(core, 'accounts:list')).find((a) => a.id === accountId);
    expect(account?.capabilities).toEqual(expect.arrayContaining(['files', 'calendar', 'directory', 'chat']));
  });

  it('leaves chat off for an account whose GetInfo says it is disabled', async () => {
    const events = eventsOf();
    const core = await profiles.openCore({
      onEvent: events.onEvent,
      accounts: { secrets: new MemorySecretStore(), timeoutMs: 5000 },
    });
    const mirrored = events.next('files:changed');
    const result = await call(core, 'accounts:add', {
      kindId: 'zimbra',
      server: { type: 'web', url: zimbra.url },
      username: 'carol',
      password: 'carolpw',
    });
    await mirrored;
    const account = (await call(core, 'accounts:list')).find(
      (a) => result.status === 'signed-in' && a.id === result.account.id,
    );
    expect(account?.capabilities).not.toContain('chat');
  });

  it('shows a document pushed by the server without any polling', async () => {
    const { core, events } = await addAlice();
    const pushed = events.next('files:changed');
    zimbra.control.createDocument('alice', { name: 'Note poussée.txt', content: 'push', by: 'bob' });
    await pushed;
    const top = await call(core, 'files:list', { parentId: null });
    expect(top.some((f) => f.name === 'Note poussée.txt')).toBe(true);
  });

  it('uploads through the queue, saves versions, and keeps both copies on a conflicting edit', async () => {
    const { core, events } = await addAlice();
    const file = await upload(core, events, 'Compte rendu 12 mars.txt', 'première version');
    expect(file).toMatchObject({ name: 'Compte rendu 12 mars.txt', mimeType: 'text/plain', parentId: null });
    expect(file.delivery).toBeUndefined();
    const top = (await call(core, 'files:list', { parentId: null })).map((f) => f.name);
    expect(top.filter((name) => name === 'Compte rendu 12 mars.txt')).toHaveLength(1); // the placeholder went
    const saved = await call(core, 'files:saveVersion', { id: file.id, data: base64('deuxième version') });
    expect(saved.status).toBe('saved');
    expect((await call(core, 'files:versions', { id: file.id })).versions.map((v) => v.version)).toEqual(['2', '1']);

    // The user takes a copy (version 2), Bob saves version 3, then the user's edit comes back.
    const copy = await call(core, 'files:download', { id: file.id });
    expect(Buffer.from(copy.data, 'base64').toString()).toBe('deuxième version');
    expect(copy.version).toBe('2');
    const doc = zimbra.control.document('alice', 'Compte rendu 12 mars.txt')!;
    zimbra.control.saveDocumentVersion('alice', doc.id, { content: 'version de Bob', by: 'bob' });
    const conflict = await call(core, 'files:saveVersion', { id: file.id, data: base64('ma version') });
    expect(conflict.status).toBe('conflict');
    if (conflict.status !== 'conflict') return;
    expect(conflict.keptAs.name).toBe('Compte rendu 12 mars (copie locale).txt');
    expect(zimbra.control.document('alice', doc.id)?.versions.at(-1)?.text).toBe('version de Bob');
    const kept = await call(core, 'files:download', { id: conflict.keptAs.id });
    expect(Buffer.from(kept.data, 'base64').toString()).toBe('ma version');
    const after = await call(core, 'files:list', { parentId: null });
    expect(after.map((f) => f.name)).toContain('Compte rendu 12 mars (copie locale).txt');
  });

  it('keeps an upload queued while the server fails, then sends it once', async () => {
    const { core, events } = await addAlice();
    zimbra.control.failNext({ kind: 'status', status: 503, scope: 'upload' }, 1);
    const uploadsBefore = zimbra.control.requests().filter((r) => r.path === '/service/upload').length;
    const file = await upload(core, events, 'Envoyé plus tard.txt', 'patience');
    expect(file.name).toBe('Envoyé plus tard.txt');
    const uploads = zimbra.control
      .requests()
      .filter((r) => r.path === '/service/upload')
      .slice(uploadsBefore);
    expect(uploads.map((r) => r.status)).toEqual([503, 200]);
    expect(zimbra.control.documents('alice').filter((d) => d.name === 'Envoyé plus tard.txt')).toHaveLength(1);
    expect(zimbra.control.document('alice', 'Envoyé plus tard.txt')?.versions.map((v) => v.text)).toEqual(['patience']);
  });

  it('locks and unlocks a document, and says who holds it', async () => {
    const { core } = await addAlice();
    const note = (await call(core, 'files:list', { parentId: null })).find((f) => f.name.startsWith('Planning'))!;
    expect((await call(core, 'files:lock', { id: note.id, locked: true })).lockedBy).toBe('alice@example.test');
    expect((await call(core, 'files:lock', { id: note.id, locked: false })).lockedBy).toBeNull();
  });

  it('searches contents on the server and completes recipients, then from the local copy offline', async () => {
    const { core } = await addAlice();
    const found = await call(core, 'files:search', { q: 'généralisation' });
    expect(found.map((f) => f.name)).toContain('Note de cadrage Bastide.txt');
    const people = await call(core, 'directory:complete', { q: 'bern' });
    expect(people.map((p) => p.address)).toContain('helene.bernard@example.test');

    zimbra.control.failNext({ kind: 'drop', scope: 'any' }, 20);
    const offline = await call(core, 'directory:complete', { q: 'bern' });
    expect(offline.map((p) => p.address)).toContain('helene.bernard@example.test');
    zimbra.control.clearFailures();
  });

  it('keeps working after the token expired: one silent sign-in through the stored password', async () => {
    const { core } = await addAlice();
    zimbra.control.expireTokens('alice');
    const note = (await call(core, 'files:list', { parentId: null })).find((f) => f.name.startsWith('Note de'))!;
    const versions = await call(core, 'files:versions', { id: note.id });
    expect(versions.versions.length).toBeGreaterThan(1);
  });
});
