// The control API: injected failures, server-side changes, seed, options.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startBlueMindEmulator, type BlueMindEmulator } from './index.js';
import { call, login } from './testkit.js';

let emu: BlueMindEmulator;

beforeEach(async () => {
  emu = await startBlueMindEmulator();
});
afterEach(() => emu.close());

describe('injected failures', () => {
  it('html500: 500 with an HTML page, once', async () => {
    emu.control.failNext('html500');
    const r = await call(emu.url, 'GET', '/api/auth/ping');
    expect(r.status).toBe(500);
    expect(r.headers.get('content-type')).toBe('text/html');
    expect((await call(emu.url, 'GET', '/api/auth/ping')).status).toBe(200);
  });

  it('loginPage: HTTP 200 with the HTML login page where JSON was expected', async () => {
    emu.control.failNext('loginPage');
    const r = await call(emu.url, 'POST', '/api/auth/login?login=alice%40example.test', { body: 'alicepw' });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toContain('text/html');
    expect(r.text).toContain('kc-form-login');
    expect(r.json).toBeUndefined();
  });

  it('drop: the connection is destroyed without an answer', async () => {
    emu.control.failNext('drop');
    await expect(fetch(`${emu.url}/api/auth/ping`)).rejects.toThrow();
    expect((await call(emu.url, 'GET', '/api/auth/ping')).status).toBe(200);
  });

  it('timeout and badGateway; count and path prefix', async () => {
    emu.control.failNext('timeout', { count: 2, pathPrefix: '/api/mail_items/' });
    expect((await call(emu.url, 'GET', '/api/auth/ping')).status).toBe(200);
    const alice = await login(emu, 'alice');
    const inbox = `/api/mail_items/${alice.folderUid('INBOX')}/_version`;
    const t = await alice.call('GET', inbox);
    expect(t.status).toBe(500);
    expect(t.json.message).toBe('timeout on request execution');
    expect((await alice.call('GET', inbox)).status).toBe(500);
    expect((await alice.call('GET', inbox)).status).toBe(200);
    emu.control.failNext('badGateway');
    const g = await alice.call('GET', inbox);
    expect(g.status).toBe(502);
    expect(g.text).toContain('nginx');
  });
});

describe('server-side changes', () => {
  it('injectMail delivers to local recipients (groups expanded), not to external ones', async () => {
    const r = emu.control.injectMail({
      from: 'Préfecture <courrier@prefecture.example>',
      to: ['dsi', 'quelquun@ailleurs.example'],
      subject: 'Circulaire',
      text: 'Texte',
    });
    expect(r.deliveredTo.sort()).toEqual(['alice', 'bob', 'jean.dupont', 'thomas.petit']);
    expect(r.external).toEqual(['quelquun@ailleurs.example']);
    expect(emu.control.findByMessageId('bob', r.messageId)).toEqual([{ folder: 'INBOX', id: expect.any(Number) }]);
  });

  it('appendMail / setMailFlags / moveMail / createFolder act as another device', async () => {
    const d = emu.control.appendMail('alice', 'Drafts', {
      from: 'alice',
      to: ['bob'],
      subject: 'Brouillon du portable',
      text: '…',
      flags: ['\\Seen', '\\Draft'],
    });
    expect(d.flags).toEqual(['\\Seen', '\\Draft']);
    emu.control.setMailFlags('alice', 'Drafts', d.id, { add: ['\\Flagged'], remove: ['\\Draft'] });
    expect(emu.control.mails('alice', 'Drafts').find((m) => m.id === d.id)?.flags).toEqual(['\\Seen', '\\Flagged']);
    const f = emu.control.createFolder('alice', 'Projets/Nouveau');
    const newId = emu.control.moveMail('alice', 'Drafts', 'Projets/Nouveau', d.id);
    expect(emu.control.mails('alice', 'Projets/Nouveau').map((m) => m.id)).toEqual([newId]);
    expect(f.fullName).toBe('Projets/Nouveau');
  });
});

describe('seed and options', () => {
  it('seeded organisation: users with passwords, French folders and a few dozen mails', () => {
    const logins = emu.control.users().map((u) => u.login);
    expect(logins).toEqual(
      expect.arrayContaining(['alice', 'bob', 'carol', 'jean.dupont', 'marie.lambert', 'elodie.garnier']),
    );
    expect(emu.control.user('alice')).toMatchObject({
      email: 'alice@example.test',
      password: 'alicepw',
      mailboxRoot: `user.${emu.control.user('alice').uid}`,
    });
    const total = ['alice', 'bob', 'carol', 'jean.dupont', 'secretariat'].reduce(
      (n, who) => n + emu.control.folders(who).reduce((m, f) => m + emu.control.mails(who, f.fullName).length, 0),
      0,
    );
    expect(total).toBeGreaterThanOrEqual(30);
    expect(emu.control.folders('alice').map((f) => f.fullName)).toContain('Projets/Refonte intranet');
  });

  it('the seed is deterministic', async () => {
    const other = await startBlueMindEmulator();
    try {
      expect(other.control.users().map((u) => u.uid)).toEqual(emu.control.users().map((u) => u.uid));
      expect(other.control.folders('alice')).toEqual(emu.control.folders('alice'));
      expect(other.control.mails('alice', 'INBOX').map((m) => [m.id, m.messageId])).toEqual(
        emu.control.mails('alice', 'INBOX').map((m) => [m.id, m.messageId]),
      );
    } finally {
      await other.close();
    }
  });

  it("uidStyle 'login' makes mailbox roots readable (user.alice)", async () => {
    const readable = await startBlueMindEmulator({ uidStyle: 'login', version: '4.8' });
    try {
      const r = await call(readable.url, 'POST', '/api/auth/login?login=alice%40example.test', { body: 'alicepw' });
      expect(r.json.authUser.uid).toBe('alice');
      const folders = await call(readable.url, 'GET', '/api/mail_folders/example_test/user.alice/_all', {
        key: r.json.authKey,
      });
      expect(folders.status).toBe(200);
      expect((await call(readable.url, 'GET', '/api/system/installation/_infos')).json.softwareVersion).toMatch(
        /^4\.8\./,
      );
    } finally {
      await readable.close();
    }
  });

  it('taskPollsBeforeDone: 0 makes a flush task final on the first poll', async () => {
    const quick = await startBlueMindEmulator({ taskPollsBeforeDone: 0 });
    try {
      const a = await login(quick, 'alice');
      const f = await a.call('POST', `/api/outbox/example.test/${a.uid}/flush`);
      expect((await a.call('GET', `/api/tasks/${f.json.id}`)).json.state).toBe('Success');
    } finally {
      await quick.close();
    }
  });
});
