// BlueMind sign-in (brief §2): `POST /api/auth/login` answers HTTP 200 even when it fails (`status: "Bad"`);
// the session id goes in `X-BM-ApiKey`. Right after the first sign-in this device gets its own API key
// (§2.3), which mints sessions later on: the password is not kept, and the key is revoked on removal.
import { z } from 'zod';
import { CoreError } from '../../core/errors';
import type { AccountKindDriver, AccountSetup, DriverContext, OpenedSession } from '../../core/accounts/driver';
import { ssoFlow } from '../../core/accounts/sso';
import { isReachabilityError } from '../http/network';
import { endpointOf, parseAnswer } from '../http/http-client';

const authUser = z.object({
  uid: z.string(),
  domainUid: z.string(),
  displayName: z.string().nullish(),
  value: z
    .object({
      login: z.string().nullish(),
      emails: z.array(z.object({ address: z.string(), isDefault: z.boolean().nullish() })).nullish(),
    })
    .nullish(),
});

const loginResponse = z.object({
  status: z.enum(['Ok', 'Bad', 'Expired']),
  authKey: z.string().nullish(),
  latd: z.string().nullish(),
  authUser: authUser.nullish(),
});

const apiKey = z.object({ sid: z.string().min(1) });
const installation = z.object({ defaultDomain: z.string().nullish() });

type AuthUser = z.infer<typeof authUser>;

const serverOf = (setup: AccountSetup) => {
  if (setup.server.type !== 'web') throw new CoreError('accounts.invalidSetup', { field: 'server' });
  return setup.server.url;
};

const api = (setup: AccountSetup, path: string) => new URL(`/api/${path}`, serverOf(setup));
const jsonHeaders = { 'Content-Type': 'application/json', Accept: 'application/json' };

/** `login@domain`: a bare login gets the server's default domain, as BlueMind's own connectors do (§2.1). */
async function qualifiedLogin(context: DriverContext, setup: AccountSetup): Promise<string> {
  if (setup.username.includes('@')) return setup.username;
  const url = api(setup, 'system/installation/_infos');
  const response = await context.http.send(url, { headers: { Accept: 'application/json' } });
  const domain = response.ok
    ? parseAnswer(installation, await context.http.json(response, url), url).defaultDomain
    : null;
  return domain ? `${setup.username}@${domain}` : setup.username;
}

/** Signs in with a password or an API key (the server accepts both as the password). */
async function login(context: DriverContext, setup: AccountSetup, login: string, secret: string) {
  const url = api(setup, 'auth/login');
  url.searchParams.set('login', login);
  url.searchParams.set('origin', `${context.client.name}/${context.client.version} ${context.client.device}`);
  const response = await context.http.send(url, { method: 'POST', headers: jsonHeaders, body: JSON.stringify(secret) });
  if (!response.ok) throw httpError(response.status, url);
  const answer = parseAnswer(loginResponse, await context.http.json(response, url), url);
  if (answer.status === 'Bad') throw new CoreError('auth.wrongPassword');
  if (answer.status === 'Expired') {
    await logout(context, setup, answer.authKey);
    throw new CoreError('auth.passwordExpired');
  }
  if (!answer.authKey || !answer.authUser) throw new CoreError('server.unexpectedResponse', { host: url.hostname });
  return { authKey: answer.authKey, user: answer.authUser, latd: answer.latd ?? login };
}

async function logout(context: DriverContext, setup: AccountSetup, key: string | null | undefined) {
  if (key) await context.http.send(api(setup, 'auth/logout'), { method: 'POST', headers: { 'X-BM-ApiKey': key } });
}

function httpError(status: number, url: URL): CoreError {
  const { host } = endpointOf(url);
  if (status === 401) return new CoreError('auth.expired');
  if (status === 404) return new CoreError('server.notFound', { host });
  if (status >= 500) return new CoreError('server.unavailable', { host });
  return new CoreError('server.unexpectedResponse', { host });
}

async function whoAmI(context: DriverContext, setup: AccountSetup, key: string): Promise<AuthUser> {
  const url = api(setup, 'auth');
  const response = await context.http.send(url, { headers: { ...jsonHeaders, 'X-BM-ApiKey': key } });
  if (!response.ok) throw httpError(response.status, url);
  return parseAnswer(authUser, await context.http.json(response, url), url);
}

async function createDeviceKey(context: DriverContext, setup: AccountSetup, session: string): Promise<string> {
  const url = api(setup, 'auth/keys');
  url.searchParams.set('displayName', `${context.client.name} — ${context.client.device}`);
  const response = await context.http.send(url, { method: 'PUT', headers: { ...jsonHeaders, 'X-BM-ApiKey': session } });
  if (!response.ok) throw httpError(response.status, url);
  return parseAnswer(apiKey, await context.http.json(response, url), url).sid;
}

function opened(user: AuthUser, latd: string, session: string, secrets: OpenedSession['secrets']): OpenedSession {
  const emails = user.value?.emails ?? [];
  const address = (emails.find((email) => email.isDefault) ?? emails[0])?.address ?? latd;
  return {
    auth: { headers: { 'X-BM-ApiKey': session } },
    identity: { displayName: user.displayName || address, address },
    username: latd,
    secrets,
  };
}

/** The session id from the web front's `OpenIdSession` cookie, `{"sid": …}` (raw or URL-encoded JSON). */
function sessionFromCookie(value: string | undefined): string | null {
  for (const candidate of [value, value && decodeURIComponent(value)]) {
    try {
      const parsed = JSON.parse(candidate ?? '') as { sid?: unknown };
      if (typeof parsed.sid === 'string' && parsed.sid) return parsed.sid;
    } catch {
      // next form
    }
  }
  return null;
}

export const bluemindDriver: AccountKindDriver = {
  kind: {
    id: 'bluemind',
    label: 'BlueMind',
    capabilities: ['mail', 'calendar', 'files', 'directory'],
    setup: { server: 'web', methods: ['password', 'sso'] },
  },

  // The login endpoint's behaviour is the signature: HTTP 200 and a `status` even for an empty login.
  async detect(context, origin) {
    const url = new URL('/api/auth/login?login=&origin=discovery', origin);
    try {
      const response = await context.http.send(url, { method: 'POST', headers: jsonHeaders, body: '""' });
      return response.ok && loginResponse.safeParse(await context.http.json(response, url)).success;
    } catch (error) {
      if (isReachabilityError(error)) throw error;
      return false;
    }
  },

  async signIn(context, setup, credentials) {
    let session: string;
    let user: AuthUser;
    let latd: string;
    if (credentials.method === 'password') {
      ({
        authKey: session,
        user,
        latd,
      } = await login(context, setup, await qualifiedLogin(context, setup), credentials.password));
    } else {
      const sid = sessionFromCookie(credentials.cookies.OpenIdSession);
      if (!sid) throw new CoreError('auth.ssoIncomplete');
      session = sid;
      user = await whoAmI(context, setup, sid);
      latd = user.value?.login ? `${user.value.login}@${user.domainUid}` : setup.username;
    }
    const key = await createDeviceKey(context, setup, session);
    return { status: 'signed-in', session: opened(user, latd, session, { 'api-key': key, password: null }) };
  },

  async resume(context, setup, secrets) {
    const key = secrets['api-key'];
    if (!key) throw new CoreError('auth.expired');
    const { authKey, user, latd } = await login(context, setup, setup.username, key);
    return opened(user, latd, authKey, {});
  },

  async check(context, setup, auth) {
    const key = auth.headers?.['X-BM-ApiKey'];
    if (!key) throw new CoreError('auth.expired');
    await whoAmI(context, setup, key);
  },

  // BM5 web login: the server sends the browser to its Keycloak (or the domain's IdP) and back to /webapp/.
  sso: (setup) =>
    ssoFlow({
      server: serverOf(setup),
      start: '/webapp/',
      landed: (path) => path.startsWith('/webapp/'),
      required: ['OpenIdSession'],
    }),

  async forget(context, setup, secrets) {
    const key = secrets['api-key'];
    if (key)
      await context.http.send(api(setup, `auth/keys/${encodeURIComponent(key)}`), {
        method: 'DELETE',
        headers: { 'X-BM-ApiKey': key },
      });
  },
};
