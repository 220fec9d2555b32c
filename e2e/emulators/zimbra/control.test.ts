// Contract of the control API itself: failure injection, server-side changes, state read-back, the sign-in page.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startZimbraEmulator, type ZimbraEmulator } from './index';
import { TEST_NOW, login, soap, uploadRaw } from './test-client';

let z: ZimbraEmulator;
let token: string;

beforeEach(async () => {
  z = await startZimbraEmulator({ now: () => TEST_NOW });
  token = (await login(z.url, 'alice', 'alicepw')).token;
});
afterEach(async () => {
  await z.close();
});

const post = (body: unknown) =>
  fetch(`${z.url}/service/soap/GetFolderRequest`, {
    method: 'POST',
    headers: { Cookie: `ZM_AUTH_TOKEN=${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
const getFolder = { Body: { GetFolderRequest: { _jsns: 'urn:zimbraMail' } } };

describe('failNext', () => {
  it('html500: a non-SOAP HTML error page with HTTP 500, once', async () => {
    z.control.failNext({ kind: 'html500' });
    const res = await post(getFolder);
    expect(res.status).toBe(500);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(await res.text()).toContain('HTTP ERROR 500');
    expect((await post(getFolder)).status).toBe(200);
  });

  it('htmlLogin: HTTP 200 with the web client sign-in page where JSON was expected', async () => {
    z.control.failNext({ kind: 'htmlLogin' });
    const res = await post(getFolder);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Zimbra Web Client Sign In');
  });

  it('drop: the connection closes without a response', async () => {
    z.control.failNext({ kind: 'drop' });
    await expect(post(getFolder)).rejects.toThrow();
    expect((await post(getFolder)).status).toBe(200);
  });

  it('status: a bare proxy status (503) for N requests; fault: a real SOAP fault', async () => {
    z.control.failNext({ kind: 'status', status: 503 }, 2);
    expect((await post(getFolder)).status).toBe(503);
    expect((await post(getFolder)).status).toBe(503);
    expect((await post(getFolder)).status).toBe(200);
    z.control.failNext({ kind: 'fault', code: 'service.TEMPORARILY_UNAVAILABLE' });
    const r = await soap(z.url, 'GetFolderRequest', {}, { cookie: token });
    expect(r.status).toBe(500);
    expect(r.fault).toMatchObject({ code: 'service.TEMPORARILY_UNAVAILABLE', value: 'soap:Receiver' });
  });

  it('can target one SOAP request name, or the upload servlet / REST', async () => {
    z.control.failNext({ kind: 'html500', request: 'SearchRequest' });
    expect((await soap(z.url, 'GetFolderRequest', {}, { cookie: token })).status).toBe(200);
    await expect(soap(z.url, 'SearchRequest', {}, { cookie: token })).rejects.toThrow(); // HTML is not JSON
    z.control.failNext({ kind: 'status', status: 502, scope: 'upload' });
    expect((await uploadRaw(z.url, token, 'a.txt', 'x')).status).toBe(502);
    z.control.failNext({ kind: 'drop', scope: 'rest' });
    await expect(
      fetch(`${z.url}/service/home/~/?id=280`, { headers: { Cookie: `ZM_AUTH_TOKEN=${token}` } }),
    ).rejects.toThrow();
    z.control.clearFailures();
  });

  it('delay: answers normally after a pause', async () => {
    z.control.failNext({ kind: 'delay', delayMs: 200 });
    const started = Date.now();
    expect((await post(getFolder)).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
  });
});

describe('server-side changes and state', () => {
  it('deliverMessage threads replies into a real conversation and appears in search', async () => {
    const first = z.control.deliverMessage('alice', {
      from: 'amelie.rousseau',
      subject: 'Communiqué de presse',
      text: 'Projet de communiqué.',
      date: new Date(TEST_NOW.getTime() - 60_000),
    });
    const reply = z.control.deliverMessage('alice', {
      from: 'amelie.rousseau',
      subject: 'Re: Communiqué de presse',
      text: 'Version corrigée.',
      inReplyTo: first.messageId,
    });
    const msgs = z.control.messages('alice', 2).filter((m) => m.subject.includes('Communiqué'));
    expect(new Set(msgs.map((m) => m.convId)).size).toBe(1);
    expect(msgs[0]!.convId).not.toMatch(/^-/);
    const r = await soap(z.url, 'SearchRequest', { query: 'communiqué' }, { cookie: token });
    expect((r.body.c as { n: number; m: { id: string }[] }[])[0]).toMatchObject({
      n: 2,
      m: [{ id: String(reply.id) }, { id: String(first.id) }],
    });
  });

  it('documents(): versions with editor and content; sentMessages(); request log', async () => {
    const docs = z.control.documents('alice');
    expect(docs.map((d) => d.path)).toContain('/Briefcase/Modèles/Modèle de courrier.txt');
    const note = z.control.document('alice', 'Note de cadrage Bastide.txt')!;
    expect(note.versions.map((v) => v.editor)).toEqual([
      'alice@example.test',
      'bob@example.test',
      'alice@example.test',
    ]);
    expect(z.control.sentMessages('alice')).toEqual([]);
    await soap(z.url, 'GetFolderRequest', {}, { cookie: token });
    const last = z.control.requests().at(-1)!;
    expect(last).toMatchObject({
      method: 'POST',
      path: '/service/soap/GetFolderRequest',
      requests: ['GetFolderRequest'],
      cookieToken: true,
      status: 200,
    });
  });

  it('the seeded organisation: users, passwords, French colleagues', async () => {
    for (const [user, pw] of [
      ['bob', 'bobpw'],
      ['carol', 'carolpw'],
      ['elodie.martin', 'elodiepw'],
      ['francois.dupont', 'francoispw'],
      ['helene.bernard', 'helenepw'],
      ['jerome.petit', 'jeromepw'],
      ['amelie.rousseau', 'ameliepw'],
    ]) {
      expect((await login(z.url, `${user}@example.test`, pw!)).token).toBeTruthy();
    }
    expect(z.domain).toBe('example.test');
  });

  it('serves the web client sign-in page at / and 404 elsewhere', async () => {
    const home = await fetch(`${z.url}/`);
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('<title>Zimbra Web Client Sign In</title>');
    expect((await fetch(`${z.url}/api/auth/login`)).status).toBe(404);
  });

  it('is deterministic for a given clock', async () => {
    const other = await startZimbraEmulator({ now: () => TEST_NOW });
    try {
      expect(other.control.accountId('alice')).toBe(z.control.accountId('alice'));
      expect(other.control.messages('alice').map((m) => [m.id, m.messageId, m.date.getTime()])).toEqual(
        z.control.messages('alice').map((m) => [m.id, m.messageId, m.date.getTime()]),
      );
    } finally {
      await other.close();
    }
  });
});
