// Brief §1 (transport) and §10.1 (errors): URL construction, router, headers, encoding rules, status codes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBlueMindEmulator, type BlueMindEmulator } from './index.js';
import { call, login, rawRequest, type Session } from './testkit.js';

let emu: BlueMindEmulator;
let alice: Session;

beforeAll(async () => {
  emu = await startBlueMindEmulator();
  alice = await login(emu, 'alice');
});
afterAll(() => emu.close());

describe('responses (§1.4)', () => {
  it('object → 200 JSON; every REST response carries no-cache headers (§1.3)', async () => {
    const r = await alice.call('GET', `${alice.folders}/_all`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/json');
    expect(r.headers.get('cache-control')).toContain('no-store');
    expect(r.headers.get('pragma')).toBe('no-cache');
  });

  it('a missing item is 204 No Content with an empty body, never 404', async () => {
    const r = await alice.call('GET', `${alice.folders}/byName/N'existe%20pas`);
    expect(r.status).toBe(204);
    expect(r.text).toBe('');
    const item = await alice.call('GET', `/api/mail_items/${alice.folderUid('INBOX')}/99999999/completeById`);
    expect(item.status).toBe(204);
  });

  it('void → 200, empty body, Content-Type application/json', async () => {
    const r = await alice.call('GET', '/api/auth/ping');
    expect(r.status).toBe(200);
    expect(r.text).toBe('');
    expect(r.headers.get('content-type')).toBe('application/json');
  });

  it('a String return is JSON-encoded with any Accept header, raw without one (E11)', async () => {
    const path = `/api/mail_items/${alice.folderUid('Drafts')}/_part`;
    const withAccept = await rawRequest(emu.url, {
      method: 'PUT',
      path,
      headers: { 'X-BM-ApiKey': alice.key, Accept: '*/*', 'Content-Type': 'application/octet-stream' },
      body: '<p>Bonjour</p>',
    });
    expect(withAccept.status).toBe(200);
    expect(withAccept.body).toMatch(/^"[0-9a-f-]{36}"$/);
    const noAccept = await rawRequest(emu.url, {
      method: 'PUT',
      path,
      headers: { 'X-BM-ApiKey': alice.key, 'Content-Type': 'application/octet-stream' },
      body: '<p>Bonjour</p>',
    });
    expect(noAccept.body).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('a String body is a JSON string, or raw text with Content-Type text/plain (§1.4)', async () => {
    const json = await call(emu.url, 'POST', '/api/auth/login?login=bob%40example.test', { body: 'bobpw' });
    expect(json.json.status).toBe('Ok');
    const text = await call(emu.url, 'POST', '/api/auth/login?login=bob%40example.test', {
      rawBody: 'bobpw',
      headers: { 'Content-Type': 'text/plain' },
    });
    expect(text.json.status).toBe('Ok');
    // Unquoted text declared as JSON is not a JSON string: the password is not accepted.
    const bad = await call(emu.url, 'POST', '/api/auth/login?login=bob%40example.test', {
      rawBody: 'bobpw',
      headers: { 'Content-Type': 'application/json' },
    });
    expect(bad.json?.status).not.toBe('Ok');
  });
});

describe('errors (§10.1)', () => {
  it('an unknown route is HTTP 500 with a serialised exception, not the 3-field fault', async () => {
    const r = await alice.call('POST', `/api/mail_items/${alice.folderUid('INBOX')}/_nope`, []);
    expect(r.status).toBe(500);
    expect(r.json.message).toBe(`no service registered on path /api/mail_items/${alice.folderUid('INBOX')}/_nope`);
    expect(r.json).not.toHaveProperty('errorCode');
    // The wrong verb on a known path is an unknown route too (one tree per method).
    const verb = await alice.call('GET', `${alice.folders}/_mgetById`);
    expect(verb.status).toBe(500);
  });

  it('faults: NOT_FOUND → 404, PERMISSION_DENIED → 403, others → 500, with the 3-field body', async () => {
    const inbox = alice.folderUid('INBOX');
    const nf = await alice.call('GET', `/api/mail_items/${inbox}/part/999999/1`);
    expect(nf.status).toBe(404);
    expect(nf.json).toEqual({
      errorCode: 'NOT_FOUND',
      errorType: 'ServerFault',
      message: expect.stringContaining('guid not found for imapUid 999999'),
    });
    const carol = await login(emu, 'carol');
    const denied = await carol.call('GET', `${alice.folders}/_all`);
    expect(denied.status).toBe(403);
    expect(denied.json.errorCode).toBe('PERMISSION_DENIED');
    const ids = Array.from({ length: 501 }, (_, i) => i + 1);
    const limit = await alice.call('POST', `/api/mail_items/${inbox}/_mgetById`, ids);
    expect(limit.status).toBe(500);
    expect(limit.json).toEqual({
      errorCode: 'UNKNOWN',
      errorType: 'ServerFault',
      message: 'multipleGetById is limited to 500 ids per-call, you asked for 501',
    });
  });

  it('a call without any key on an authenticated method is refused (403)', async () => {
    const r = await call(emu.url, 'GET', `${alice.folders}/_all`);
    expect(r.status).toBe(403);
    expect(r.json.errorCode).toBe('PERMISSION_DENIED');
  });
});

describe('URL construction and router (§1.2)', () => {
  it('static segments win over {param}: GET …/_all is all(), not getComplete("_all")', async () => {
    const r = await alice.call('GET', `${alice.folders}/_all`);
    expect(Array.isArray(r.json)).toBe(true);
    expect(r.json.map((f: { value: { fullName: string } }) => f.value.fullName)).toContain('Réunions');
  });

  it('a "/" inside a path parameter must be sent as %2F; a raw "/" is another route', async () => {
    const encoded = await alice.call('GET', `${alice.folders}/byName/${encodeURIComponent('Projets/Bastide')}`);
    expect(encoded.status).toBe(200);
    expect(encoded.json.value.fullName).toBe('Projets/Bastide');
    const raw = await alice.call('GET', `${alice.folders}/byName/Projets/Bastide`);
    expect(raw.status).toBe(500);
  });

  it('path parameters are URL-decoded (folder names are stored decoded, §4.1)', async () => {
    const r = await alice.call('GET', `${alice.folders}/byName/${encodeURIComponent('Réunions')}`);
    expect(r.status).toBe(200);
    expect(r.json.value.name).toBe('Réunions');
  });

  it('the partition is the domain with "_" for "."; a server-prefixed form works too', async () => {
    expect((await alice.call('GET', `/api/mail_folders/example_test/${alice.root}/_all`)).status).toBe(200);
    expect((await alice.call('GET', `/api/mail_folders/bm-master__example_test/${alice.root}/_all`)).status).toBe(200);
    expect((await alice.call('GET', `/api/mail_folders/example.test/${alice.root}/_all`)).status).toBe(200);
    expect((await alice.call('GET', `/api/mail_folders/other_test/${alice.root}/_all`)).status).toBe(404);
  });

  it('mailbox roots are user.<uid>, and the uid is opaque (not the login)', async () => {
    expect(alice.uid).not.toBe('alice');
    expect(alice.uid).toMatch(/^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/);
    const r = await alice.call('GET', '/api/mail_folders/example_test/user.alice/_all');
    expect(r.status).toBe(404);
  });
});

describe('headers (§1.3)', () => {
  it('the key works as ?apikey= too', async () => {
    const r = await call(emu.url, 'GET', `${alice.folders}/_version?apikey=${alice.key}`);
    expect(r.status).toBe(200);
    expect(typeof r.json).toBe('number');
  });

  it('X-BM-ClientVersion different from the server only adds X-BM-WarnMessage', async () => {
    const r = await alice.call('GET', '/api/auth/ping', undefined, { 'X-BM-ClientVersion': '4.1.0' });
    expect(r.status).toBe(200);
    expect(r.headers.get('x-bm-warnmessage')).toBeTruthy();
    const same = await alice.call('GET', '/api/auth/ping', undefined, { 'X-BM-ClientVersion': '5.1.0.202404261414' });
    expect(same.headers.get('x-bm-warnmessage')).toBeNull();
  });

  it('the request log records Accept and chunked encoding, for assertions on clients', async () => {
    emu.control.clearRequestLog();
    await alice.call('GET', '/api/auth/ping');
    const [entry] = emu.control.requestLog();
    expect(entry).toMatchObject({
      method: 'GET',
      path: '/api/auth/ping',
      accept: 'application/json',
      chunked: false,
      hasApiKey: true,
      status: 200,
    });
  });
});

describe('body rules (§1.4)', () => {
  it('a chunked body to a JSON endpoint fails; a stream endpoint accepts it', async () => {
    const json = await rawRequest(emu.url, {
      method: 'POST',
      path: `/api/mail_items/${alice.folderUid('INBOX')}/_mgetById`,
      headers: { 'X-BM-ApiKey': alice.key, Accept: 'application/json', 'Content-Type': 'application/json' },
      body: '[1]',
      chunked: true,
    });
    expect(json.status).toBe(500);
    expect(JSON.parse(json.body).message).toBe('API endpoint does not support chunked encoding');
    const stream = await rawRequest(emu.url, {
      method: 'PUT',
      path: `/api/mail_items/${alice.folderUid('Drafts')}/_part`,
      headers: { 'X-BM-ApiKey': alice.key, Accept: 'application/json' },
      body: 'texte',
      chunked: true,
    });
    expect(stream.status).toBe(200);
  });

  it('a JSON body over 10 MB fails with "Content-Length exceeds maximum size"', async () => {
    const big = JSON.stringify('x'.repeat(10 * 1024 * 1024 + 10));
    const r = await call(emu.url, 'POST', '/api/auth/login?login=alice%40example.test', {
      rawBody: big,
      headers: { 'Content-Type': 'application/json' },
    });
    expect(r.status).toBe(500);
    expect(r.json.message).toBe('Content-Length exceeds maximum size');
  });

  it('a part upload over the nginx limit (10 MB) gets nginx 413 HTML', async () => {
    const r = await alice.call('PUT', `/api/mail_items/${alice.folderUid('Drafts')}/_part`, undefined, {});
    expect(r.status).toBe(200);
    const big = await call(emu.url, 'PUT', `/api/mail_items/${alice.folderUid('Drafts')}/_part`, {
      key: alice.key,
      rawBody: Buffer.alloc(10 * 1024 * 1024 + 1, 0x61),
    });
    expect(big.status).toBe(413);
    expect(big.headers.get('content-type')).toBe('text/html');
    expect(big.text).toContain('nginx');
  });
});

describe('discovery (§3)', () => {
  it('installation state and infos are anonymous', async () => {
    expect((await call(emu.url, 'GET', '/api/system/installation/state')).json).toBe('CORE_STATE_RUNNING');
    const infos = await call(emu.url, 'GET', '/api/system/installation/_infos');
    expect(infos.json).toMatchObject({ defaultDomain: 'example.test', softwareVersion: expect.stringMatching(/^5\./) });
    const v = await call(emu.url, 'GET', '/api/system/installation/version');
    expect(v.json).toMatchObject({ versionName: '5.1.0', needsUpgrade: false });
  });

  it('identities and settings of the caller', async () => {
    const ids = await alice.call('GET', `/api/users/example.test/${alice.uid}/identity`);
    expect(ids.json[0]).toMatchObject({
      email: 'alice@example.test',
      isDefault: true,
      name: 'Alice Martin',
      mbox: alice.uid,
    });
    // alice may write as the mailshare she has Write on.
    expect(ids.json.map((i: { email: string }) => i.email)).toContain('secretariat@example.test');
    const settings = await alice.call('GET', `/api/users/example.test/${alice.uid}/_settings`);
    expect(settings.json).toMatchObject({ lang: 'fr', timezone: 'Europe/Paris' });
    const other = await alice.call('GET', `/api/users/example.test/${emu.control.user('bob').uid}/_settings`);
    expect(other.status).toBe(403);
  });
});
