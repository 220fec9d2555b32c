// Contract tests for authentication (brief §1, §8.1, F1–F4).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ExoEmulator } from './index';
import { ACCESS_DENIED_TEXT } from './index';
import { Client, basic, loggedIn, withEmulator } from './test-helpers';

let emu: ExoEmulator;
let now: number;

beforeEach(async () => {
  now = Date.UTC(2025, 2, 10, 9, 0, 0);
  emu = await withEmulator({ now: () => new Date(now) });
});
afterEach(() => emu.close());

describe('form login (brief §1.3, F3)', () => {
  it('answers 302 with JSESSIONID, JSESSIONIDSSO and rememberme when asked', async () => {
    const c = new Client(emu.url);
    const res = await c.login('alice', 'alicepw', true);
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/portal/dw');
    const cookies = res.headers.getSetCookie();
    expect(cookies.some((x) => /^JSESSIONID=[^;]+; Path=\//.test(x))).toBe(true);
    expect(cookies.some((x) => x.startsWith('JSESSIONIDSSO='))).toBe(true);
    const rm = cookies.find((x) => x.startsWith('rememberme='));
    expect(rm).toMatch(/Path=\/; Max-Age=604800; HttpOnly/);
  });

  it('fails with HTTP 200 and the login page HTML, no cookie', async () => {
    const c = new Client(emu.url);
    const res = await c.login('alice', 'wrong');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await res.text()).toContain('name="loginForm"');
    expect(res.headers.getSetCookie()).toEqual([]);
  });

  it('accepts the e-mail and is case-insensitive on the username; rememberme=on works', async () => {
    const c1 = new Client(emu.url);
    expect((await c1.login('jeanne.dupont@example.test', 'jdupontpw')).status).toBe(302);
    const c2 = new Client(emu.url);
    const res = await c2.fetch('/portal/login', {
      method: 'POST',
      form: { username: 'ALICE', password: 'alicepw', rememberme: 'on' },
    });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/portal');
    expect(c2.jar.has('rememberme')).toBe(true);
  });

  it('replaces an off-host initialURI with the context path', async () => {
    const c = new Client(emu.url);
    const res = await c.fetch('/portal/login', {
      method: 'POST',
      form: { username: 'alice', password: 'alicepw', initialURI: 'https://evil.example/x' },
    });
    expect(res.headers.get('location')).toBe('/portal');
  });

  it('redirects to /portal/sso when SSO is on', async () => {
    emu.control.setFeatures({ sso: true });
    const res = await new Client(emu.url).login('alice', 'alicepw');
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/portal/sso');
    const sso = await new Client(emu.url).fetch('/portal/sso');
    expect(new URL(sso.headers.get('location') ?? '').host).not.toBe(new URL(emu.url).host);
  });
});

describe('sessions on /portal/rest (brief §1.4, §8.1, F4)', () => {
  it('answers 403 text/plain when anonymous', async () => {
    const res = await fetch(`${emu.url}/portal/rest/state/status/alice`);
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await res.text()).toBe(ACCESS_DENIED_TEXT);
  });

  it('session probe: 200 while the session lives, 403 once expired by the control API', async () => {
    const c = await loggedIn(emu.url, 'alice');
    const ok = await c.json('/portal/rest/state/status/alice');
    expect(ok).toEqual({ userId: 'alice', lastActivity: 0, status: 'offline' });
    expect(emu.control.expireSessions('alice')).toBe(1);
    const res = await c.fetch('/portal/rest/state/status/alice');
    expect(res.status).toBe(403);
    expect(await res.text()).toBe(ACCESS_DENIED_TEXT);
  });

  it('expires after 30 minutes of inactivity (Tomcat default)', async () => {
    const c = await loggedIn(emu.url, 'alice');
    now += 29 * 60 * 1000;
    expect((await c.fetch('/portal/rest/state/status/alice')).status).toBe(200);
    now += 31 * 60 * 1000;
    expect((await c.fetch('/portal/rest/state/status/alice')).status).toBe(403);
  });

  it('rememberme alone re-logs in silently with a new JSESSIONID; the token is not consumed', async () => {
    const c = new Client(emu.url);
    await c.login('alice', 'alicepw', true);
    const rm = c.jar.get('rememberme');
    const firstSession = c.jar.get('JSESSIONID');
    emu.control.expireSessions('alice');
    c.jar.delete('JSESSIONIDSSO');
    const res = await c.fetch('/portal/rest/v1/social/users/alice');
    expect(res.status).toBe(200);
    expect(res.headers.getSetCookie().some((x) => x.startsWith('JSESSIONID='))).toBe(true);
    expect(c.jar.get('JSESSIONID')).not.toBe(firstSession);
    expect(c.jar.get('rememberme')).toBe(rm);
  });

  it('an invalid rememberme is cleared with Max-Age=0 and the call is anonymous (403)', async () => {
    const res = await fetch(`${emu.url}/portal/rest/v1/social/users/alice`, {
      headers: { Cookie: 'rememberme=bogus' },
    });
    expect(res.status).toBe(403);
    expect(res.headers.getSetCookie()).toContain('rememberme=; Path=/; Max-Age=0; HttpOnly');
  });

  it('rememberme expires after 7 days', async () => {
    const c = new Client(emu.url);
    await c.login('alice', 'alicepw', true);
    emu.control.expireSessions('alice');
    c.jar.delete('JSESSIONID');
    c.jar.delete('JSESSIONIDSSO');
    now += 7 * 24 * 3600 * 1000 + 1000;
    expect((await c.fetch('/portal/rest/state/status/alice')).status).toBe(403);
  });

  it('expireSessions with rememberMe revokes the remember-me token too', async () => {
    const c = new Client(emu.url);
    await c.login('alice', 'alicepw', true);
    emu.control.expireSessions('alice', { rememberMe: true });
    expect((await c.fetch('/portal/rest/state/status/alice')).status).toBe(403);
  });

  it('/portal/rest/private/* is not a thing (404)', async () => {
    const c = await loggedIn(emu.url, 'alice');
    expect((await c.fetch('/portal/rest/private/platform/info')).status).toBe(404);
  });

  it('the /rest webapp honours only the SSO valve cookie, not the portal JSESSIONID', async () => {
    const c = await loggedIn(emu.url, 'alice');
    expect((await c.fetch('/rest/v1/social/users/alice')).status).toBe(200);
    c.jar.delete('JSESSIONIDSSO');
    expect((await c.fetch('/rest/v1/social/users/alice')).status).toBe(403);
  });

  it('plain REST needs no CSRF token nor X-Requested-With; @ExoCSRFCheck resources need portal:csrf', async () => {
    const c = await loggedIn(emu.url, 'alice');
    const post = await c.fetch('/portal/rest/v1/social/activities', {
      method: 'POST',
      json: { title: 'Sans jeton CSRF' },
    });
    expect(post.status).toBe(200);
    const path = '/portal/rest/social/intranet-notification/confirmInvitationToConnect/bob/alice/1/message.json';
    const denied = await c.fetch(path, { method: 'POST' });
    expect(denied.status).toBe(403);
    expect(denied.headers.get('content-type')).toMatch(/^text\/plain/);
    const page = await (await c.fetch('/portal/dw')).text();
    const csrf = /"csrfToken":"([^"]+)"/.exec(page)?.[1] ?? '';
    expect(csrf).not.toBe('');
    expect((await c.fetch(`${path}?portal:csrf=${csrf}`, { method: 'POST' })).status).toBe(200);
  });
});

describe('BASIC on /rest/private (brief §1.2, F2)', () => {
  it('challenges with realm gatein-domain, then accepts credentials and sets cookies', async () => {
    const anon = await fetch(`${emu.url}/rest/private/platform/info`);
    expect(anon.status).toBe(401);
    expect(anon.headers.get('www-authenticate')).toBe('Basic realm="gatein-domain"');
    const bad = await fetch(`${emu.url}/rest/private/platform/info`, { headers: basic('alice', 'nope') });
    expect(bad.status).toBe(401);
    const ok = await fetch(`${emu.url}/rest/private/platform/info`, { headers: basic('alice') });
    expect(ok.status).toBe(200);
    expect(ok.headers.getSetCookie().map((x) => x.split('=')[0])).toEqual(['JSESSIONID', 'JSESSIONIDSSO']);
    expect(((await ok.json()) as { platformVersion: string }).platformVersion).toBe('4.3.0+');
  });

  it('each credentialed request makes a new session unless JSESSIONID is replayed', async () => {
    await fetch(`${emu.url}/rest/private/platform/info`, { headers: basic('bob') });
    await fetch(`${emu.url}/rest/private/platform/info`, { headers: basic('bob') });
    expect(emu.control.sessionCount('bob')).toBe(2);
    const c = new Client(emu.url);
    await c.fetch('/rest/private/platform/info', { headers: basic('carol') });
    await c.fetch('/rest/private/platform/info', { headers: basic('carol') });
    expect(emu.control.sessionCount('carol')).toBe(1);
  });
});

describe('anti-bruteforce lockout (brief §1.6)', () => {
  it('locks after 5 failures for 10 minutes, even with the right password', async () => {
    const c = new Client(emu.url);
    for (let i = 0; i < 5; i++) expect((await c.login('bob', 'bad')).status).toBe(200);
    expect(emu.control.isLocked('bob')).toBe(true);
    expect((await c.login('bob', 'bobpw')).status).toBe(200);
    expect((await fetch(`${emu.url}/rest/private/platform/info`, { headers: basic('bob') })).status).toBe(401);
    now += 10 * 60 * 1000 + 1;
    expect((await c.login('bob', 'bobpw')).status).toBe(302);
  });

  it('BASIC failures count too; without the add-on nothing locks', async () => {
    for (let i = 0; i < 5; i++) await fetch(`${emu.url}/rest/private/platform/info`, { headers: basic('carol', 'x') });
    expect(emu.control.isLocked('carol')).toBe(true);
    emu.control.setFeatures({ antiBruteforce: false });
    for (let i = 0; i < 6; i++) await new Client(emu.url).login('alice', 'x');
    expect(emu.control.isLocked('alice')).toBe(false);
    expect((await new Client(emu.url).login('alice', 'alicepw')).status).toBe(302);
  });

  it('control can lock and unlock an account', async () => {
    emu.control.lockAccount('alice');
    expect((await new Client(emu.url).login('alice', 'alicepw')).status).toBe(200);
    emu.control.unlockAccount('alice');
    expect((await new Client(emu.url).login('alice', 'alicepw')).status).toBe(302);
  });

  it('a disabled user cannot log in', async () => {
    expect((await new Client(emu.url).login('pmoreau', 'pmoreaupw')).status).toBe(200);
  });
});

describe('platform info and who am I (brief §1.8, §1.9, F1)', () => {
  it('hides the version from anonymous and non-admin callers (6.2+), not from admins', async () => {
    const anon = await fetch(`${emu.url}/rest/platform/info`);
    expect(anon.headers.get('cache-control')).toBe('no-cache, no-store');
    const body = (await anon.json()) as Record<string, unknown>;
    expect(body.platformVersion).toBe('4.3.0+');
    expect(body.platformEdition).toBeNull();
    expect(Object.keys(body)).toContain('unlockKey');
    const user = (await (
      await fetch(`${emu.url}/rest/private/platform/info`, { headers: basic('alice') })
    ).json()) as Record<string, unknown>;
    expect(user.platformVersion).toBe('4.3.0+');
    const admin = (await (
      await fetch(`${emu.url}/rest/private/platform/info`, { headers: basic('root') })
    ).json()) as Record<string, unknown>;
    expect(admin.platformVersion).toBe('6.5.0');
    expect(admin.platformEdition).toBe('community');
    emu.control.setFeatures({ platformVersion: '6.0.0' });
    expect(
      ((await (await fetch(`${emu.url}/rest/platform/info`)).json()) as Record<string, unknown>).platformVersion,
    ).toBe('6.0.0');
  });

  it('canonicalises the typed name and exposes the identity id; chat token endpoint names the user', async () => {
    const c = await loggedIn(emu.url, 'alice');
    const u = await c.json('/portal/rest/v1/social/users/ALICE');
    expect(u.username).toBe('alice');
    expect(String(u.identity).endsWith(`/identities/${String(u.id)}`)).toBe(true);
    expect(await c.json('/portal/rest/chat/api/1.0/user/token')).toEqual({
      username: 'alice',
      token: emu.control.chatToken('alice'),
    });
    expect(await (await fetch(`${emu.url}/portal/rest/chat/api/1.0/user/token`)).json()).toEqual({
      username: '__anonim_',
      token: '---',
    });
  });

  it('portal pages redirect anonymous users to the login page and expose eXo.env.portal when logged in', async () => {
    const anon = await fetch(`${emu.url}/portal/dw/stream`, { redirect: 'manual' });
    expect(anon.status).toBe(302);
    expect(anon.headers.get('location')).toBe('/portal/login?initialURI=%2Fportal%2Fdw%2Fstream');
    const c = await loggedIn(emu.url, 'bob');
    const html = await (await c.fetch('/portal/dw')).text();
    expect(html).toContain('"userName":"bob"');
    expect(html).toContain(`"cometdToken":"${emu.control.cometdToken('bob')}"`);
  });

  it('logout deletes the remember-me token and expires the cookies', async () => {
    const c = new Client(emu.url);
    await c.login('alice', 'alicepw', true);
    const res = await c.fetch('/portal/dw/?portal:action=Logout&portal:componentId=UIPortal');
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/');
    expect(c.jar.has('rememberme')).toBe(false);
    expect((await c.fetch('/portal/rest/state/status/alice')).status).toBe(403);
  });
});

describe('fault injection (control)', () => {
  it('login page HTML, 5xx, dropped connection, each for the next matching request only', async () => {
    const c = await loggedIn(emu.url, 'alice');
    emu.control.failNext({ kind: 'login-page', match: '/portal/rest/v1/social' });
    const html = await c.fetch('/portal/rest/v1/social/spaces?filterType=member');
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toMatch(/^text\/html/);
    expect((await c.fetch('/portal/rest/v1/social/spaces?filterType=member')).headers.get('content-type')).toMatch(
      /json/,
    );
    emu.control.failNext({ kind: 'status', status: 503, count: 2 });
    expect((await c.fetch('/portal/rest/state/status/alice')).status).toBe(503);
    expect((await c.fetch('/portal/rest/state/status/alice')).status).toBe(503);
    expect((await c.fetch('/portal/rest/state/status/alice')).status).toBe(200);
    emu.control.failNext({ kind: 'drop' });
    await expect(c.fetch('/portal/rest/state/status/alice')).rejects.toThrow();
    expect(emu.control.requests('/portal/rest/state/status').map((r) => r.status)).toEqual([503, 503, 200, 0]);
  });
});
