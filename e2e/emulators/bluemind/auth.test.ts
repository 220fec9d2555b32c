// Brief §2 (authentication, sessions, API keys) with fixtures E1–E4.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startBlueMindEmulator, type BlueMindEmulator } from './index.js';
import { call, login } from './testkit.js';

let emu: BlueMindEmulator;
let clock: number;

beforeEach(async () => {
  clock = Date.UTC(2025, 5, 3, 8, 0, 0);
  emu = await startBlueMindEmulator({ now: () => new Date(clock) });
});
afterEach(() => emu.close());

const loginCall = (who: string, password: string, origin = 'acme-desktop/0.1') =>
  call(emu.url, 'POST', `/api/auth/login?login=${encodeURIComponent(who)}&origin=${encodeURIComponent(origin)}`, {
    body: password,
  });

describe('login (E1, E2)', () => {
  it('E1: password login returns Ok, a UUID authKey, latd and the AuthUser', async () => {
    const r = await loginCall('alice@example.test', 'alicepw');
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({
      status: 'Ok',
      message: null,
      authKey: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/),
      latd: 'alice@example.test',
      authUser: {
        uid: emu.control.user('alice').uid,
        domainUid: 'example.test',
        displayName: 'Alice Martin',
        value: {
          login: 'alice',
          emails: [{ address: 'alice@example.test', allAliases: false, isDefault: true }],
          accountType: 'FULL',
          archived: false,
        },
        rolesByOU: {},
        settings: { lang: 'fr', timezone: 'Europe/Paris', default_app: '/webapp/mail/', mail_autoDetachmentLimit: '' },
      },
    });
    expect(r.json.authUser.roles).toEqual(expect.arrayContaining(['hasMail', 'hasTbird', 'canRemoteAttach']));
  });

  it('E2: a wrong password is HTTP 200 with status "Bad" and the NO message', async () => {
    const r = await loginCall('alice@example.test', 'mauvais');
    expect(r.status).toBe(200);
    expect(r.json).toEqual({
      status: 'Bad',
      message: 'Result auth is NO for login: alice@example.test',
      authKey: null,
      latd: null,
      authUser: null,
    });
  });

  it('unknown user, empty password, archived user → Bad with a null message', async () => {
    for (const [who, pw] of [
      ['inconnu@example.test', 'x'],
      ['alice@example.test', ''],
      ['paul.roux@example.test', 'paulpw'],
    ] as const) {
      const r = await loginCall(who, pw);
      expect(r.status).toBe(200);
      expect(r.json).toMatchObject({ status: 'Bad', message: null, authKey: null });
    }
  });

  it('login may be any e-mail address of the user; a bare login is not in the domain', async () => {
    expect((await loginCall('e.garnier@example.test', 'elodiepw')).json.latd).toBe('elodie.garnier@example.test');
    expect((await loginCall('alice', 'alicepw')).json.status).toBe('Bad');
  });

  it('an SSO-only account has no BlueMind password (§2.4)', async () => {
    expect((await loginCall('nadia.rahmani@example.test', 'nadiapw')).json.status).toBe('Bad');
  });

  it('the password may be a live session id of the same user: the same session comes back', async () => {
    const first = await loginCall('alice@example.test', 'alicepw');
    const again = await loginCall('alice@example.test', first.json.authKey);
    expect(again.json.status).toBe('Ok');
    expect(again.json.authKey).toBe(first.json.authKey);
    expect((await loginCall('bob@example.test', first.json.authKey)).json.status).toBe('Bad');
  });

  it('validate answers the kind of credential', async () => {
    const v = (who: string, pw: string) =>
      call(emu.url, 'POST', `/api/auth/validate?login=${encodeURIComponent(who)}&origin=t`, { body: pw });
    const s = await loginCall('alice@example.test', 'alicepw');
    expect((await v('alice@example.test', 'alicepw')).json).toBe('PASSWORD');
    expect((await v('alice@example.test', s.json.authKey)).json).toBe('TOKEN');
    expect((await v('alice@example.test', 'nope')).json).toBe('NONE');
    expect((await v('paul.roux@example.test', 'paulpw')).json).toBe('ARCHIVED');
  });

  it('more than 3 failures within 20 s lock the login, until 20 s without attempts (Fail2Ban)', async () => {
    for (let i = 0; i < 4; i += 1) await loginCall('bob@example.test', 'faux');
    expect((await loginCall('bob@example.test', 'bobpw')).json.status).toBe('Bad');
    clock += 10_000;
    expect((await loginCall('bob@example.test', 'bobpw')).json.status).toBe('Bad'); // the attempt extends the lock
    clock += 21_000;
    expect((await loginCall('bob@example.test', 'bobpw')).json.status).toBe('Ok');
  });

  it('maintenance drops every session and refuses logins with a message', async () => {
    const alice = await login(emu, 'alice');
    emu.control.setMaintenance(true);
    expect((await alice.call('GET', '/api/auth/ping')).status).toBe(401);
    expect((await loginCall('alice@example.test', 'alicepw')).json).toMatchObject({
      status: 'Bad',
      message: 'Authentication denied while system is in maintenance mode',
    });
    expect((await call(emu.url, 'GET', '/api/system/installation/state')).json).toBe('CORE_STATE_MAINTENANCE');
  });

  it('an expired password gives status "Expired" and a restricted session', async () => {
    emu.control.setPasswordExpired('carol', true);
    const r = await loginCall('carol@example.test', 'carolpw');
    expect(r.json.status).toBe('Expired');
    const key = r.json.authKey as string;
    expect((await call(emu.url, 'GET', '/api/auth', { key })).status).toBe(200);
    const mail = await call(emu.url, 'GET', `/api/mail_folders/example_test/user.${r.json.authUser.uid}/_all`, { key });
    expect(mail.status).toBe(403);
  });
});

describe('sessions (§2.2, E3)', () => {
  it('ping without any key answers 200: it proves nothing', async () => {
    expect((await call(emu.url, 'GET', '/api/auth/ping')).status).toBe(200);
  });

  it('E3 (5.x): an invalid key is 401 AUTHENTICATION_FAIL with WWW-authenticate and cleared cookies', async () => {
    const key = '0f8c3c1e-5b7e-4a3e-9d7f-2a1b3c4d5e6f';
    const r = await call(emu.url, 'GET', '/api/auth/ping', { key });
    expect(r.status).toBe(401);
    expect(r.json).toEqual({
      errorCode: 'AUTHENTICATION_FAIL',
      errorType: 'ServerFault',
      message: `invalid accesstoken: session id ${key} is not valid`,
    });
    expect(r.headers.get('www-authenticate')).toBe('Bearer');
    const cookies = r.headers.getSetCookie();
    for (const c of ['OpenIdSession', 'AccessToken', 'RefreshToken', 'IdToken']) {
      expect(cookies.some((x) => x.startsWith(`${c}=;`) && x.includes('Max-Age=0'))).toBe(true);
    }
  });

  it('E3 (4.8): same 401 body with the short message and no extra headers', async () => {
    emu.control.setVersion('4.8');
    const r = await call(emu.url, 'GET', '/api/auth/ping', { key: 'dead-beef' });
    expect(r.status).toBe(401);
    expect(r.json).toEqual({
      errorCode: 'AUTHENTICATION_FAIL',
      errorType: 'ServerFault',
      message: 'session id dead-beef is not valid',
    });
    expect(r.headers.get('www-authenticate')).toBeNull();
    expect(r.headers.getSetCookie()).toEqual([]);
  });

  it('a session dies after 20 min idle; any call refreshes it', async () => {
    const alice = await login(emu, 'alice');
    clock += 15 * 60_000;
    expect((await alice.call('GET', '/api/auth/ping')).status).toBe(200);
    clock += 15 * 60_000;
    expect((await alice.call('GET', `${alice.folders}/_version`)).status).toBe(200);
    clock += 20 * 60_000 + 1;
    expect((await alice.call('GET', '/api/auth/ping')).status).toBe(401);
  });

  it("control.expireSessions ends one user's sessions only", async () => {
    const alice = await login(emu, 'alice');
    const bob = await login(emu, 'bob');
    expect(emu.control.expireSessions('alice')).toBe(1);
    expect((await alice.call('GET', '/api/auth')).status).toBe(401);
    expect((await bob.call('GET', '/api/auth')).status).toBe(200);
  });

  it('logout invalidates the session of the key', async () => {
    const alice = await login(emu, 'alice');
    expect((await alice.call('POST', '/api/auth/logout')).status).toBe(200);
    expect((await alice.call('GET', '/api/auth')).status).toBe(401);
  });

  it('GET /api/auth returns the AuthUser of the session', async () => {
    const bob = await login(emu, 'bob');
    const r = await bob.call('GET', '/api/auth');
    expect(r.json).toMatchObject({ uid: bob.uid, displayName: 'Bob Lefèvre', domainUid: 'example.test' });
  });
});

describe('API keys (§2.3, E4)', () => {
  it('E4: PUT /api/auth/keys?displayName= creates a key whose sid is the secret', async () => {
    const alice = await login(emu, 'alice');
    const r = await alice.call('PUT', `/api/auth/keys?displayName=${encodeURIComponent('acme-desktop (laptop-42)')}`);
    expect(r.status).toBe(200);
    expect(r.json).toEqual({
      sid: expect.stringMatching(/^[0-9a-f-]{36}$/),
      displayName: 'acme-desktop (laptop-42)',
      subject: alice.uid,
      domainUid: 'example.test',
    });
    expect((await alice.call('GET', '/api/auth/keys')).json).toEqual([r.json]);
    expect((await alice.call('GET', `/api/auth/keys/${r.json.sid}`)).json).toEqual(r.json);
    expect(emu.control.apiKeys('alice')).toHaveLength(1);
  });

  it('a key works as X-BM-ApiKey and as the login password, and outlives sessions', async () => {
    const alice = await login(emu, 'alice');
    const key = (await alice.call('PUT', '/api/auth/keys?displayName=poste')).json.sid as string;
    emu.control.expireSessions();
    clock += 24 * 3_600_000;
    expect((await call(emu.url, 'GET', '/api/auth', { key })).json.uid).toBe(alice.uid);
    const viaLogin = await loginCall('alice@example.test', key);
    expect(viaLogin.json.status).toBe('Ok');
    expect(viaLogin.json.authKey).not.toBe(key);
  });

  it('a client-chosen secret (PUT keys/{key}); DELETE revokes', async () => {
    const alice = await login(emu, 'alice');
    const secret = 'f1e2d3c4-0000-4000-8000-000000000001';
    expect((await alice.call('PUT', `/api/auth/keys/${secret}?displayName=mon%20poste`)).json.sid).toBe(secret);
    expect((await call(emu.url, 'GET', '/api/auth/ping', { key: secret })).status).toBe(200);
    await alice.call('DELETE', `/api/auth/keys/${secret}`);
    expect((await call(emu.url, 'GET', '/api/auth/ping', { key: secret })).status).toBe(401);
    expect((await alice.call('GET', `/api/auth/keys/${secret}`)).status).toBe(204);
  });
});
