// Contract tests for documents: Documents REST (§4.2, F14), upload servlet (§4.4), ECMS upload (§4.3, F15),
// WebDAV (§4.5, F16) with the eXo path layout.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ExoEmulator } from './index';
import { type Client, basic, loggedIn, withEmulator } from './test-helpers';

let emu: ExoEmulator;
let now: number;
let alice: Client;
type Json = Record<string, unknown>;
const ALICE_PRIVATE = '/Users/a___/al___/ali___/alice/Private';
const DN_DOCS = '/Groups/spaces/direction_du_numerique/Documents';
const DAV = '/rest/private/jcr/repository/collaboration';

beforeEach(async () => {
  now = Date.UTC(2025, 2, 10, 12, 0, 0);
  emu = await withEmulator({ now: () => new Date(now) });
  alice = await loggedIn(emu.url, 'alice');
});
afterEach(() => emu.close());

function dav(
  method: string,
  path: string,
  init: { headers?: Record<string, string>; body?: string | Buffer; user?: string } = {},
) {
  const enc = path.split('/').map(encodeURIComponent).join('/');
  return fetch(`${emu.url}${DAV}${enc}`, {
    method,
    headers: { ...basic(init.user ?? 'alice'), ...init.headers },
    ...(init.body !== undefined ? { body: typeof init.body === 'string' ? init.body : new Uint8Array(init.body) } : {}),
  });
}

async function identityId(c: Client, path: string): Promise<string> {
  return String((await c.json(path)).id);
}

describe('Documents REST (brief §4.2, F14)', () => {
  it('lists the personal drive (plain array, folders first) with node fields', async () => {
    const me = await identityId(alice, '/portal/rest/v1/social/users/alice');
    const list = await alice.json<Json[]>(
      `/portal/rest/v1/documents?ownerId=${me}&listingType=FOLDER&offset=0&limit=50`,
    );
    expect(Array.isArray(list)).toBe(true);
    expect(list.map((n) => n.name)).toEqual([
      'Documents',
      'Notes',
      'Budget prévisionnel 2025.csv',
      'Présentation comité.odp',
    ]);
    const csv = list.find((n) => n.name === 'Budget prévisionnel 2025.csv') as Json;
    expect(csv).toMatchObject({
      path: `${ALICE_PRIVATE}/Budget prévisionnel 2025.csv`,
      folder: false,
      mimeType: 'text/csv',
      versionable: true,
      versionNumber: '1',
      ownerIdentity: { id: me, name: 'alice', providerId: 'organization' },
      acl: { canAccess: true, canEdit: true, canDelete: true },
    });
    expect(typeof csv.modifiedDate).toBe('number');
    expect(String(csv.id)).toMatch(/^[0-9a-f-]{36}$/);
    const folder = list.find((n) => n.name === 'Notes') as Json;
    expect(folder.folder).toBe(true);
    expect((folder.breadcrumb as Json[]).map((b) => b.name)).toEqual(['Private', 'Notes']);
    const inside = await alice.json<Json[]>(
      `/portal/rest/v1/documents?parentFolderId=${String(folder.id)}&listingType=FOLDER`,
    );
    expect(inside.map((n) => n.name)).toEqual(['Réunion DSI 2025-03.md']);
  });

  it('space drive by the space identity, sorted by modified; folderPath; query search is accent-insensitive', async () => {
    const spaceIdentity = String(
      (await alice.json('/portal/rest/v1/social/spaces/byPrettyName/direction_du_numerique')).identity,
    )
      .split('/')
      .pop();
    const list = await alice.json<Json[]>(
      `/portal/rest/v1/documents?ownerId=${spaceIdentity}&listingType=FOLDER&sortField=modified&ascending=false`,
    );
    expect(list.map((n) => n.name)).toContain('Schéma directeur du numérique 2025-2028.odt');
    const odt = list.find((n) => String(n.name).startsWith('Schéma')) as Json;
    expect(odt.versionNumber).toBe('2');
    expect(odt.ownerIdentity).toMatchObject({ providerId: 'space', remoteId: 'direction_du_numerique' });
    const sub = await alice.json<Json[]>(
      `/portal/rest/v1/documents?ownerId=${spaceIdentity}&listingType=FOLDER&folderPath=Architecture`,
    );
    expect(sub.map((n) => n.name)).toEqual(['Hébergement souverain.txt']);
    const found = await alice.json<Json[]>(
      `/portal/rest/v1/documents?ownerId=${spaceIdentity}&listingType=FOLDER&query=hebergement`,
    );
    expect(found.map((n) => n.name)).toEqual(['Hébergement souverain.txt']);
    const timeline = await alice.json<Json[]>(
      `/portal/rest/v1/documents?ownerId=${spaceIdentity}&listingType=TIMELINE`,
    );
    expect(timeline.every((n) => n.folder === false)).toBe(true);
  });

  it('400 text codes and 401 for a drive I cannot read', async () => {
    const missing = await alice.fetch('/portal/rest/v1/documents?listingType=FOLDER');
    expect(missing.status).toBe(400);
    expect(await missing.text()).toBe('either_ownerId_or_folderId_is_mandatory');
    const noType = await alice.fetch('/portal/rest/v1/documents?ownerId=2');
    expect(await noType.text()).toBe('listingType_is_mandatory');
    const bobId = await identityId(alice, '/portal/rest/v1/social/users/bob');
    expect((await alice.fetch(`/portal/rest/v1/documents?ownerId=${bobId}&listingType=FOLDER`)).status).toBe(401);
    const rh = String(
      (
        await loggedIn(emu.url, 'jdupont').then((j) =>
          j.json('/portal/rest/v1/social/spaces/byPrettyName/ressources_humaines'),
        )
      ).identity,
    )
      .split('/')
      .pop();
    expect((await alice.fetch(`/portal/rest/v1/documents?ownerId=${rh}&listingType=FOLDER`)).status).toBe(401);
  });

  it('versions list newest first with isCurrent; restore makes a new version', async () => {
    const node = emu.control.document(`${DN_DOCS}/Schéma directeur du numérique 2025-2028.odt`)!;
    const versions = await alice.json<Json[]>(`/portal/rest/v1/documents/versions?fileId=${node.id}`);
    expect(versions.map((v) => [v.versionNumber, v.isCurrent, v.author])).toEqual([
      [2, true, 'alice'],
      [1, false, 'jdupont'],
    ]);
    await alice.json(`/portal/rest/v1/documents/versions?versionId=${String(versions[1]?.id)}`, { method: 'PUT' });
    expect((await emu.control.readDocument(node.path))?.toString()).toBe('Schéma directeur — version de travail 1');
    expect(emu.control.document(node.path)?.versionCount).toBe(3);
  });

  it('create a folder, rename, delete', async () => {
    const me = await identityId(alice, '/portal/rest/v1/social/users/alice');
    const folder = await alice.json(
      `/portal/rest/v1/documents/folder?ownerId=${me}&folderPath=Notes&name=${encodeURIComponent('Archives 2024')}`,
      { method: 'POST' },
    );
    expect(folder.path).toBe(`${ALICE_PRIVATE}/Notes/Archives 2024`);
    expect(
      (
        await alice.fetch(
          `/portal/rest/v1/documents/folder?ownerId=${me}&folderPath=Notes&name=${encodeURIComponent('Archives 2024')}`,
          { method: 'POST' },
        )
      ).status,
    ).toBe(409);
    expect(
      (
        await alice.fetch(`/portal/rest/v1/documents/rename?documentID=${String(folder.id)}&newName=Archives`, {
          method: 'PUT',
        })
      ).status,
    ).toBe(204);
    expect(emu.control.document(`${ALICE_PRIVATE}/Notes/Archives`)?.folder).toBe(true);
    expect((await alice.fetch(`/portal/rest/v1/documents/${String(folder.id)}`, { method: 'DELETE' })).status).toBe(
      204,
    );
    expect(emu.control.document(`${ALICE_PRIVATE}/Notes/Archives`)).toBeUndefined();
  });
});

describe('upload servlet and ECMS save (brief §4.4, §4.3, F15)', () => {
  async function upload(c: Client, id: string, name: string, content: string | Buffer): Promise<Response> {
    const form = new FormData();
    form.set('file', new Blob([typeof content === 'string' ? content : new Uint8Array(content)]), name);
    return c.fetch(`/portal/upload?uploadId=${id}&action=upload`, { method: 'POST', body: form });
  }

  it('upload → malformed progress JSON → control save into a space drive (XML)', async () => {
    const up = await upload(alice, '1730000000000', 'plan.txt', 'plan de déploiement');
    expect(up.status).toBe(200);
    expect(await up.text()).toBe('');
    const progress = await (await alice.fetch('/portal/upload?uploadId=1730000000000&action=progress')).text();
    expect(progress).toBe(
      '{\n  upload : {\n    "1730000000000": {\n      "percent":"100",\n      "fileName":"plan.txt"\n    }\n  }\n}',
    );
    expect(() => JSON.parse(progress)).toThrow();
    const save = await alice.fetch(
      '/portal/rest/managedocument/uploadFile/control?uploadId=1730000000000&action=save&workspaceName=collaboration&driveName=.spaces.direction_du_numerique&currentFolder=&currentPortal=dw&fileName=plan.txt&language=en&existenceAction=createVersion',
    );
    expect(save.status).toBe(200);
    expect(save.headers.get('content-type')).toMatch(/^text\/xml/);
    const xml = await save.text();
    expect(xml).toContain(`path="${DN_DOCS}/plan.txt"`);
    expect(xml).toContain(`downloadUrl="/rest/jcr/repository/collaboration${DN_DOCS}/plan.txt"`);
    expect(xml).toMatch(/<file UUID="[0-9a-f-]{36}"/);
  });

  it('createVersion on an existing file adds a version; errors are HTTP 200 <Message/>', async () => {
    const path = `${DN_DOCS}/Architecture/Hébergement souverain.txt`;
    await upload(alice, 'u2', 'Hébergement souverain.txt', 'v2');
    const noAction = await alice.fetch(
      `/portal/rest/managedocument/uploadFile/control?uploadId=u2&action=save&workspaceName=collaboration&driveName=.spaces.direction_du_numerique&currentFolder=Architecture&fileName=${encodeURIComponent('Hébergement souverain.txt')}`,
    );
    expect(noAction.status).toBe(200);
    expect(await noAction.text()).toContain('<Message number="201"');
    await alice.fetch(
      `/portal/rest/managedocument/uploadFile/control?uploadId=u2&action=save&workspaceName=collaboration&driveName=.spaces.direction_du_numerique&currentFolder=Architecture&fileName=${encodeURIComponent('Hébergement souverain.txt')}&existenceAction=createVersion`,
    );
    expect(emu.control.document(path)?.versionCount).toBe(2);
    const unknown = await alice.fetch(
      '/portal/rest/managedocument/uploadFile/control?uploadId=nope&action=save&driveName=.spaces.direction_du_numerique&currentFolder=&fileName=x',
    );
    expect(unknown.status).toBe(200);
    expect(await unknown.text()).toContain('type="Error"');
  });

  it('no write permission → 401; over 10 MB the progress says failed; anonymous upload is 403', async () => {
    const bob = await loggedIn(emu.url, 'bob');
    await upload(bob, 'u3', 'x.txt', 'x');
    const denied = await bob.fetch(
      '/portal/rest/managedocument/uploadFile/control?uploadId=u3&action=save&driveName=.spaces.comite_rgpd&currentFolder=&fileName=x.txt',
    );
    expect(denied.status).toBe(401);
    emu.control.setFeatures({ uploadLimitMb: 1 });
    await upload(alice, 'big', 'big.bin', Buffer.alloc(1024 * 1024 + 1));
    expect(await (await alice.fetch('/portal/upload?uploadId=big&action=progress')).text()).toContain(
      '"big": {"status":"failed","size":"1","unit":"MB"}',
    );
    const form = new FormData();
    form.set('file', new Blob(['x']), 'x.txt');
    expect(
      (await fetch(`${emu.url}/portal/upload?uploadId=a&action=upload`, { method: 'POST', body: form })).status,
    ).toBe(403);
  });
});

describe('WebDAV (brief §4.5, F16)', () => {
  it('GET: unquoted ETag <uuid><lastModified>, second-precision Last-Modified, cache headers, 304s', async () => {
    const path = `${DN_DOCS}/Comptes rendus/CR COPIL.md`;
    const node = emu.control.document(path)!;
    const res = await dav('GET', path);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Comité de pilotage');
    expect(res.headers.get('etag')).toBe(`${node.id}${node.modifiedAt}`);
    expect(res.headers.get('last-modified')).toBe(new Date(node.modifiedAt).toUTCString());
    expect(res.headers.get('accept-ranges')).toBe('bytes');
    expect(res.headers.get('cache-control')).toBe('max-age=3600');
    expect(res.headers.get('access-control-allow-origin')).toBe('127.0.0.1');
    expect((await dav('GET', path, { headers: { 'If-None-Match': String(res.headers.get('etag')) } })).status).toBe(
      304,
    );
    expect(
      (await dav('GET', path, { headers: { 'If-None-Match': `"${String(res.headers.get('etag'))}"` } })).status,
    ).toBe(200);
    expect(
      (await dav('GET', path, { headers: { 'If-Modified-Since': String(res.headers.get('last-modified')) } })).status,
    ).toBe(304);
    const odt = await dav('GET', `${DN_DOCS}/Schéma directeur du numérique 2025-2028.odt`);
    expect(odt.headers.get('cache-control')).toBe('max-age=1800');
    const part = await dav('GET', path, { headers: { Range: 'bytes=0-5' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toMatch(/^bytes 0-5\/\d+$/);
    expect(await part.text()).toBe('# Comi');
  });

  it('works with the session cookie under /portal/rest/jcr too; 403 anonymous', async () => {
    const res = await alice.fetch(
      `/portal/rest/jcr/repository/collaboration${ALICE_PRIVATE.split('/').map(encodeURIComponent).join('/')}/Budget%20pr%C3%A9visionnel%202025.csv`,
    );
    expect(res.status).toBe(200);
    expect((await fetch(`${emu.url}/portal/rest/jcr/repository/collaboration${ALICE_PRIVATE}`)).status).toBe(403);
    expect((await fetch(`${emu.url}${DAV}${ALICE_PRIVATE}`)).status).toBe(401);
  });

  it('PROPFIND depth 1: multistatus with D: prefix, no getetag, only readable children', async () => {
    const res = await dav('PROPFIND', DN_DOCS, { headers: { Depth: '1' } });
    expect(res.status).toBe(207);
    const xml = await res.text();
    expect(xml).toContain('<D:multistatus xmlns:D="DAV:" xmlns:b="urn:uuid:c2f41010-65b3-11d1-a29f-00aa00c14882/"');
    expect(xml).toContain(
      `<D:href>${emu.url}${DAV}/Groups/spaces/direction_du_numerique/Documents/Comptes%20rendus</D:href>`,
    );
    expect(xml).toContain('<D:resourcetype><D:collection/></D:resourcetype>');
    expect(xml).toContain('<D:getcontenttype>application/vnd.oasis.opendocument.text</D:getcontenttype>');
    expect(xml).not.toContain('getetag');
    expect((xml.match(/<D:response>/g) ?? []).length).toBe(4);
    const asked = await (
      await dav('PROPFIND', `${DN_DOCS}/Comptes rendus/CR COPIL.md`, {
        headers: { Depth: '0', 'Content-Type': 'application/xml' },
        body: '<?xml version="1.0"?><D:propfind xmlns:D="DAV:"><D:prop><D:getlastmodified/><D:getetag/></D:prop></D:propfind>',
      })
    ).text();
    expect(asked).toMatch(
      /<D:propstat><D:prop><D:getlastmodified[^>]*>[^<]+<\/D:getlastmodified><\/D:prop><D:status>HTTP\/1.1 200 OK<\/D:status><\/D:propstat><D:propstat><D:prop><D:getetag\/><\/D:prop><D:status>HTTP\/1.1 404 Not Found<\/D:status>/,
    );
    const users = await (await dav('PROPFIND', '/Users/b___/bo___/bob___', { headers: { Depth: '1' } })).text();
    expect(users).toContain('/bob</D:href>');
    expect((await dav('PROPFIND', '/Users/b___/bo___/bob___/bob/Private', { headers: { Depth: '1' } })).status).toBe(
      403,
    );
  });

  it('PUT creates (201), PUT again makes a new version (no If-Match check), ?version= reads the old one', async () => {
    const path = `${ALICE_PRIVATE}/Nouveau % fichier #1 été 🎉.txt`;
    expect((await dav('PUT', path, { body: 'premier', headers: { 'Content-Type': 'text/plain' } })).status).toBe(201);
    const first = emu.control.document(path)!;
    now += 5000;
    const again = await dav('PUT', path, { body: 'second', headers: { 'If-Match': 'does-not-matter' } });
    expect(again.status).toBe(201);
    expect(first.versionCount).toBe(2);
    expect(await (await dav('GET', path)).text()).toBe('second');
    const old = await fetch(`${emu.url}${DAV}${path.split('/').map(encodeURIComponent).join('/')}?version=1`, {
      headers: basic('alice'),
    });
    expect(await old.text()).toBe('premier');
    expect((await dav('PUT', `${ALICE_PRIVATE}/Pas de dossier/x.txt`, { body: 'x' })).status).toBe(409);
    expect((await dav('PUT', `${DN_DOCS}/../../comite_rgpd/Documents/x.txt`, { body: 'x', user: 'bob' })).status).toBe(
      403,
    );
  });

  it('MKCOL, COPY, MOVE, DELETE', async () => {
    expect((await dav('MKCOL', `${ALICE_PRIVATE}/Projets`)).status).toBe(201);
    expect((await dav('MKCOL', `${ALICE_PRIVATE}/Projets`)).status).toBe(405);
    expect((await dav('MKCOL', `${ALICE_PRIVATE}/A/B`)).status).toBe(409);
    const src = `${ALICE_PRIVATE}/Budget prévisionnel 2025.csv`;
    const destUrl = (p: string) => `${emu.url}${DAV}${p.split('/').map(encodeURIComponent).join('/')}`;
    expect(
      (await dav('COPY', src, { headers: { Destination: destUrl(`${ALICE_PRIVATE}/Projets/Budget.csv`) } })).status,
    ).toBe(201);
    expect(
      (
        await dav('COPY', src, {
          headers: { Destination: destUrl(`${ALICE_PRIVATE}/Projets/Budget.csv`), Overwrite: 'F' },
        })
      ).status,
    ).toBe(412);
    expect(
      (
        await dav('MOVE', `${ALICE_PRIVATE}/Projets`, {
          headers: { Destination: destUrl(`${ALICE_PRIVATE}/Projets 2025`) },
        })
      ).status,
    ).toBe(201);
    expect(await (await dav('GET', `${ALICE_PRIVATE}/Projets 2025/Budget.csv`)).text()).toContain('licences');
    expect((await dav('DELETE', `${ALICE_PRIVATE}/Projets 2025`)).status).toBe(204);
    expect((await dav('GET', `${ALICE_PRIVATE}/Projets 2025/Budget.csv`)).status).toBe(404);
  });

  it('LOCK/UNLOCK: others get 423, the token unlocks writes; control can lock as another user', async () => {
    const path = `${DN_DOCS}/Comptes rendus/CR COPIL.md`;
    const lock = await dav('LOCK', path, {
      headers: { Timeout: 'Second-3600', 'Content-Type': 'application/xml' },
      body: '<?xml version="1.0"?><D:lockinfo xmlns:D="DAV:"><D:lockscope><D:exclusive/></D:lockscope><D:locktype><D:write/></D:locktype><D:owner>alice</D:owner></D:lockinfo>',
    });
    expect(lock.status).toBe(200);
    const token = (lock.headers.get('lock-token') ?? '').replace(/[<>]/g, '');
    expect(token).toMatch(/^opaquelocktoken:/);
    expect(await lock.text()).toContain('<D:timeout>Second-3600</D:timeout>');
    expect((await dav('PUT', path, { body: 'bob écrase', user: 'bob' })).status).toBe(423);
    expect(
      (
        await dav('LOCK', path, {
          user: 'bob',
          body: '<D:lockinfo xmlns:D="DAV:"><D:lockscope><D:exclusive/></D:lockscope><D:locktype><D:write/></D:locktype></D:lockinfo>',
        })
      ).status,
    ).toBe(423);
    expect((await dav('PUT', path, { body: 'alice sans jeton' })).status).toBe(423);
    expect((await dav('PUT', path, { body: 'alice avec jeton', headers: { If: `(<${token}>)` } })).status).toBe(201);
    const pf = await (await dav('PROPFIND', path, { headers: { Depth: '0' } })).text();
    expect(pf).toContain(token);
    expect((await dav('UNLOCK', path, { headers: { 'Lock-Token': `<${token}>` } })).status).toBe(204);
    expect((await dav('PUT', path, { body: 'bob', user: 'bob' })).status).toBe(201);
    emu.control.lockDocument(path, 'carol');
    expect((await dav('DELETE', path)).status).toBe(423);
    now += 86400 * 1000 + 1;
    expect((await dav('DELETE', path)).status).toBe(204);
  });

  it('conflict: a server-side change (control) moves ETag and getlastmodified', async () => {
    const path = `${ALICE_PRIVATE}/Budget prévisionnel 2025.csv`;
    const before = await dav('GET', path);
    const etag = String(before.headers.get('etag'));
    now += 2000;
    const change = await emu.control.putDocument(path, 'poste;montant\nlicences;130000\n', 'jdupont');
    expect(change.version).toBe(2);
    const after = await dav('GET', path, { headers: { 'If-None-Match': etag } });
    expect(after.status).toBe(200);
    expect(after.headers.get('etag')).toBe(change.etag);
    expect(after.headers.get('last-modified')).not.toBe(before.headers.get('last-modified'));
  });

  it('OPTIONS advertises DAV 1, 2', async () => {
    const res = await dav('OPTIONS', ALICE_PRIVATE);
    expect(res.headers.get('dav')).toContain('1, 2');
    expect(res.headers.get('allow')).toContain('PROPFIND');
  });
});
