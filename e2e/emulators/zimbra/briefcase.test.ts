// Contract: Briefcase listing, REST download, upload servlet quirks, SaveDocument/versions/conflicts, locks (§3.8, §5, F9, F15).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startZimbraEmulator, type ZimbraEmulator } from './index';
import { TEST_NOW, login, soap, uploadRaw } from './test-client';
import type { JsonObject } from './values';

let z: ZimbraEmulator;
let token: string;

beforeEach(async () => {
  z = await startZimbraEmulator({ now: () => TEST_NOW, fileUploadMaxBytes: 2000, uploadMaxBytes: 1000 });
  token = (await login(z.url, 'alice', 'alicepw')).token;
});
afterEach(async () => {
  await z.close();
});

const call = (name: string, req: JsonObject = {}) => soap(z.url, name, req, { cookie: token });
const NOTE = 280; // "Note de cadrage Bastide.txt", 3 versions

describe('listing (§5)', () => {
  it('SearchRequest types=document returns doc[] with ver, leb, cr, cd, lock fields', async () => {
    const r = await call('SearchRequest', { types: 'document', query: 'inid:16', sortBy: 'nameAsc' });
    const docs = r.body.doc as Record<string, unknown>[];
    expect(docs.map((d) => d.name)).toEqual([
      'Compte rendu COPIL.odt',
      'Logo Région Occitanie.png',
      'Note de cadrage Bastide.txt',
      'Planning déploiement 2025.csv',
    ]);
    const note = docs.find((d) => d.id === String(NOTE))!;
    expect(note).toMatchObject({
      l: '16',
      ct: 'text/plain',
      ver: 3,
      leb: 'alice@example.test',
      cr: 'alice@example.test',
      f: '/',
      descEnabled: true,
    });
    expect(typeof note.d).toBe('number');
    expect(typeof note.cd).toBe('number');
    expect(typeof note.md).toBe('number');
    expect((note.md as number) * 1000).toBeLessThanOrEqual(TEST_NOW.getTime());
  });

  it('finds documents by content (full-text) and under: subfolders', async () => {
    const byContent = await call('SearchRequest', { types: 'document', query: 'généralisation' });
    expect((byContent.body.doc as { id: string }[]).map((d) => d.id)).toEqual([String(NOTE)]);
    const under = await call('SearchRequest', { types: 'document', query: 'under:briefcase' });
    expect((under.body.doc as unknown[]).length).toBe(5);
  });

  it('GetFolderRequest view=document lists the document folders only', async () => {
    const r = await call('GetFolderRequest', { view: 'document' });
    const root = (r.body.folder as { folder: { name: string; view: string; folder?: { name: string }[] }[] }[])[0]!;
    expect(root.folder.map((f) => f.name)).toEqual(['Briefcase']);
    expect(root.folder[0]!.folder!.map((f) => f.name)).toEqual(['Modèles']);
  });
});

describe('REST download (§3.4, §5)', () => {
  it('by path under /home/<user>/Briefcase and /service/home/~/ by id, with ver', async () => {
    const byPath = await fetch(
      `${z.url}/home/alice@example.test/Briefcase/${encodeURIComponent('Note de cadrage Bastide.txt')}`,
      { headers: { Cookie: `ZM_AUTH_TOKEN=${token}` } },
    );
    expect(byPath.status).toBe(200);
    expect(byPath.headers.get('content-type')).toBe('text/plain');
    expect(await byPath.text()).toContain('version 3');
    const v1 = await fetch(`${z.url}/service/home/~/?id=${NOTE}&ver=1`, {
      headers: { Cookie: `ZM_AUTH_TOKEN=${token}` },
    });
    expect(await v1.text()).toContain('version 1');
    const sub = await fetch(
      `${z.url}/service/home/alice/Briefcase/Mod%C3%A8les/Mod%C3%A8le%20de%20courrier.txt?disp=a`,
      { headers: { Cookie: `ZM_AUTH_TOKEN=${token}` } },
    );
    expect(sub.status).toBe(200);
    expect(sub.headers.get('content-disposition')).toMatch(/^attachment;/);
  });

  it('takes Basic auth or ?zauthtoken=, honours auth=co, and answers 401 (HTML) without credentials', async () => {
    const basic = await fetch(`${z.url}/service/home/~/?id=${NOTE}`, {
      headers: { Authorization: `Basic ${Buffer.from('alice:alicepw').toString('base64')}` },
    });
    expect(basic.status).toBe(200);
    expect((await fetch(`${z.url}/service/home/~/?id=${NOTE}&zauthtoken=${token}`)).status).toBe(200);
    expect((await fetch(`${z.url}/service/home/~/?id=${NOTE}&auth=co&zauthtoken=${token}`)).status).toBe(401);
    const none = await fetch(`${z.url}/service/home/~/?id=${NOTE}`);
    expect(none.status).toBe(401);
    expect(none.headers.get('content-type')).toMatch(/text\/html/);
    expect(
      (await fetch(`${z.url}/service/home/~/?id=99999`, { headers: { Cookie: `ZM_AUTH_TOKEN=${token}` } })).status,
    ).toBe(404);
  });

  it('serves a message part and the raw RFC 822 source', async () => {
    const part = await fetch(`${z.url}/service/home/~/?auth=co&id=261&part=2&disp=a`, {
      headers: { Cookie: `ZM_AUTH_TOKEN=${token}` },
    });
    expect(part.headers.get('content-type')).toBe('application/pdf');
    expect((await part.text()).startsWith('%PDF')).toBe(true);
    const raw = await (
      await fetch(`${z.url}/service/home/~/?id=261`, { headers: { Cookie: `ZM_AUTH_TOKEN=${token}` } })
    ).text();
    expect(raw).toMatch(/^Return-Path: /);
    expect(raw).toContain('Content-Type: multipart/mixed');
  });
});

describe('upload servlet: HTTP 200 with the real status in the body (§3.8, F9)', () => {
  it("fmt=raw,extended → 200,'null',[{aid, ct, filename, s}] as text/html", async () => {
    const res = await fetch(`${z.url}/service/upload?fmt=raw,extended&lbfums=1`, {
      method: 'POST',
      headers: {
        Cookie: `ZM_AUTH_TOKEN=${token}`,
        'Content-Type': 'application/pdf',
        'Content-Disposition': 'attachment; filename="rapport.pdf"',
      },
      body: '%PDF-1.4 rapport',
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const text = await res.text();
    const m = /^200,'null',(\[.*\])$/.exec(text);
    expect(m).not.toBeNull();
    const [file] = JSON.parse(m![1]!) as { aid: string; ct: string; filename: string; s: number }[];
    expect(file).toMatchObject({ ct: 'application/pdf', filename: 'rapport.pdf', s: 16 });
    expect(file!.aid).toMatch(/^[0-9a-f-]{36}:[0-9a-f-]{36}$/);
  });

  it("fmt=raw → 200,'null','<aid>'; no fmt → the HTML page calling _uploadManager.loaded", async () => {
    const raw = await uploadRaw(z.url, token, 'a.txt', 'abc', 'text/plain', 'fmt=raw');
    expect(raw.text).toMatch(/^200,'null','[0-9a-f-]+:[0-9a-f-]+'$/);
    const html = await uploadRaw(z.url, token, 'a.txt', 'abc', 'text/plain', '');
    expect(html.text).toContain("window.parent._uploadManager.loaded(200,'null','");
  });

  it('multipart/form-data with any field name and a requestId form field', async () => {
    const form = new FormData();
    form.append('requestId', 'envoi_42');
    form.append('fichier', new Blob(['bonjour'], { type: 'text/plain' }), 'salut.txt');
    form.append('autre', new Blob(['deux'], { type: 'text/plain' }), 'deux.txt');
    const res = await fetch(`${z.url}/service/upload?fmt=raw,extended`, {
      method: 'POST',
      headers: { Cookie: `ZM_AUTH_TOKEN=${token}` },
      body: form,
    });
    const text = await res.text();
    expect(text.startsWith("200,'envoi_42',[")).toBe(true);
    expect((JSON.parse(text.slice(text.indexOf('['))) as unknown[]).length).toBe(2);
  });

  it('errors stay HTTP 200: 401 without cookie (a SOAP-header token is not read), 413 too large, 204 without a file name', async () => {
    const noCookie = await fetch(`${z.url}/service/upload?fmt=raw,extended`, {
      method: 'POST',
      headers: { 'Content-Disposition': 'attachment; filename="a.txt"', Authorization: `Bearer ${token}` },
      body: 'x',
    });
    expect(noCookie.status).toBe(200);
    expect(await noCookie.text()).toBe("401,'null'");
    z.control.expireTokens('alice');
    expect((await uploadRaw(z.url, token, 'a.txt', 'x')).text).toBe("401,'null'");
    token = (await login(z.url, 'alice', 'alicepw')).token;
    // 1000 bytes without lbfums (zimbraMtaMaxMessageSize here), 2000 with it (zimbraFileUploadMaxSize here).
    const big = 'x'.repeat(1500);
    expect((await uploadRaw(z.url, token, 'big.txt', big, 'text/plain', 'fmt=raw,extended')).text).toBe("413,'null'");
    expect((await uploadRaw(z.url, token, 'big.txt', big, 'text/plain', 'fmt=raw,extended&lbfums=1')).code).toBe(200);
    const nameless = await fetch(`${z.url}/service/upload?fmt=raw,extended`, {
      method: 'POST',
      headers: { Cookie: `ZM_AUTH_TOKEN=${token}` },
      body: 'x',
    });
    expect(nameless.status).toBe(200);
    expect(await nameless.text()).toBe("204,'null'");
  });
});

describe('SaveDocumentRequest and versions (§5, F15)', () => {
  it('creates a document from an upload; the upload id is single-use', async () => {
    const up = await uploadRaw(z.url, token, 'Rapport annuel.txt', 'Rapport annuel 2024');
    const r = await call('SaveDocumentRequest', { doc: { l: '16', desc: 'premier jet', upload: { id: up.aid! } } });
    expect(r.status).toBe(200);
    const doc = (r.body.doc as { id: string; ver: number; name: string }[])[0]!;
    expect(doc).toMatchObject({ ver: 1, name: 'Rapport annuel.txt' });
    expect(z.control.document('alice', Number(doc.id))!.versions[0]!.text).toBe('Rapport annuel 2024');
    const reuse = await call('SaveDocumentRequest', { doc: { l: '16', name: 'Autre.txt', upload: { id: up.aid! } } });
    expect(reuse.fault?.code).toBe('mail.NO_SUCH_UPLOAD');
  });

  it('upload ids expire after 15 minutes', async () => {
    const up = await uploadRaw(z.url, token, 'tard.txt', 'x');
    z.control.advanceClock(15 * 60_000 + 1);
    const fresh = (await login(z.url, 'alice', 'alicepw')).token;
    const r = await soap(
      z.url,
      'SaveDocumentRequest',
      { doc: { l: '16', upload: { id: up.aid! } } },
      { cookie: fresh },
    );
    expect(r.fault?.code).toBe('mail.NO_SUCH_UPLOAD');
  });

  it('a new document with an existing name → mail.ALREADY_EXISTS with the existing id and version', async () => {
    const up = await uploadRaw(z.url, token, 'Note de cadrage Bastide.txt', 'doublon');
    const r = await call('SaveDocumentRequest', { doc: { l: '16', upload: { id: up.aid! } } });
    expect(r.fault?.code).toBe('mail.ALREADY_EXISTS');
    expect(r.fault?.args).toEqual(
      expect.arrayContaining([
        { n: 'id', t: 'IID', _content: String(NOTE) },
        { n: 'ver', t: 'NUM', _content: '3' },
      ]),
    );
  });

  it('a new version with the last known ver; MODIFY_CONFLICT with name/id/ver when another user saved in between', async () => {
    const up = await uploadRaw(z.url, token, 'x.txt', 'Version 4 par Alice');
    const ok = await call('SaveDocumentRequest', { doc: { id: String(NOTE), ver: '3', upload: { id: up.aid! } } });
    expect((ok.body.doc as { ver: number; name: string }[])[0]).toMatchObject({
      id: String(NOTE),
      ver: 4,
      name: 'Note de cadrage Bastide.txt',
    });

    z.control.saveDocumentVersion('alice', NOTE, { content: 'Version 5 par Bob', by: 'bob' });
    const up2 = await uploadRaw(z.url, token, 'x.txt', 'Version 5 par Alice');
    const conflict = await call('SaveDocumentRequest', {
      doc: { id: String(NOTE), ver: '4', upload: { id: up2.aid! } },
    });
    expect(conflict.status).toBe(500);
    expect(conflict.fault?.code).toBe('mail.MODIFY_CONFLICT');
    expect(conflict.fault?.args).toEqual([
      { n: 'name', t: 'STR', _content: 'Note de cadrage Bastide.txt' },
      { n: 'id', t: 'IID', _content: String(NOTE) },
      { n: 'ver', t: 'NUM', _content: '5' },
    ]);
    const state = z.control.document('alice', NOTE)!;
    expect(state.versions.map((v) => [v.ver, v.editor])).toEqual([
      [1, 'alice@example.test'],
      [2, 'bob@example.test'],
      [3, 'alice@example.test'],
      [4, 'alice@example.test'],
      [5, 'bob@example.test'],
    ]);
  });

  it('ListDocumentRevisionsRequest: newest first from ver, count (default 1), plus user[]', async () => {
    const one = await call('ListDocumentRevisionsRequest', { doc: { id: String(NOTE) } });
    expect((one.body.doc as { ver: number }[]).map((d) => d.ver)).toEqual([3]);
    const r = await call('ListDocumentRevisionsRequest', { doc: { id: String(NOTE), count: 10 } });
    const docs = r.body.doc as { ver: number; leb: string; desc?: string }[];
    expect(docs.map((d) => d.ver)).toEqual([3, 2, 1]);
    expect(docs[1]).toMatchObject({ leb: 'bob@example.test', desc: 'Ajout du périmètre' });
    expect((r.body.user as { em: string }[]).map((u) => u.em).sort()).toEqual([
      'alice@example.test',
      'bob@example.test',
    ]);
    const from2 = await call('ListDocumentRevisionsRequest', { doc: { id: String(NOTE), ver: 2, count: 5 } });
    expect((from2.body.doc as { ver: number }[]).map((d) => d.ver)).toEqual([2, 1]);
  });
});

describe('locks (§5)', () => {
  it('ItemAction lock/unlock sets loid/loe/lt; a lock by someone else → mail.LOCKED on save and mail.CANNOT_LOCK', async () => {
    const lock = await call('ItemActionRequest', { action: { id: String(NOTE), op: 'lock' } });
    expect(lock.body.action).toEqual({ id: String(NOTE), op: 'lock' });
    const listed = await call('SearchRequest', { types: 'document', query: `item:${NOTE}` });
    expect((listed.body.doc as Record<string, unknown>[])[0]).toMatchObject({
      loid: z.control.accountId('alice'),
      loe: 'alice@example.test',
      lt: TEST_NOW.getTime(),
    });
    await call('ItemActionRequest', { action: { id: String(NOTE), op: 'unlock' } });

    z.control.lockDocument('alice', NOTE, 'bob');
    const up = await uploadRaw(z.url, token, 'x.txt', 'nouvelle version');
    const saved = await call('SaveDocumentRequest', { doc: { id: String(NOTE), ver: '3', upload: { id: up.aid! } } });
    expect(saved.fault?.code).toBe('mail.LOCKED');
    expect((await call('ItemActionRequest', { action: { id: String(NOTE), op: 'lock' } })).fault?.code).toBe(
      'mail.CANNOT_LOCK',
    );
    // The mailbox owner has admin rights on her folder, so she may break Bob's lock.
    expect((await call('ItemActionRequest', { action: { id: String(NOTE), op: 'unlock' } })).status).toBe(200);
    expect(z.control.document('alice', NOTE)!.lock).toBeUndefined();
  });

  it("re-locking one's own lock and unlocking an unlocked document are no-ops; locks show in delta sync", async () => {
    const t0 = String((await call('SyncRequest')).body.token);
    expect((await call('ItemActionRequest', { action: { id: String(NOTE), op: 'lock' } })).status).toBe(200);
    expect((await call('ItemActionRequest', { action: { id: String(NOTE), op: 'lock' } })).status).toBe(200);
    const delta = await call('SyncRequest', { token: t0 });
    expect((delta.body.doc as Record<string, unknown>[])[0]).toMatchObject({
      id: String(NOTE),
      ver: 3,
      loe: 'alice@example.test',
    });
    await call('ItemActionRequest', { action: { id: String(NOTE), op: 'unlock' } });
    expect((await call('ItemActionRequest', { action: { id: String(NOTE), op: 'unlock' } })).status).toBe(200);
    expect((await call('ItemActionRequest', { action: { id: '261', op: 'lock' } })).fault?.code).toBe(
      'service.INVALID_REQUEST',
    );
  });
});
