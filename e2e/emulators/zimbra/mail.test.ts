// Contract: folders, search, messages, actions, drafts and idempotent sending (brief §3, F5–F11).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startZimbraEmulator, type ZimbraEmulator } from './index';
import { TEST_NOW, login, soap, uploadRaw } from './test-client';
import type { JsonObject } from './values';

let z: ZimbraEmulator;
let token: string;

beforeEach(async () => {
  z = await startZimbraEmulator({ now: () => TEST_NOW });
  token = (await login(z.url, 'alice', 'alicepw')).token;
});
afterEach(async () => {
  await z.close();
});

const call = (name: string, req: JsonObject = {}, context: JsonObject = {}) =>
  soap(z.url, name, req, { cookie: token, context });
const ids = (list: unknown) => ((list as { id: string }[] | undefined) ?? []).map((x) => x.id);

describe('folders (§3.1, F5)', () => {
  it('GetFolderRequest returns exactly one root folder[0] (USER_ROOT) with system ids and nested user folders', async () => {
    const r = await call('GetFolderRequest');
    const root = (r.body.folder as JsonObject[])[0] as {
      id: string;
      name: string;
      folder: {
        id: string;
        name: string;
        absFolderPath: string;
        view?: string;
        u?: number;
        n: number;
        folder?: { name: string }[];
      }[];
    };
    expect((r.body.folder as unknown[]).length).toBe(1);
    expect(root).toMatchObject({ id: '1', name: 'USER_ROOT' });
    const byId = Object.fromEntries(root.folder.map((f) => [f.id, f]));
    expect([
      byId['2']!.name,
      byId['3']!.name,
      byId['5']!.name,
      byId['6']!.name,
      byId['7']!.name,
      byId['10']!.name,
      byId['16']!.name,
    ]).toEqual(['Inbox', 'Trash', 'Sent', 'Drafts', 'Contacts', 'Calendar', 'Briefcase']);
    expect(byId['2']).toMatchObject({ absFolderPath: '/Inbox', view: 'message', u: 4, n: 9 });
    const projets = root.folder.find((f) => f.name === 'Projets')!;
    expect(projets.folder![0]!.name).toBe('Marchés publics');
  });

  it('CreateFolderRequest (fie=1 returns the existing one; duplicate → mail.ALREADY_EXISTS) and FolderActionRequest', async () => {
    const created = await call('CreateFolderRequest', { folder: { name: 'Dossiers RH', l: '1', view: 'message' } });
    const f = (created.body.folder as { id: string; absFolderPath: string }[])[0]!;
    expect(f.absFolderPath).toBe('/Dossiers RH');
    expect((await call('CreateFolderRequest', { folder: { name: 'Dossiers RH', l: '1' } })).fault?.code).toBe(
      'mail.ALREADY_EXISTS',
    );
    expect(
      ids((await call('CreateFolderRequest', { folder: { name: 'Dossiers RH', l: '1', fie: 1 } })).body.folder),
    ).toEqual([f.id]);
    expect((await call('CreateFolderRequest', { folder: { name: 'a/b', l: '1' } })).fault?.code).toBe(
      'mail.INVALID_NAME',
    );
    const renamed = await call('FolderActionRequest', {
      action: { id: f.id, op: 'rename', name: 'Ressources humaines' },
    });
    expect(renamed.body.action).toEqual({ id: f.id, op: 'rename' });
    expect((await call('FolderActionRequest', { action: { id: '2', op: 'delete' } })).fault?.code).toBe(
      'mail.IMMUTABLE_OBJECT',
    );
  });
});

describe('SearchRequest (§3.2, F6)', () => {
  it('conversation hits (default type) with negative ids for single-message conversations and m[] of matching messages', async () => {
    const r = await call('SearchRequest', { query: 'in:inbox', limit: 50 });
    expect(r.body).toMatchObject({ sortBy: 'dateDesc', offset: 0, more: false });
    const convs = r.body.c as {
      id: string;
      n: number;
      u: number;
      sf: string;
      d: number;
      su: string;
      m: { id: string }[];
    }[];
    expect(convs[0]).toMatchObject({ id: '-270', n: 1, u: 1, su: 'Accès VPN depuis Montpellier', m: [{ id: '270' }] });
    expect(convs[0]!.sf).toBe(String(convs[0]!.d));
    const thread = convs.find((c) => !c.id.startsWith('-') && c.su.startsWith('Déploiement'))!;
    expect(thread.n).toBe(3); // Bob, Alice's reply in Sent, Bob again
    expect(thread.m).toHaveLength(2); // only the Inbox ones matched
    // Dates sorted newest first.
    expect(convs.map((c) => c.d)).toEqual([...convs.map((c) => c.d)].sort((a, b) => b - a));
  });

  it('message hits with fetch=1 inline the first message, and read=1 marks it read', async () => {
    const r = await call('SearchRequest', {
      query: 'is:unread',
      types: 'message',
      fetch: '1',
      read: 1,
      html: 1,
      limit: 2,
    });
    const hits = r.body.m as { id: string; mp?: unknown[]; f?: string }[];
    expect(hits[0]!.mp).toBeDefined();
    expect(hits[1]!.mp).toBeUndefined();
    expect(r.body.more).toBe(true);
    const again = await call('GetMsgRequest', { m: { id: hits[0]!.id } });
    expect((again.body.m as { f?: string }[])[0]!.f ?? '').not.toContain('u');
  });

  it('understands the query language: from:, subject:, has:attachment, quoted phrases, not, or, dates (French locale)', async () => {
    const q = async (query: string, extra: JsonObject = {}) =>
      ids((await call('SearchRequest', { query, types: 'message', limit: 100, ...extra })).body.m);
    expect(await q('from:bob')).toEqual(['265', '262']);
    expect(await q('subject:COPIL')).toEqual(['261']);
    expect((await q('has:attachment')).sort()).toEqual(['261', '267']);
    expect(await q('"formation RGPD"')).toEqual(['268']);
    expect(await q('formation -rgpd')).toEqual([]);
    expect((await q('from:carol or from:jerome.petit@example.test')).sort()).toEqual(['266', '270']);
    expect(await q('is:flagged')).toEqual(['266']);
    // "deploiement" also finds "Déploiement": the index folds accents.
    expect(await q('in:inbox deploiement')).toEqual(['261', '265', '262']);
    // Day-first dates for a French locale: 25/03/2025 is 25 March.
    expect(await q('in:inbox date:25/03/2025')).toEqual(['268']);
    expect(await q('in:inbox date:03/25/2025', { locale: { _content: 'en_US' } })).toEqual(['268']);
    expect(await q('in:inbox after:-1d')).toEqual(['270', '261']);
  });

  it('excludes Trash and Junk unless the query names a folder', async () => {
    const all = ids((await call('SearchRequest', { query: 'test', types: 'message' })).body.m);
    expect(all).toEqual([]);
    expect(ids((await call('SearchRequest', { query: 'in:trash test', types: 'message' })).body.m)).toEqual(['272']);
    expect(ids((await call('SearchRequest', { query: 'in:junk', types: 'message' })).body.m)).toEqual(['271']);
    expect(
      ids((await call('SearchRequest', { query: 'in:"Projets/Marchés publics"', types: 'message' })).body.m),
    ).toEqual(['275', '274']);
  });

  it('pages with offset/limit (default 10, capped at 1000) and a cursor', async () => {
    const first = await call('SearchRequest', { query: '', types: 'message', limit: 3 });
    expect(ids(first.body.m)).toHaveLength(3);
    expect(first.body.more).toBe(true);
    const second = await call('SearchRequest', { query: '', types: 'message', limit: 3, offset: 3 });
    const last = (first.body.m as { id: string; sf: string }[])[2]!;
    const viaCursor = await call('SearchRequest', {
      query: '',
      types: 'message',
      limit: 3,
      cursor: { id: last.id, sortVal: last.sf },
    });
    expect(ids(viaCursor.body.m)).toEqual(ids(second.body.m));
    const huge = await call('SearchRequest', { query: '', types: 'message', limit: 5000 });
    expect(huge.body.more).toBe(false);
    const dflt = await call('SearchRequest', { query: '', types: 'message' });
    expect(ids(dflt.body.m)).toHaveLength(10);
  });

  it('rejects conversation+message together and bad queries with mail.QUERY_PARSE_ERROR', async () => {
    expect((await call('SearchRequest', { types: 'conversation,message' })).fault?.code).toBe(
      'service.INVALID_REQUEST',
    );
    const bad = await call('SearchRequest', { query: 'inconnu:truc' });
    expect(bad.fault?.code).toBe('mail.QUERY_PARSE_ERROR');
    expect(bad.fault?.args).toEqual(
      expect.arrayContaining([
        { n: 'colNo', t: 'NUM', _content: '0' },
        { n: 'curTok', t: 'STR', _content: 'inconnu:truc' },
      ]),
    );
  });
});

describe('GetMsg / GetConv (§3.3, F7)', () => {
  it('returns m[0] with ms dates, mid, all addresses with t, and IMAP-style parts (TEXT, 1, 2…)', async () => {
    const r = await call('GetMsgRequest', { m: { id: '261', html: 1 } });
    const m = (r.body.m as JsonObject[])[0] as {
      cid: string;
      d: number;
      sd: number;
      md: number;
      mid: string;
      e: { a: string; t: string }[];
      mp: {
        part: string;
        ct: string;
        mp: { part: string; ct: string; body?: boolean; content?: string; filename?: string; cd?: string }[];
      }[];
    };
    expect(m.cid).toBe('-261');
    expect(m.d).toBe(TEST_NOW.getTime() - 2 * 3600_000);
    expect(m.md).toBe(Math.floor(TEST_NOW.getTime() / 1000));
    expect(m.mid).toMatch(/^<.+@example\.test>$/);
    expect(m.e.map((e) => `${e.t}:${e.a}`)).toEqual([
      'f:elodie.martin@example.test',
      't:alice@example.test',
      'c:bob@example.test',
    ]);
    expect(m.mp[0]).toMatchObject({ part: 'TEXT', ct: 'multipart/mixed' });
    expect(m.mp[0]!.mp.map((p) => [p.part, p.ct])).toEqual([
      ['1', 'text/plain'],
      ['2', 'application/pdf'],
    ]);
    expect(m.mp[0]!.mp[0]!.body).toBe(true);
    expect(m.mp[0]!.mp[1]).toMatchObject({ cd: 'attachment', filename: 'ODJ_COPIL.pdf' });
  });

  it('a plain single-part message has part 1; html=1 picks text/html and neuters images unless neuter=0; max truncates', async () => {
    const plain = await call('GetMsgRequest', { m: { id: '270' } });
    expect((plain.body.m as { mp: { part: string }[] }[])[0]!.mp.map((p) => p.part)).toEqual(['1']);
    const html = await call('GetMsgRequest', { m: { id: '268', html: 1 } });
    const alt = (
      html.body.m as { mp: { part: string; ct: string; mp: { part: string; body?: boolean; content?: string }[] }[] }[]
    )[0]!.mp[0]!;
    expect(alt).toMatchObject({ part: 'TEXT', ct: 'multipart/alternative' });
    const body = alt.mp.find((p) => p.body)!;
    expect(body.part).toBe('2');
    expect(body.content).toContain('dfsrc="https://intranet');
    const raw = await call('GetMsgRequest', { m: { id: '268', html: 1, neuter: 0, max: 40 } });
    const rawBody = (
      raw.body.m as { mp: { mp: { body?: boolean; content: string; truncated?: boolean }[] }[] }[]
    )[0]!.mp[0]!.mp.find((p) => p.body)!;
    expect(rawBody.truncated).toBe(true);
    expect(Buffer.byteLength(rawBody.content)).toBeLessThanOrEqual(40);
  });

  it('GetConvRequest returns c[0] with all messages; GetMsgMetadataRequest is lightweight', async () => {
    const search = await call('SearchRequest', { query: 'subject:Déploiement', types: 'conversation' });
    const convId = ids(search.body.c)[0]!;
    const conv = await call('GetConvRequest', { c: { id: convId, fetch: 'first' } });
    const c = (conv.body.c as { n: number; m: { id: string; mp?: unknown }[] }[])[0]!;
    expect(c.n).toBe(3);
    expect(c.m[0]!.mp).toBeDefined();
    const meta = await call('GetMsgMetadataRequest', { m: { ids: '262,265,999' } });
    expect((meta.body.m as JsonObject[]).map((x) => Object.keys(x).sort())).toEqual([
      ['cid', 'd', 'id', 'l', 'md', 'ms', 'rev', 's'],
      ['cid', 'd', 'f', 'id', 'l', 'md', 'ms', 'rev', 's'],
    ]);
  });
});

describe('actions (§3.5, F8)', () => {
  it('MsgActionRequest echoes the id list in a single action object; unknown ids fault', async () => {
    const r = await call('MsgActionRequest', { action: { id: '261,270', op: 'read' } });
    expect(r.body.action).toEqual({ id: '261,270', op: 'read' });
    expect(
      z.control
        .messages('alice', 2)
        .filter((m) => m.flags.includes('u'))
        .map((m) => m.id),
    ).toEqual([265, 268]);
    await call('MsgActionRequest', { action: { id: '261', op: 'move', l: '3' } });
    expect(z.control.messages('alice', 3).map((m) => m.id)).toContain(261);
    expect((await call('MsgActionRequest', { action: { id: '99999', op: 'read' } })).fault?.code).toBe(
      'mail.NO_SUCH_MSG',
    );
  });

  it('ConvActionRequest applies tcon constraints but still echoes every id', async () => {
    const convId = ids((await call('SearchRequest', { query: 'subject:Déploiement' })).body.c)[0]!;
    const r = await call('ConvActionRequest', { action: { id: convId, op: 'trash', tcon: '-s' } });
    expect(r.body.action).toEqual({ id: convId, op: 'trash' });
    const inSent = z.control.messages('alice', 5).map((m) => m.subject);
    expect(inSent).toContain('Re: Déploiement de Bastide sur les postes de la DSI'); // sent copy spared
    expect(z.control.messages('alice', 3).filter((m) => m.subject.includes('Déploiement'))).toHaveLength(2);
  });

  it('context change{token, type:"mod"} → mail.MODIFY_CONFLICT when the item changed after that token', async () => {
    const before = z.control.changeId('alice');
    z.control.setMessageFlags('alice', 270, { flagged: true }); // changed "by another client"
    const r = await call(
      'MsgActionRequest',
      { action: { id: '270', op: 'read' } },
      { change: { token: before, type: 'mod' } },
    );
    expect(r.status).toBe(500);
    expect(r.fault?.code).toBe('mail.MODIFY_CONFLICT');
    const ok = await call(
      'MsgActionRequest',
      { action: { id: '270', op: 'read' } },
      { change: { token: z.control.changeId('alice'), type: 'mod' } },
    );
    expect(ok.status).toBe(200);
  });
});

describe('drafts and sending (§3.6, §3.7, F10, F11)', () => {
  it('SaveDraftRequest creates, then replaces the same draft id; attachments can be kept by part reference', async () => {
    const up = await uploadRaw(z.url, token, 'budget.csv', 'poste;montant\n', 'text/csv', 'fmt=raw,extended');
    const created = await call('SaveDraftRequest', {
      m: {
        e: [{ t: 't', a: 'bob@example.test', p: 'Bob Garnier' }],
        su: { _content: 'Budget 2026' },
        mp: [
          {
            ct: 'multipart/alternative',
            mp: [
              { ct: 'text/plain', content: { _content: 'Premier jet' } },
              { ct: 'text/html', content: { _content: '<p>Premier jet</p>' } },
            ],
          },
        ],
        attach: { aid: up.aid! },
      },
    });
    const d = (
      created.body.m as {
        id: string;
        l: string;
        f: string;
        su: string;
        mp: { mp: { part: string; filename?: string }[] }[];
      }[]
    )[0]!;
    expect(d).toMatchObject({ l: '6', su: 'Budget 2026' });
    expect(d.f).toContain('d');
    const attPart = d.mp[0]!.mp.find((p) => p.filename === 'budget.csv')!.part;
    const updated = await call('SaveDraftRequest', {
      m: {
        id: d.id,
        e: [{ t: 't', a: 'bob@example.test' }],
        su: 'Budget 2026 (v2)',
        mp: [{ ct: 'text/plain', content: 'Deuxième jet' }],
        attach: { mp: [{ mid: d.id, part: attPart }] },
      },
    });
    const u = (updated.body.m as { id: string; su: string; mp: { mp?: { filename?: string }[] }[] }[])[0]!;
    expect(u.id).toBe(d.id);
    expect(u.su).toBe('Budget 2026 (v2)');
    expect(u.mp[0]!.mp!.some((p) => p.filename === 'budget.csv')).toBe(true);
  });

  it('SendMsgRequest saves to Sent, deletes the did draft, delivers locally, and dedupes by suid', async () => {
    const draftId = 273; // seeded draft "Note au directeur général des services"
    const req = {
      suid: '7f9b6f0e-2c1d-4b7e-9a59-1c2d3e4f5a6b',
      m: {
        did: String(draftId),
        e: [{ t: 't', a: 'elodie.martin@example.test', p: 'Élodie Martin' }],
        su: { _content: 'Note au DGS' },
        mp: [{ ct: 'text/plain', content: { _content: 'Voici la note.' } }],
      },
    };
    const first = await call('SendMsgRequest', req);
    const sentId = ids(first.body.m)[0]!;
    expect(sentId).toMatch(/^\d+$/);
    const retry = await call('SendMsgRequest', req);
    expect(ids(retry.body.m)).toEqual([sentId]);
    expect(z.control.sentMessages('alice')).toHaveLength(1);
    expect(z.control.sentMessages('alice')[0]).toMatchObject({ subject: 'Note au DGS', suid: req.suid, draftId });
    expect(z.control.messages('alice', 6).map((m) => m.id)).not.toContain(draftId);
    expect(z.control.messages('alice', 5).map((m) => m.id)).toContain(Number(sentId));
    expect(
      z.control.messages('elodie.martin', 2).some((m) => m.subject === 'Note au DGS' && m.flags.includes('u')),
    ).toBe(true);
  });

  it('the suid cache only remembers the last 5 sends', async () => {
    const send = (suid: string) =>
      call('SendMsgRequest', {
        suid,
        m: { e: [{ t: 't', a: 'bob@example.test' }], su: suid, mp: [{ ct: 'text/plain', content: 'x' }] },
      });
    for (let i = 0; i < 6; i++) await send(`suid-${i}`);
    await send('suid-0'); // forgotten → sent again
    await send('suid-5'); // remembered
    expect(z.control.sentMessages('alice').map((s) => s.suid)).toEqual([
      'suid-0',
      'suid-1',
      'suid-2',
      'suid-3',
      'suid-4',
      'suid-5',
      'suid-0',
    ]);
  });

  it('a retry while the first send is in flight → mail.SENDING_MESSAGE_IN_PENDING_STATE_TRY_AGAIN; noSave → m[{}]', async () => {
    z.control.setSendDelay(200);
    const req = {
      suid: 'lent',
      m: { e: [{ t: 't', a: 'bob@example.test' }], su: 'Lent', mp: [{ ct: 'text/plain', content: 'x' }] },
    };
    const first = call('SendMsgRequest', req);
    await new Promise((r) => setTimeout(r, 50));
    const second = await call('SendMsgRequest', req);
    expect(second.fault?.code).toBe('mail.SENDING_MESSAGE_IN_PENDING_STATE_TRY_AGAIN');
    expect((await first).status).toBe(200);
    z.control.setSendDelay(0);
    const noSave = await call('SendMsgRequest', {
      noSave: 1,
      m: { e: [{ t: 't', a: 'bob@example.test' }], su: 'Sans copie', mp: [{ ct: 'text/plain', content: 'x' }] },
    });
    expect(noSave.body.m).toEqual([{}]);
  });

  it('faults: expired/unknown upload → mail.NO_SUCH_UPLOAD; bad address → mail.SEND_ABORTED_ADDRESS_FAILURE', async () => {
    const bad = await call('SendMsgRequest', {
      m: {
        e: [{ t: 't', a: 'bob@example.test' }],
        su: 'x',
        mp: [{ ct: 'text/plain', content: 'x' }],
        attach: { aid: 'nope:nope' },
      },
    });
    expect(bad.fault?.code).toBe('mail.NO_SUCH_UPLOAD');
    const addr = await call('SendMsgRequest', {
      m: { e: [{ t: 't', a: 'pas-une-adresse' }], su: 'x', mp: [{ ct: 'text/plain', content: 'x' }] },
    });
    expect(addr.fault?.code).toBe('mail.SEND_ABORTED_ADDRESS_FAILURE');
    expect(z.control.sentMessages('alice')).toHaveLength(0);
  });
});
