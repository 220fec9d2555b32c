// IAuthentication and IAPIKeys (brief §2.1–2.3, E1–E4).

import { Fault, json, noContent, ok, type Ctx } from '../http.js';
import { newUuid } from '../ids.js';
import { type ApiKey, type Session, type User } from '../model.js';
import { vcardJson } from '../pim.js';
import { type RouteSpec } from '../router.js';
import { DOMAIN, type EmulatorState } from '../state.js';

const BRUTE_FORCE_WINDOW_MS = 20_000;
const BRUTE_FORCE_MAX_FAILURES = 3;

export function authUserJson(state: EmulatorState, user: User) {
  const card = state.books.get(`addressbook_${DOMAIN}`)?.cards.get(user.uid);
  return {
    uid: user.uid,
    domainUid: user.domainUid,
    displayName: user.displayName,
    value: {
      login: user.login,
      password: null,
      passwordLastChange: null,
      passwordMustChange: user.passwordExpired,
      passwordNeverExpires: false,
      emails: [
        { address: user.email, allAliases: false, isDefault: true },
        ...user.aliases.map((address) => ({ address, allAliases: false, isDefault: false })),
      ],
      accountType: 'FULL',
      archived: user.archived,
      hidden: false,
      system: false,
      routing: 'internal',
      contactInfos: card ? vcardJson(card) : null,
      dataLocation: 'bm-master',
      quota: null,
      mailboxCopyGuid: null,
      orgUnitUid: null,
      properties: {},
    },
    roles: state.version === '4.8' ? [...user.roles, 'hasIM'] : user.roles,
    rolesByOU: {},
    settings: userSettings(state, user),
  };
}

export function userSettings(state: EmulatorState, user: User): Record<string, string> {
  const limit = state.filehosting.autoDetachmentLimit;
  return { ...user.settings, mail_autoDetachmentLimit: limit > 0 ? String(limit) : '' };
}

interface LoginResponse {
  status: 'Ok' | 'Bad' | 'Expired';
  message: string | null;
  authKey: string | null;
  latd: string | null;
  authUser: ReturnType<typeof authUserJson> | null;
}

const bad = (message: string | null): LoginResponse => ({
  status: 'Bad',
  message,
  authKey: null,
  latd: null,
  authUser: null,
});

/** Fail2Ban plugin: more than 3 failures within a sliding 20 s window → refused until 20 s without attempts. */
function lockedOut(state: EmulatorState, login: string): boolean {
  if (!state.options.bruteForce) return false;
  const now = state.now();
  const list = state.loginFailures.get(login) ?? [];
  const last = list[list.length - 1];
  if (last !== undefined && now - last > BRUTE_FORCE_WINDOW_MS) list.length = 0;
  if (list.length > BRUTE_FORCE_MAX_FAILURES) {
    list.push(now);
    state.loginFailures.set(login, list);
    return true;
  }
  return false;
}

function recordFailure(state: EmulatorState, login: string): void {
  const list = state.loginFailures.get(login) ?? [];
  list.push(state.now());
  state.loginFailures.set(login, list);
}

type Credential = { kind: 'token'; session: Session } | { kind: 'apikey' } | { kind: 'password' } | { kind: 'none' };

function checkCredential(state: EmulatorState, user: User, secret: string): Credential {
  // The "password" may be a live session id of the same user (`checkToken`), or one of their API keys.
  const session = state.resolveKey(secret, false);
  if (session && session.kind === 'session' && session.userUid === user.uid) return { kind: 'token', session };
  const key = state.apiKeys.get(secret);
  if (key && key.subject === user.uid) return { kind: 'apikey' };
  if (user.password !== null && secret === user.password) return { kind: 'password' };
  return { kind: 'none' };
}

export function login(state: EmulatorState, loginParam: string, password: string, origin: string): LoginResponse {
  if (state.maintenance) return bad('Authentication denied while system is in maintenance mode');
  if (!loginParam || !password) return bad(null);
  const lockKey = loginParam.toLowerCase();
  if (lockedOut(state, lockKey)) return bad(null);
  const user = state.userByLogin(loginParam);
  if (!user || user.archived) {
    recordFailure(state, lockKey);
    return bad(null);
  }
  const cred = checkCredential(state, user, password);
  if (cred.kind === 'none') {
    recordFailure(state, lockKey);
    return bad(`Result auth is NO for login: ${loginParam}`);
  }
  state.loginFailures.delete(lockKey);
  const latd = `${user.login}@${user.domainUid}`;
  if (cred.kind === 'token') {
    return { status: 'Ok', message: null, authKey: cred.session.sid, latd, authUser: authUserJson(state, user) };
  }
  if (cred.kind === 'password' && user.passwordExpired) {
    const s = state.createSession(user, origin, true);
    return {
      status: 'Expired',
      message: 'password expired',
      authKey: s.sid,
      latd,
      authUser: authUserJson(state, user),
    };
  }
  const s = state.createSession(user, origin);
  return { status: 'Ok', message: null, authKey: s.sid, latd, authUser: authUserJson(state, user) };
}

function loginRoute(ctx: Ctx) {
  const password = ctx.req.body.length ? ctx.stringBody() : '';
  return json(login(ctx.state, ctx.query.get('login') ?? '', password, ctx.query.get('origin') ?? ''));
}

function validate(ctx: Ctx) {
  const state = ctx.state;
  const loginParam = ctx.query.get('login') ?? '';
  const password = ctx.req.body.length ? ctx.stringBody() : '';
  if (!loginParam || !password || state.maintenance) return json('NONE');
  const user = state.userByLogin(loginParam);
  if (!user) return json('NONE');
  if (user.archived) return json('ARCHIVED');
  const cred = checkCredential(state, user, password);
  if (cred.kind === 'token') return json('TOKEN');
  if (cred.kind === 'none') return json('NONE');
  if (cred.kind === 'password' && user.passwordExpired) return json('PASSWORDEXPIRED');
  return json('PASSWORD');
}

function keyJson(k: ApiKey) {
  return { sid: k.sid, displayName: k.displayName, subject: k.subject, domainUid: k.domainUid };
}

function createKey(ctx: Ctx, secret: string) {
  const user = ctx.user();
  const key: ApiKey = {
    sid: secret,
    displayName: ctx.query.get('displayName') ?? '',
    subject: user.uid,
    domainUid: user.domainUid,
  };
  const existing = ctx.state.apiKeys.get(secret);
  if (existing && existing.subject !== user.uid) throw new Fault('ALREADY_EXISTS', `API key ${secret} already exists`);
  ctx.state.apiKeys.set(secret, key);
  return json(keyJson(key));
}

export const authRoutes: RouteSpec[] = [
  { method: 'POST', path: '/api/auth/login', auth: 'optional', handler: loginRoute },
  { method: 'POST', path: '/api/auth/loginWithParams', auth: 'optional', handler: loginRoute },
  { method: 'POST', path: '/api/auth/validate', auth: 'optional', handler: validate },
  // Without any key this answers 200 too (anonymous call): a ping proves nothing unless the key is sent.
  { method: 'GET', path: '/api/auth/ping', auth: 'optional', handler: () => ok() },
  {
    method: 'POST',
    path: '/api/auth/logout',
    auth: 'optional',
    handler: (ctx) => {
      if (ctx.session?.kind === 'session') ctx.state.dropSession(ctx.session.sid);
      return ok();
    },
  },
  { method: 'GET', path: '/api/auth', handler: (ctx) => json(authUserJson(ctx.state, ctx.user())) },
  {
    method: 'POST',
    path: '/api/auth/_su',
    handler: () => {
      throw new Fault('PERMISSION_DENIED', 'sudo role required');
    },
  },
  { method: 'PUT', path: '/api/auth/keys', handler: (ctx) => createKey(ctx, newUuid()) },
  { method: 'PUT', path: '/api/auth/keys/{key}', handler: (ctx) => createKey(ctx, ctx.params.key ?? '') },
  {
    method: 'GET',
    path: '/api/auth/keys',
    handler: (ctx) => {
      const uid = ctx.user().uid;
      return json([...ctx.state.apiKeys.values()].filter((k) => k.subject === uid).map(keyJson));
    },
  },
  {
    method: 'GET',
    path: '/api/auth/keys/{sid}',
    handler: (ctx) => {
      const k = ctx.state.apiKeys.get(ctx.params.sid ?? '');
      return k && k.subject === ctx.user().uid ? json(keyJson(k)) : noContent();
    },
  },
  {
    method: 'DELETE',
    path: '/api/auth/keys/{sid}',
    handler: (ctx) => {
      const k = ctx.state.apiKeys.get(ctx.params.sid ?? '');
      if (k && k.subject === ctx.user().uid) ctx.state.apiKeys.delete(k.sid);
      return ok();
    },
  },
];
