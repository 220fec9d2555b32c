// Brief §2.4: BM5 web login through the embedded Keycloak page, the OpenIdSession cookie and /session-infos
// (what an Electron auth window does before handing the sid to the core).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startBlueMindEmulator, type BlueMindEmulator } from './index.js';
import { call } from './testkit.js';

let emu: BlueMindEmulator;

beforeEach(async () => {
  emu = await startBlueMindEmulator();
});
afterEach(() => emu.close());

class Browser {
  cookies = new Map<string, string>();
  constructor(private readonly base: string) {}
  async get(url: string, init: RequestInit = {}): Promise<Response> {
    const abs = url.startsWith('http') ? url : `${this.base}${url}`;
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await fetch(abs, {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers ?? {}), ...(cookie ? { Cookie: cookie } : {}) },
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const eq = (pair ?? '').indexOf('=');
      const name = (pair ?? '').slice(0, eq);
      const value = (pair ?? '').slice(eq + 1);
      if (/Max-Age=0/.test(c)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return res;
  }
}

function formAction(html: string): string {
  const m = /<form id="kc-form-login" action="([^"]+)"/.exec(html);
  if (!m?.[1]) throw new Error('no login form');
  return m[1].replace(/&amp;/g, '&');
}

describe('OIDC web login (5.x)', () => {
  it('webapp → Keycloak (PKCE S256, client <domain>-cli, redirect /auth/openid) → form → code → cookie → session-infos', async () => {
    const b = new Browser(emu.url);
    const start = await b.get('/webapp/mail/');
    expect(start.status).toBe(302);
    const auth = new URL(start.headers.get('location') ?? '');
    expect(auth.pathname).toBe('/keycloak/realms/example.test/protocol/openid-connect/auth');
    expect(Object.fromEntries(auth.searchParams)).toMatchObject({
      client_id: 'example.test-cli',
      redirect_uri: `${emu.url}/auth/openid`,
      response_type: 'code',
      scope: 'openid',
      code_challenge_method: 'S256',
      code_challenge: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
    });
    const page = await b.get(auth.toString());
    const html = await page.text();
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(html).toContain('Se connecter');

    const wrong = await b.get(formAction(html), {
      method: 'POST',
      body: new URLSearchParams({ username: 'alice', password: 'faux' }),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    expect(wrong.status).toBe(200);
    const wrongHtml = await wrong.text();
    expect(wrongHtml).toContain('Nom d’utilisateur ou mot de passe invalide.');

    const ok = await b.get(formAction(wrongHtml), {
      method: 'POST',
      body: new URLSearchParams({ username: 'alice', password: 'alicepw' }),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    expect(ok.status).toBe(302);
    const cb = new URL(ok.headers.get('location') ?? '');
    expect(cb.pathname).toBe('/auth/openid');
    expect(cb.searchParams.get('code')).toBeTruthy();
    expect(cb.searchParams.get('state')).toBe(auth.searchParams.get('state'));

    const landed = await b.get(cb.toString());
    expect(landed.status).toBe(302);
    expect(landed.headers.get('location')).toBe(`${emu.url}/webapp/mail/`);
    const cookie = JSON.parse(b.cookies.get('OpenIdSession') ?? '{}');
    expect(cookie).toEqual({ sid: expect.any(String), domain_uid: 'example.test' });
    expect(landed.headers.getSetCookie()[0]).toContain('HttpOnly');

    const infos = await b.get('/session-infos');
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const json: any = await infos.json();
    expect(json).toMatchObject({
      login: 'alice@example.test',
      accountType: 'FULL',
      defaultEmail: 'alice@example.test',
      sid: cookie.sid,
      userId: emu.control.user('alice').uid,
      domain: 'example.test',
      hasIM: 'false',
      lang: 'fr',
      formatedName: 'Alice Martin',
    });
    expect(json.roles).toContain('hasMail,');
    // The sid is an ordinary core session.
    expect((await call(emu.url, 'GET', '/api/auth', { key: json.sid })).json.uid).toBe(emu.control.user('alice').uid);
    expect((await b.get('/webapp/mail/')).status).toBe(200);

    await b.get('/bluemind_sso_logout');
    expect(b.cookies.has('OpenIdSession')).toBe(false);
    expect((await call(emu.url, 'GET', '/api/auth', { key: json.sid })).status).toBe(401);
  });

  it('an SSO-only account signs in through the page, then can mint an API key', async () => {
    const b = new Browser(emu.url);
    const auth = (await b.get('/webapp/')).headers.get('location') ?? '';
    const html = await (await b.get(auth)).text();
    const ok = await b.get(formAction(html), {
      method: 'POST',
      body: new URLSearchParams({ username: 'nadia.rahmani@example.test', password: 'nadiapw' }),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    await b.get(ok.headers.get('location') ?? '');
    const { sid } = (await (await b.get('/session-infos')).json()) as { sid: string };
    const key = await call(emu.url, 'PUT', '/api/auth/keys?displayName=poste-nadia', { key: sid });
    expect(key.json.subject).toBe(emu.control.user('nadia.rahmani').uid);
    expect(
      (await call(emu.url, 'POST', '/api/auth/login?login=nadia.rahmani%40example.test', { body: key.json.sid })).json
        .status,
    ).toBe('Ok');
  });

  it('/session-infos without the cookie redirects to the login; a foreign redirect_uri is refused', async () => {
    const r = await fetch(`${emu.url}/session-infos`, { redirect: 'manual' });
    expect(r.status).toBe(302);
    const bad = await fetch(
      `${emu.url}/keycloak/realms/example.test/protocol/openid-connect/auth?client_id=example.test-cli&redirect_uri=${encodeURIComponent('http://evil.example/cb')}&response_type=code`,
    );
    expect(bad.status).toBe(400);
  });

  it('4.8 has no Keycloak', async () => {
    emu.control.setVersion('4.8');
    expect((await fetch(`${emu.url}/keycloak/realms/example.test/protocol/openid-connect/auth`)).status).toBe(404);
  });
});
