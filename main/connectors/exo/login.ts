// eXo Platform sign-in (brief §1): the portal's form login with `rememberme`, whose cookie silently opens new
// sessions for 7 days (§1.4); BASIC on `/rest/private` where the form is not served. A failed form login is
// HTTP 200 with the login page again, and an expired session is 403 text/plain on `/portal/rest` (§8.1). The
// anti-bruteforce add-on locks an account after 5 failures, so a stored password is tried once, never more.
import { z } from 'zod';
import { CoreError } from '../../core/errors';
import type {
  AccountKindDriver,
  AccountSetup,
  DriverContext,
  OpenedSession,
  Secrets,
} from '../../core/accounts/driver';
import { ssoFlow } from '../../core/accounts/sso';
import { isReachabilityError } from '../http/network';
import { CookieJar } from '../http/cookie-jar';
import { endpointOf, looksLikeHtml } from '../http/http-client';

const SESSION_COOKIES = ['JSESSIONID', 'JSESSIONIDSSO', 'rememberme'] as const;

const platformInfo = z.object({ platformVersion: z.string() });
const socialUser = z.object({
  username: z.string().min(1),
  fullname: z.string().nullish(),
  email: z.string().nullish(),
});

const serverOf = (setup: AccountSetup) => {
  if (setup.server.type !== 'web') throw new CoreError('accounts.invalidSetup', { field: 'server' });
  return setup.server.url;
};

const cookieHeaders = (jar: CookieJar): Record<string, string> => {
  const cookie = jar.header();
  return cookie ? { Cookie: cookie } : {};
};

/** `POST /portal/login`: a redirect back into the portal with a session cookie is the only success (§1.3). */
async function formLogin(context: DriverContext, setup: AccountSetup, password: string): Promise<CookieJar | null> {
  const server = serverOf(setup);
  const url = new URL('/portal/login', server);
  const response = await context.http.send(url, {
    method: 'POST',
    body: new URLSearchParams({ username: setup.username, password, rememberme: 'true', initialURI: '/portal/dw' }),
  });
  if (response.status === 404 || response.status === 405) return null;
  const jar = new CookieJar();
  jar.update(response);
  if (response.status >= 300 && response.status < 400) {
    const target = new URL(response.headers.get('location') ?? '/', url);
    // A redirect to an identity provider (or the portal's /sso relay) means this server signs in on the web.
    if (target.origin !== url.origin || target.pathname.startsWith('/portal/sso'))
      throw new CoreError('auth.ssoRequired');
    if (!target.pathname.startsWith('/portal/login') && jar.get('JSESSIONID')) return jar;
    throw new CoreError('auth.wrongPassword');
  }
  if (response.ok && looksLikeHtml(response, await response.text())) throw new CoreError('auth.wrongPassword');
  throw statusError(response.status, url);
}

/** Container BASIC on `/rest/private` (§1.2), for servers that do not serve the portal's login form. */
async function basicLogin(context: DriverContext, setup: AccountSetup, password: string): Promise<CookieJar> {
  const url = new URL('/rest/private/platform/info', serverOf(setup));
  const credentials = Buffer.from(`${setup.username}:${password}`).toString('base64');
  const response = await context.http.send(url, { headers: { Authorization: `Basic ${credentials}` } });
  if (response.status === 401) throw new CoreError('auth.wrongPassword');
  if (!response.ok) throw statusError(response.status, url);
  const jar = new CookieJar();
  jar.update(response);
  return jar;
}

function statusError(status: number, url: URL): CoreError {
  const { host } = endpointOf(url);
  if (status === 404) return new CoreError('server.notFound', { host });
  if (status >= 500) return new CoreError('server.unavailable', { host });
  return new CoreError('server.unexpectedResponse', { host });
}

/** There is no "me" endpoint (§1.8): the username is the typed one, or read from the portal page. */
async function canonicalUsername(context: DriverContext, setup: AccountSetup, jar: CookieJar): Promise<string> {
  if (!setup.username.includes('@')) return setup.username;
  const url = new URL('/portal/dw', serverOf(setup));
  const response = await context.http.send(url, { headers: cookieHeaders(jar) });
  jar.update(response);
  const match = /userName["']?\s*[:=]\s*["']([^"']+)["']/.exec(await response.text());
  return match?.[1] ?? setup.username;
}

/** Proves the session (`/portal/rest/state/status/<user>`: 2xx in, 403 out, §1.7) and reads the profile. */
async function open(
  context: DriverContext,
  setup: AccountSetup,
  jar: CookieJar,
  username: string,
  secrets: OpenedSession['secrets'],
): Promise<OpenedSession> {
  const server = serverOf(setup);
  await probeSession(context, server, jar, username);
  const url = new URL(`/portal/rest/v1/social/users/${encodeURIComponent(username)}`, server);
  const response = await context.http.send(url, { headers: { ...cookieHeaders(jar), Accept: 'application/json' } });
  jar.update(response);
  const profile = response.ok ? socialUser.safeParse(await context.http.json(response, url)) : null;
  const address = (profile?.success && profile.data.email) || setup.username;
  return {
    auth: { headers: cookieHeaders(jar) },
    identity: { displayName: (profile?.success && profile.data.fullname) || username, address },
    username,
    secrets: { ...secrets, session: JSON.stringify(keptCookies(jar)) },
  };
}

async function probeSession(context: DriverContext, server: string, jar: CookieJar, username: string) {
  const url = new URL(`/portal/rest/state/status/${encodeURIComponent(username)}`, server);
  const response = await context.http.send(url, { headers: { ...cookieHeaders(jar), Accept: 'application/json' } });
  jar.update(response); // the remember-me filter may have opened a new session
  // 403 text/plain, a redirect to the login page, or the login page itself: the session is gone (§8.1).
  if (response.status === 403 || (response.status >= 300 && response.status < 400)) throw new CoreError('auth.expired');
  if (!response.ok) throw statusError(response.status, url);
  if (looksLikeHtml(response, await response.text())) throw new CoreError('auth.expired');
}

const keptCookies = (jar: CookieJar) =>
  Object.fromEntries(SESSION_COOKIES.flatMap((name) => (jar.get(name) ? [[name, jar.get(name)!]] : [])));

function storedJar(secrets: Secrets): CookieJar | null {
  try {
    const cookies = JSON.parse(secrets.session ?? 'null') as Record<string, string> | null;
    return cookies ? new CookieJar(cookies) : null;
  } catch {
    return null;
  }
}

async function passwordSession(context: DriverContext, setup: AccountSetup, password: string, keep: Secrets) {
  const jar = (await formLogin(context, setup, password)) ?? (await basicLogin(context, setup, password));
  return open(context, setup, jar, await canonicalUsername(context, setup, jar), keep);
}

export const exoDriver: AccountKindDriver = {
  kind: {
    id: 'exo',
    label: 'eXo Platform',
    capabilities: ['spaces', 'activity', 'chat', 'files', 'calendar', 'presence'],
    setup: { server: 'web', methods: ['password', 'sso'] },
  },

  // What the official apps check first (§1.7): the anonymous platform information.
  async detect(context, origin) {
    const url = new URL('/rest/platform/info', origin);
    try {
      const response = await context.http.send(url, { headers: { Accept: 'application/json' } });
      return response.ok && platformInfo.safeParse(await context.http.json(response, url)).success;
    } catch (error) {
      if (isReachabilityError(error)) throw error;
      return false;
    }
  },

  async signIn(context, setup, credentials) {
    if (credentials.method === 'sso') {
      const jar = new CookieJar(credentials.cookies);
      const session = await open(context, setup, jar, await canonicalUsername(context, setup, jar), { password: null });
      return { status: 'signed-in', session };
    }
    return {
      status: 'signed-in',
      session: await passwordSession(context, setup, credentials.password, { password: credentials.password }),
    };
  },

  async resume(context, setup, secrets, reason) {
    // At start-up the stored cookies (remember-me above all) usually still open a session, without a password.
    const jar = reason === 'start' ? storedJar(secrets) : null;
    if (jar) {
      try {
        return await open(context, setup, jar, setup.username, {});
      } catch (error) {
        if (!(error instanceof CoreError && error.code === 'auth.expired')) throw error;
      }
    }
    if (!secrets.password) throw new CoreError('auth.expired');
    return passwordSession(context, setup, secrets.password, {});
  },

  async check(context, setup, auth) {
    const jar = new CookieJar(Object.fromEntries(cookiePairs(auth.headers?.Cookie)));
    await probeSession(context, serverOf(setup), jar, setup.username);
  },

  sso: (setup) =>
    ssoFlow({
      server: serverOf(setup),
      start: '/portal/login',
      // In the portal, past the login, SSO relay and second-factor pages (the MFA add-on's `mfa-access`).
      landed: (path) => path.startsWith('/portal/') && !/^\/portal\/(login|sso)\b|mfa-access/.test(path),
      required: ['JSESSIONID'],
      optional: ['JSESSIONIDSSO', 'rememberme'],
    }),

  // Logging out deletes the remember-me token on the server (§1.4).
  async forget(context, setup, secrets) {
    const jar = storedJar(secrets);
    if (!jar) return;
    const url = new URL('/portal/dw/?portal:action=Logout&portal:componentId=UIPortal', serverOf(setup));
    await context.http.send(url, { headers: cookieHeaders(jar) });
  },
};

function cookiePairs(header: string | undefined): Array<[string, string]> {
  return (header ?? '').split(/;\s*/).flatMap((pair) => {
    const separator = pair.indexOf('=');
    return separator > 0 ? [[pair.slice(0, separator), pair.slice(separator + 1)] as [string, string]] : [];
  });
}
