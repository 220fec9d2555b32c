// Contract: SyncRequest, sessions/notifications, NoOp long-poll, WaitSets (brief §4, F12–F14).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startZimbraEmulator, type ZimbraEmulator } from './index';
import { TEST_NOW, login, soap } from './test-client';
import type { JsonObject } from './values';

let z: ZimbraEmulator;
let token: string;
let accountId: string;

beforeEach(async () => {
  z = await startZimbraEmulator({ now: () => TEST_NOW, noOpTimeout: { minMs: 50 }, waitSetTimeout: { minS: 1 } });
  token = (await login(z.url, 'alice', 'alicepw')).token;
  accountId = z.control.accountId('alice');
});
afterEach(async () => {
  await z.close();
});

const call = (name: string, req: JsonObject = {}, context: JsonObject = {}) =>
  soap(z.url, name, req, { cookie: token, context });

type SyncFolder = {
  id: string;
  name?: string;
  folder?: SyncFolder[];
  m?: { ids: string }[];
  doc?: { ids: string }[];
  appt?: { ids: string }[];
  c?: { ids: string }[];
  tag?: unknown[];
};
function find(f: SyncFolder, id: string): SyncFolder | undefined {
  if (f.id === id) return f;
  for (const c of f.folder ?? []) {
    const hit = find(c, id);
    if (hit) return hit;
  }
  return undefined;
}

describe('SyncRequest (§4.1, F12)', () => {
  it('initial: numeric token, md in seconds, folder tree from 11 with per-folder id lists', async () => {
    const r = await call('SyncRequest');
    expect(typeof r.body.token).toBe('number');
    expect(r.body.md).toBe(Math.floor(TEST_NOW.getTime() / 1000));
    expect(typeof r.body.s).toBe('number');
    const root = (r.body.folder as SyncFolder[])[0]!;
    expect(root.id).toBe('11');
    expect(root.folder!.map((f) => f.id)).toEqual(expect.arrayContaining(['1', '8', '9']));
    expect(find(root, '8')!.tag).toBeDefined();
    expect(find(root, '9')!.c![0]!.ids).toMatch(/^\d+/); // the real conversation of the Bob thread
    expect(find(root, '2')!.m![0]!.ids.split(',').length).toBe(9);
    expect(find(root, '16')!.doc![0]!.ids.split(',').length).toBe(4);
    expect(find(root, '10')!.appt).toBeDefined();
  });

  it('msgCutoff is in SECONDS; calCutoff in MILLISECONDS', async () => {
    const cutoffS = Math.floor((TEST_NOW.getTime() - 36 * 3600_000) / 1000); // last 36 hours
    const r = await call('SyncRequest', { msgCutoff: cutoffS });
    const inbox = find((r.body.folder as SyncFolder[])[0]!, '2')!;
    expect(inbox.m![0]!.ids.split(',')).toHaveLength(3);
    const all = find(((await call('SyncRequest')).body.folder as SyncFolder[])[0]!, '10')!;
    expect(all.appt![0]!.ids.split(',')).toHaveLength(7);
    // Only the 12-week "Point d'équipe hebdomadaire" series still runs 30 days from now.
    const cal = await call('SyncRequest', { calCutoff: TEST_NOW.getTime() + 30 * 86400_000 });
    const calendar = find((cal.body.folder as SyncFolder[])[0]!, '10')!;
    expect(calendar.appt![0]!.ids.split(',')).toHaveLength(1);
  });

  it('delta: string token, typed deletes, folders, new items as id/l/d/md/ms and metadata changes with f', async () => {
    const initial = await call('SyncRequest');
    const t0 = String(initial.body.token);
    const { id: newId } = z.control.deliverMessage('alice', {
      from: 'carol',
      subject: 'Nouvelle note de service',
      text: 'Bonjour à tous',
    });
    await call('MsgActionRequest', { action: { id: '270', op: 'read' } });
    z.control.deleteItem('alice', 272);
    const folderId = z.control.createFolder('alice', { name: 'Archives 2024' });

    const delta = await call('SyncRequest', { token: t0, typed: 1 });
    expect(typeof delta.body.token).toBe('string');
    expect(Number(delta.body.token)).toBe(z.control.changeId('alice'));
    expect(delta.body.more).toBeUndefined();
    expect(delta.body.deleted).toEqual([{ ids: '272', m: [{ ids: '272' }] }]);
    expect((delta.body.folder as { id: string; name: string }[]).map((f) => [f.id, f.name])).toEqual([
      [String(folderId), 'Archives 2024'],
    ]);
    const ms = delta.body.m as Record<string, unknown>[];
    const created = ms.find((m) => m.id === String(newId))!;
    expect(Object.keys(created).sort()).toEqual(['d', 'id', 'l', 'md', 'ms']);
    expect(created.d).toBe(TEST_NOW.getTime()); // ms …
    expect(created.md).toBe(Math.floor(TEST_NOW.getTime() / 1000)); // … vs seconds
    const changed = ms.find((m) => m.id === '270')!;
    expect(changed).toMatchObject({ l: '2', cid: '-270', f: '' });

    const untyped = await call('SyncRequest', { token: t0 });
    expect(untyped.body.deleted).toEqual([{ ids: '272' }]);
    const nothing = await call('SyncRequest', { token: delta.body.token as string });
    expect(nothing.body.m).toBeUndefined();
    expect(nothing.body.deleted).toBeUndefined();
  });

  it('pages with changeLimit/deleteLimit and more:true until done, with opaque paged tokens', async () => {
    const t0 = String((await call('SyncRequest')).body.token);
    const ids = Array.from(
      { length: 5 },
      (_, i) => z.control.deliverMessage('alice', { subject: `Lot ${i}`, text: '…' }).id,
    );
    for (const id of [257, 261, 262]) z.control.deleteItem('alice', id);
    const seen: string[] = [];
    const deleted: string[] = [];
    let token = t0;
    let pages = 0;
    for (;;) {
      const r = await call('SyncRequest', { token, typed: 1, changeLimit: 2, deleteLimit: 2 });
      pages += 1;
      for (const m of (r.body.m as { id: string }[] | undefined) ?? []) seen.push(m.id);
      for (const d of (r.body.deleted as { ids: string }[] | undefined) ?? []) deleted.push(...d.ids.split(','));
      token = String(r.body.token);
      if (pages === 1) {
        expect(r.body.more).toBe(true);
        expect(token).toMatch(/^\d+(-\d+)?:d\d+(-\d+)?$/);
      }
      if (!r.body.more) break;
      expect(pages).toBeLessThan(10);
    }
    expect(pages).toBe(3);
    expect(seen.sort()).toEqual(ids.map(String).sort());
    expect(deleted.sort()).toEqual(['257', '261', '262']);
    expect(token).toBe(String(z.control.changeId('alice')));
  });

  it('mail.MUST_RESYNC when tombstones expired (control or 3 months), mail.INVALID_SYNC_TOKEN when malformed', async () => {
    const t0 = String((await call('SyncRequest')).body.token);
    z.control.deleteItem('alice', 257);
    z.control.expireTombstones('alice');
    const r = await call('SyncRequest', { token: t0 });
    expect(r.status).toBe(500);
    expect(r.fault).toMatchObject({
      code: 'mail.MUST_RESYNC',
      reason: 'sync token too old; tombstones have already been expired',
    });
    // A token taken after the purge is fine.
    const t1 = String((await call('SyncRequest')).body.token);
    expect((await call('SyncRequest', { token: t1 })).status).toBe(200);
    // Time-based: a delete, then 3 months and a day later the tombstone is gone.
    z.control.deleteItem('alice', 261);
    z.control.advanceClock(91 * 86400_000);
    const fresh = (await login(z.url, 'alice', 'alicepw')).token;
    expect((await soap(z.url, 'SyncRequest', { token: t1 }, { cookie: fresh })).fault?.code).toBe('mail.MUST_RESYNC');
    expect((await soap(z.url, 'SyncRequest', { token: 'abc' }, { cookie: fresh })).fault?.code).toBe(
      'mail.INVALID_SYNC_TOKEN',
    );
  });
});

describe('sessions and notifications (§4.2, F13)', () => {
  it('session:{} opens a session; the first response carries refresh, later ones notify blocks with seq', async () => {
    const first = await call('GetFolderRequest', {}, { session: {} });
    const session = first.context.session as { id: string; _content: string };
    expect(session.id).toBe(session._content);
    expect(first.context.refresh).toMatchObject({
      version: expect.stringMatching(/^8\.8\.15/),
      folder: [expect.objectContaining({ id: '1' })],
    });
    expect(first.context.notify).toBeUndefined();

    const { id } = z.control.deliverMessage('alice', {
      from: 'carol',
      subject: 'Réunion de service',
      text: 'Ordre du jour…',
    });
    const second = await call(
      'GetInfoRequest',
      { sections: 'mbox' },
      { session: { id: session.id, _content: session.id } },
    );
    expect(second.context.refresh).toBeUndefined();
    const notify = second.context.notify as {
      seq: number;
      created?: { m: Record<string, unknown>[] };
      modified?: { folder: { id: string; u: number }[]; mbx: { s: number }[] };
    }[];
    expect(notify).toHaveLength(1);
    expect(notify[0]!.seq).toBe(1);
    expect(notify[0]!.created!.m[0]).toMatchObject({
      id: String(id),
      cid: `-${id}`,
      l: '2',
      f: 'u',
      su: 'Réunion de service',
      e: [{ a: 'carol@example.test', t: 'f' }],
    });
    expect(notify[0]!.modified!.folder.find((f) => f.id === '2')!.u).toBe(5);
    expect(notify[0]!.modified!.mbx[0]!.s).toBeGreaterThan(0);

    // Not acknowledged → re-sent; acknowledged with notify.seq → dropped.
    const again = await call('GetInfoRequest', { sections: 'mbox' }, { session: { id: session.id } });
    expect((again.context.notify as { seq: number }[]).map((b) => b.seq)).toEqual([1]);
    await call('MsgActionRequest', { action: { id: String(id), op: 'read' } });
    z.control.deleteItem('alice', 257);
    const third = await call(
      'GetInfoRequest',
      { sections: 'mbox' },
      { session: { id: session.id }, notify: { seq: 1 } },
    );
    const blocks = third.context.notify as {
      seq: number;
      modified?: { m?: { id: string; f: string }[] };
      deleted?: { id: string };
    }[];
    expect(blocks.map((b) => b.seq)).toEqual([2]);
    expect(blocks[0]!.modified!.m).toEqual([{ id: String(id), f: '' }]);
    expect(blocks[0]!.deleted).toEqual({ id: '257' });
  });

  it('an unknown or expired session id gets a new id (and a refresh); nosession opts out', async () => {
    const first = await call('GetFolderRequest', {}, { session: {} });
    const id = (first.context.session as { id: string }).id;
    z.control.advanceClock(601_000); // idle timeout 600 s
    const fresh = (await login(z.url, 'alice', 'alicepw')).token;
    const r = await soap(z.url, 'GetFolderRequest', {}, { cookie: fresh, context: { session: { id } } });
    expect((r.context.session as { id: string }).id).not.toBe(id);
    expect(r.context.refresh).toBeDefined();
    const none = await soap(z.url, 'GetFolderRequest', {}, { cookie: fresh, context: { nosession: {} } });
    expect(none.context.session).toBeUndefined();
  });

  it('overflow (control.forceRefresh) replaces notify with refresh', async () => {
    const id = ((await call('GetFolderRequest', {}, { session: {} })).context.session as { id: string }).id;
    z.control.deliverMessage('alice', { subject: 'a', text: 'b' });
    z.control.forceRefresh('alice');
    const r = await call('NoOpRequest', {}, { session: { id } });
    expect(r.context.refresh).toBeDefined();
    expect(r.context.notify).toBeUndefined();
  });
});

describe('NoOpRequest wait=1 (§4.2, F13)', () => {
  async function openSession(): Promise<string> {
    const r = await call('GetFolderRequest', {}, { session: {} });
    return (r.context.session as { id: string }).id;
  }

  it('blocks until a change happens, then returns with the notification in the header', async () => {
    const id = await openSession();
    const started = Date.now();
    const pending = call('NoOpRequest', { wait: 1, timeout: 10_000 }, { session: { id } });
    await new Promise((r) => setTimeout(r, 150));
    z.control.saveDocumentVersion('alice', 280, { content: 'Version 4 par Bob' });
    const r = await pending;
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(r.body).toEqual({ _jsns: 'urn:zimbraMail' });
    const doc = (r.context.notify as { modified: { doc: Record<string, unknown>[] } }[])[0]!.modified.doc[0]!;
    expect(doc).toMatchObject({ id: '280', ver: 4, leb: 'bob@example.test' });
  });

  it('times out (timeout in MILLISECONDS, clamped) with an empty NoOpResponse and no notify', async () => {
    const id = await openSession();
    const started = Date.now();
    const r = await call('NoOpRequest', { wait: 1, timeout: 200 }, { session: { id } });
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect(r.body).toEqual({ _jsns: 'urn:zimbraMail' });
    expect(r.context.notify).toBeUndefined();
  });

  it('returns at once when notifications are already pending, or without a session', async () => {
    const id = await openSession();
    z.control.deliverMessage('alice', { subject: 'déjà là', text: '…' });
    const started = Date.now();
    const r = await call('NoOpRequest', { wait: 1, timeout: 5_000 }, { session: { id } });
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(r.context.notify).toBeDefined();
    const noSession = await call('NoOpRequest', { wait: 1, timeout: 5_000 });
    expect(noSession.status).toBe(200);
  });

  it('waitDisallowed when the server refuses long-polls; limitToOneBlocked completes the older NoOp', async () => {
    const id = await openSession();
    z.control.setWaitAllowed(false);
    expect((await call('NoOpRequest', { wait: 1 }, { session: { id } })).body.waitDisallowed).toBe(true);
    z.control.setWaitAllowed(true);
    const older = call('NoOpRequest', { wait: 1, timeout: 10_000, limitToOneBlocked: 1 }, { session: { id } });
    await new Promise((r) => setTimeout(r, 100));
    const started = Date.now();
    const newer = call('NoOpRequest', { wait: 1, timeout: 300, limitToOneBlocked: 1 }, { session: { id } });
    await older;
    expect(Date.now() - started).toBeLessThan(250);
    await newer;
  });
});

describe('WaitSets (§4.3, F14)', () => {
  it('create → block → a change rings the doorbell with a[{id, changeid}] → delta sync', async () => {
    const t0 = (await call('SyncRequest')).body.token as number;
    const created = await call('CreateWaitSetRequest', {
      defTypes: 'all',
      add: { a: [{ id: accountId, token: String(t0) }] },
    });
    expect(created.body).toMatchObject({
      waitSet: expect.stringMatching(/^WaitSet\d+$/),
      defTypes: 'f,m,c,a,t,d',
      seq: '0',
    });
    const ws = created.body.waitSet as string;
    const waiting = call('WaitSetRequest', { waitSet: ws, seq: '0', block: 1, timeout: 30 });
    await new Promise((r) => setTimeout(r, 100));
    z.control.deliverMessage('alice', { subject: 'Ding', text: 'dong' });
    const r = await waiting;
    expect(r.body).toMatchObject({
      waitSet: ws,
      seq: '1',
      a: [{ id: accountId, changeid: z.control.changeId('alice') }],
    });
    const delta = await call('SyncRequest', { token: String(t0), typed: 1 });
    expect((delta.body.m as unknown[]).length).toBe(1);
  });

  it('answers at once when the token is already behind; empty response on timeout (SECONDS)', async () => {
    const t0 = z.control.changeId('alice');
    z.control.deliverMessage('alice', { subject: 'avant', text: '…' });
    const ws = (
      await call('CreateWaitSetRequest', { defTypes: 'm', add: { a: [{ id: accountId, token: String(t0) }] } })
    ).body.waitSet as string;
    const first = await call('WaitSetRequest', { waitSet: ws, seq: '0', block: 1, timeout: 1 });
    expect(first.body.a).toEqual([{ id: accountId, changeid: z.control.changeId('alice') }]);
    const started = Date.now();
    const second = await call('WaitSetRequest', { waitSet: ws, seq: first.body.seq as string, block: 1, timeout: 1 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(second.body.a).toBeUndefined();
    expect(second.body.seq).toBe('1');
  });

  it('filters by types: a document change does not ring a message-only WaitSet', async () => {
    const ws = (await call('CreateWaitSetRequest', { defTypes: 'm', add: { a: [{ id: accountId }] } })).body
      .waitSet as string;
    const waiting = call('WaitSetRequest', { waitSet: ws, seq: '0', block: 1, timeout: 1 });
    z.control.saveDocumentVersion('alice', 280, { content: 'x' });
    expect((await waiting).body.a).toBeUndefined();
  });

  it('a newer request cancels the blocked one; unknown/destroyed sets → admin.NO_SUCH_WAITSET', async () => {
    const ws = (await call('CreateWaitSetRequest', { defTypes: 'all', add: { a: [{ id: accountId }] } })).body
      .waitSet as string;
    const older = call('WaitSetRequest', { waitSet: ws, seq: '0', block: 1, timeout: 30 });
    await new Promise((r) => setTimeout(r, 100));
    const newer = call('WaitSetRequest', { waitSet: ws, seq: '0', block: 1, timeout: 1 });
    expect((await older).body.canceled).toBe(true);
    await newer;
    expect((await call('DestroyWaitSetRequest', { waitSet: ws })).body.waitSet).toBe(ws);
    const gone = await call('WaitSetRequest', { waitSet: ws, seq: '0', block: 1, timeout: 1 });
    expect(gone.fault?.code).toBe('admin.NO_SUCH_WAITSET');
    expect((await call('WaitSetRequest', { waitSet: 'WaitSet999', seq: '0' })).fault?.code).toBe(
      'admin.NO_SUCH_WAITSET',
    );
  });

  it('expires after 20 minutes unused; watching another account is refused', async () => {
    const ws = (await call('CreateWaitSetRequest', { defTypes: 'all', add: { a: [{ id: accountId }] } })).body
      .waitSet as string;
    z.control.advanceClock(21 * 60_000);
    const fresh = (await login(z.url, 'alice', 'alicepw')).token;
    expect((await soap(z.url, 'WaitSetRequest', { waitSet: ws, seq: '0' }, { cookie: fresh })).fault?.code).toBe(
      'admin.NO_SUCH_WAITSET',
    );
    const other = await soap(
      z.url,
      'CreateWaitSetRequest',
      { defTypes: 'all', add: { a: [{ id: z.control.accountId('bob') }] } },
      { cookie: fresh },
    );
    expect(other.fault?.code).toBe('service.PERM_DENIED');
  });
});
