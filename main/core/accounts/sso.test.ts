// Browser sign-in: when each kind's flow is over and what it keeps (pure decisions, what the Electron window
// follows), then the whole flow driven against the emulators' own login pages by a scripted browser.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startBlueMindEmulator, type BlueMindEmulator } from '../../../e2e/emulators/bluemind';
import { startExoEmulator, type ExoEmulator } from '../../../e2e/emulators/exo';
import { bluemindDriver } from '../../connectors/bluemind/login';
import { CookieJar } from '../../connectors/http/cookie-jar';
import { exoDriver } from '../../connectors/exo/login';
import { zimbraDriver } from '../../connectors/zimbra/login';
import { CoreError } from '../errors';
import { MemorySecretStore } from '../secrets/memory-store';
import type { AccountSetup } from './driver';
import { isAllowedSsoNavigation, type SsoBrowser, type SsoFlow } from './sso';
import { useAccountsHarness } from './testing';

const setup = (url: string): AccountSetup => ({ server: { type: 'web', url }, username: 'alice', method: 'sso' });
const page = (url: string, cookies: Record<string, string> = {}) => ({ url, cookies });

describe('when a browser sign-in is over', () => {
  it('BlueMind: back in the web app, with the OpenIdSession cookie', () => {
    const flow = bluemindDriver.sso!(setup('https://mail.region.test'));
    expect(flow.startUrl).toBe('https://mail.region.test/webapp/');
    const session = { OpenIdSession: '{"sid":"s1"}', other: 'x' };
    expect(flow.decide(page('https://mail.region.test/keycloak/realms/r/protocol/openid-connect/auth'))).toEqual({
      done: false,
    });
    // The identity provider lives elsewhere: its cookies and pages never end the flow.
    expect(flow.decide(page('https://idp.region.test/webapp/', session))).toEqual({ done: false });
    expect(flow.decide(page('https://mail.region.test/auth/openid?code=c', session))).toEqual({ done: false });
    expect(flow.decide(page('https://mail.region.test/webapp/mail/'))).toEqual({ done: false });
    expect(flow.decide(page('https://mail.region.test/webapp/mail/', session))).toEqual({
      done: true,
      cookies: { OpenIdSession: '{"sid":"s1"}' },
    });
  });

  it('eXo: in the portal, past the login, SSO relay and second-factor pages', () => {
    const flow = exoDriver.sso!(setup('https://collab.region.test'));
    expect(flow.startUrl).toBe('https://collab.region.test/portal/login');
    const cookies = { JSESSIONID: 'j', rememberme: 'r', JSESSIONIDSSO: 's', tracking: 't' };
    expect(flow.decide(page('https://collab.region.test/portal/login', cookies))).toEqual({ done: false });
    expect(flow.decide(page('https://collab.region.test/portal/sso', cookies))).toEqual({ done: false });
    expect(flow.decide(page('https://collab.region.test/portal/dw/mfa-access?initialUri=/portal/dw', cookies))).toEqual(
      {
        done: false,
      },
    );
    expect(flow.decide(page('https://collab.region.test/portal/dw'))).toEqual({ done: false });
    expect(flow.decide(page('https://collab.region.test/portal/dw', cookies))).toEqual({
      done: true,
      cookies: { JSESSIONID: 'j', JSESSIONIDSSO: 's', rememberme: 'r' },
    });
  });

  it('Zimbra: on the server with the auth token cookie', () => {
    const flow = zimbraDriver.sso!(setup('https://zimbra.region.test'));
    expect(flow.decide(page('https://zimbra.region.test/', { ZM_AUTH_TOKEN: 't' }))).toEqual({
      done: true,
      cookies: { ZM_AUTH_TOKEN: 't' },
    });
    expect(flow.decide(page('https://zimbra.region.test/service/preauth', { ZM_AUTH_TOKEN: 't' }))).toEqual({
      done: false,
    });
    expect(flow.decide(page('not a url'))).toEqual({ done: false });
  });

  it('lets the window show https pages anywhere and http on this machine only', () => {
    expect(isAllowedSsoNavigation('https://idp.region.test/login')).toBe(true);
    expect(isAllowedSsoNavigation('http://127.0.0.1:8080/login')).toBe(true);
    expect(isAllowedSsoNavigation('http://idp.region.test/login')).toBe(false);
    expect(isAllowedSsoNavigation('file:///etc/passwd')).toBe(false);
    expect(isAllowedSsoNavigation('javascript:alert(1)')).toBe(false);
  });
});

/**
 * A browser without a screen: follows redirects, keeps the server's cookies, and fills the first login form
 * it meets with `credentials` (as a user would), asking the flow after every page.
 */
function scriptedBrowser(credentials: { username: string; password: string }): SsoBrowser & { pages: string[] } {
  const pages: string[] = [];
  return {
    pages,
    async run(flow: SsoFlow) {
      const jar = new CookieJar();
      let request: { url: string; init: RequestInit } = { url: flow.startUrl, init: {} };
      for (let step = 0; step < 20; step++) {
        const response = await fetch(request.url, {
          ...request.init,
          redirect: 'manual',
          headers: { ...(request.init.headers as Record<string, string>), Cookie: jar.header() ?? '' },
        });
        jar.update(response);
        pages.push(new URL(request.url).pathname);
        const decision = flow.decide({ url: request.url, cookies: jar.toJSON() });
        if (decision.done) return decision.cookies;
        const location = response.headers.get('location');
        if (location) {
          request = { url: new URL(location, request.url).href, init: {} };
          continue;
        }
        const html = await response.text();
        const action = /<form[^>]*action="([^"]*)"/.exec(html)?.[1]?.replaceAll('&amp;', '&');
        if (!action) throw new CoreError('auth.ssoIncomplete');
        const fields = new URLSearchParams();
        for (const [, name, value = ''] of html.matchAll(/<input[^>]*name="([^"]+)"(?:[^>]*value="([^"]*)")?/g)) {
          fields.set(name!, value);
        }
        fields.set('username', credentials.username);
        fields.set('password', credentials.password);
        request = { url: new URL(action, request.url).href, init: { method: 'POST', body: fields } };
      }
      throw new CoreError('auth.ssoCancelled');
    },
  };
}

const harness = useAccountsHarness();

describe('a browser sign-in through the server login page', () => {
  let bluemind: BlueMindEmulator;
  let exo: ExoEmulator;
  beforeEach(async () => {
    [bluemind, exo] = await Promise.all([startBlueMindEmulator(), startExoEmulator()]);
  });
  afterEach(() => Promise.all([bluemind.close(), exo.close()]));

  it('BlueMind (Keycloak): keeps a device key for a user who has no BlueMind password', async () => {
    const browser = scriptedBrowser({ username: 'nadia.rahmani', password: 'nadiapw' });
    const secrets = new MemorySecretStore();
    const { accounts } = harness.open({ sso: browser, secrets });
    const result = await accounts.service.add({
      kindId: 'bluemind',
      server: { type: 'web', url: bluemind.url },
      username: 'nadia.rahmani@example.test',
      method: 'sso',
    });
    expect(result).toMatchObject({ status: 'signed-in', account: { state: 'online' } });
    expect(browser.pages).toContain('/keycloak/realms/example.test/login-actions/authenticate');
    const id = result.status === 'signed-in' ? result.account.id : '';
    expect(await secrets.get(id, 'api-key')).toBe(bluemind.control.apiKeys('nadia.rahmani')[0]?.sid);
    expect(await secrets.get(id, 'password')).toBeNull();
    expect(accounts.service.details(id)).toMatchObject({ method: 'sso', username: 'nadia.rahmani@example.test' });
  });

  it('eXo: keeps the portal session cookies, remember-me included', async () => {
    const browser = scriptedBrowser({ username: 'alice', password: 'alicepw' });
    const secrets = new MemorySecretStore();
    const { accounts } = harness.open({ sso: browser, secrets });
    const result = await accounts.service.add({
      kindId: 'exo',
      server: { type: 'web', url: exo.url },
      username: 'alice',
      method: 'sso',
    });
    expect(result).toMatchObject({ status: 'signed-in', account: { displayName: 'Alice Martin' } });
    const id = result.status === 'signed-in' ? result.account.id : '';
    expect(Object.keys(JSON.parse((await secrets.get(id, 'session'))!) as object)).toContain('JSESSIONID');
  });

  it('is refused, with a clear error, where no browser window exists', async () => {
    const { accounts } = harness.open();
    await expect(
      accounts.service.add({
        kindId: 'exo',
        server: { type: 'web', url: exo.url },
        username: 'alice',
        method: 'sso',
      }),
    ).rejects.toMatchObject({ code: 'auth.ssoUnavailable' });
  });
});
