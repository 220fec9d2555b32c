// Authentication (brief §1): form login, BASIC on /rest/private, sessions, remember-me, the SSO valve cookie,
// anti-bruteforce lockout, portal pages and logout.
import { randomBytes } from 'node:crypto';
import type { Emu } from './context';
import { type Ctx, addSetCookie, readForm, send, sendHtml, sendText } from './http';
import { type User, findUserByLogin, fullName } from './state';
import { escapeHtml } from './util';

/** Meeds-io/ws MethodAccessFilter message (brief §8.1) — note the trailing space. */
export const ACCESS_DENIED_TEXT = 'You do not have access rights to this resource, please contact your administrator. ';
export const BASIC_REALM = 'gatein-domain';

export interface Session {
  id: string;
  ssoId: string;
  username: string;
  createdAt: number;
  lastAccess: number;
  csrf: string;
}

export interface RememberMeToken {
  username: string;
  expiresAt: number;
}

export class AuthStore {
  readonly sessions = new Map<string, Session>();
  readonly rememberMe = new Map<string, RememberMeToken>();

  constructor(private readonly emu: Emu) {}

  create(username: string): Session {
    const now = this.emu.nowMs();
    const s: Session = {
      id: randomBytes(16).toString('hex').toUpperCase(),
      ssoId: randomBytes(16).toString('hex').toUpperCase(),
      username,
      createdAt: now,
      lastAccess: now,
      csrf: randomBytes(12).toString('hex'),
    };
    this.sessions.set(s.id, s);
    const user = this.emu.state.users.get(username);
    if (user) user.lastLoginTime = now;
    return s;
  }

  private alive(s: Session | undefined): Session | undefined {
    if (!s) return undefined;
    const now = this.emu.nowMs();
    const user = this.emu.state.users.get(s.username);
    if (now - s.lastAccess > this.emu.opts.sessionTimeoutMs || !user?.enabled) {
      this.sessions.delete(s.id);
      return undefined;
    }
    s.lastAccess = now;
    return s;
  }

  byId(id: string | undefined): Session | undefined {
    return id ? this.alive(this.sessions.get(id)) : undefined;
  }

  bySso(ssoId: string | undefined): Session | undefined {
    if (!ssoId) return undefined;
    for (const s of this.sessions.values()) if (s.ssoId === ssoId) return this.alive(s);
    return undefined;
  }

  issueRememberMe(username: string): string {
    const token = 'rememberme' + randomBytes(18).toString('hex');
    this.rememberMe.set(token, { username, expiresAt: this.emu.nowMs() + this.emu.opts.rememberMeMs });
    return token;
  }

  /** Validates without consuming (RememberMeFilter, brief §1.4). */
  checkRememberMe(token: string | undefined): string | null {
    if (!token) return null;
    const t = this.rememberMe.get(token);
    if (!t) return null;
    const user = this.emu.state.users.get(t.username);
    if (t.expiresAt <= this.emu.nowMs() || !user?.enabled) {
      this.rememberMe.delete(token);
      return null;
    }
    return t.username;
  }

  expire(username?: string, opts: { rememberMe?: boolean } = {}): number {
    let n = 0;
    for (const [id, s] of this.sessions) {
      if (username === undefined || s.username === username) {
        this.sessions.delete(id);
        n++;
      }
    }
    if (opts.rememberMe) {
      for (const [t, r] of this.rememberMe)
        if (username === undefined || r.username === username) this.rememberMe.delete(t);
    }
    return n;
  }

  /**
   * Password check with the anti-bruteforce add-on (brief §1.6): after maxAuthenticationAttempts failures the
   * account is refused for blockingTime, even with the right password.
   */
  checkPassword(user: User | undefined, password: string): boolean {
    if (!user) return false;
    const f = this.emu.features;
    const now = this.emu.nowMs();
    if (user.lockedUntil !== null && user.lockedUntil > now) return false;
    if (user.lockedUntil !== null && user.lockedUntil <= now) {
      user.lockedUntil = null;
      user.failedLogins = 0;
    }
    if (!user.enabled) return false;
    if (user.password !== password) {
      user.failedLogins++;
      if (f.antiBruteforce && user.failedLogins >= f.maxAuthenticationAttempts)
        user.lockedUntil = now + f.blockingTimeMs;
      return false;
    }
    user.failedLogins = 0;
    return true;
  }
}

function sessionCookies(res: Ctx['res'], s: Session): void {
  addSetCookie(res, `JSESSIONID=${s.id}; Path=/; HttpOnly; SameSite=Lax`);
  addSetCookie(res, `JSESSIONIDSSO=${s.ssoId}; Path=/; HttpOnly; SameSite=Lax`);
}

const CLEAR_REMEMBERME = 'rememberme=; Path=/; Max-Age=0; HttpOnly';

/**
 * Who is calling a /portal/* URL: session, else the SSO valve cookie, else the remember-me filter, which logs the
 * user in again silently and hands out a new JSESSIONID (brief §1.4).
 */
export function portalPrincipal(emu: Emu, auth: AuthStore, ctx: Ctx): string | null {
  const s = auth.byId(ctx.cookies.get('JSESSIONID')) ?? auth.bySso(ctx.cookies.get('JSESSIONIDSSO'));
  if (s) return s.username;
  const rm = ctx.cookies.get('rememberme');
  if (rm !== undefined) {
    const username = auth.checkRememberMe(rm);
    if (username) {
      sessionCookies(ctx.res, auth.create(username));
      return username;
    }
    addSetCookie(ctx.res, CLEAR_REMEMBERME);
  }
  return null;
}

/** The separate `rest` webapp: no remember-me filter, only the Tomcat SSO valve (JSESSIONIDSSO). */
export function restPrincipal(auth: AuthStore, ctx: Ctx): string | null {
  return auth.bySso(ctx.cookies.get('JSESSIONIDSSO'))?.username ?? null;
}

export type BasicResult = { username: string } | { challenge: true };

/** Container BASIC on /rest/private/* (brief §1.2). */
export function basicPrincipal(emu: Emu, auth: AuthStore, ctx: Ctx): BasicResult {
  const header = ctx.req.headers.authorization;
  if (header?.toLowerCase().startsWith('basic ')) {
    const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
    const i = decoded.indexOf(':');
    const login = i < 0 ? decoded : decoded.slice(0, i);
    const password = i < 0 ? '' : decoded.slice(i + 1);
    const user = findUserByLogin(emu.state, login);
    if (!auth.checkPassword(user, password) || !user) return { challenge: true };
    // Replaying the JSESSIONID keeps one session; otherwise each credentialed request makes a new one (inferred).
    const existing = auth.byId(ctx.cookies.get('JSESSIONID'));
    if (!existing || existing.username !== user.username) sessionCookies(ctx.res, auth.create(user.username));
    return { username: user.username };
  }
  const sso = auth.bySso(ctx.cookies.get('JSESSIONIDSSO')) ?? auth.byId(ctx.cookies.get('JSESSIONID'));
  if (sso) return { username: sso.username };
  return { challenge: true };
}

export function sendBasicChallenge(ctx: Ctx): void {
  sendHtml(
    ctx.res,
    401,
    '<html><head><title>401 Unauthorized</title></head><body><h1>HTTP Status 401 – Unauthorized</h1></body></html>',
    {
      'WWW-Authenticate': `Basic realm="${BASIC_REALM}"`,
    },
  );
}

export function sendAccessDenied(ctx: Ctx): void {
  sendText(ctx.res, 403, ACCESS_DENIED_TEXT);
}

export function loginPageHtml(opts: { error?: boolean; initialURI?: string; username?: string } = {}): string {
  const err = opts.error
    ? '<div class="signinFail alert alert-error" role="alert">Nom d\'utilisateur ou mot de passe incorrect.</div>'
    : '';
  return `<!DOCTYPE html>
<html lang="fr" dir="ltr">
<head>
  <meta charset="UTF-8">
  <title>Connexion — eXo Platform</title>
  <meta name="viewport" content="width=device-width, initial-scale=1">
</head>
<body class="loginPage">
  <div id="loginApplication" class="uiLogin">
    <h1>Connexion à l'intranet de la Région</h1>
    ${err}
    <form name="loginForm" action="/portal/login" method="post">
      <input type="hidden" name="initialURI" value="${escapeHtml(opts.initialURI ?? '/portal/dw')}">
      <label for="username">Nom d'utilisateur ou e-mail</label>
      <input id="username" name="username" type="text" autocomplete="username" value="${escapeHtml(opts.username ?? '')}">
      <label for="password">Mot de passe</label>
      <input id="password" name="password" type="password" autocomplete="current-password">
      <label><input type="checkbox" name="rememberme" value="true"> Se souvenir de moi</label>
      <button type="submit" id="loginButton">Se connecter</button>
    </form>
  </div>
</body>
</html>
`;
}

function safeInitialUri(value: string | null): string {
  if (!value) return '/portal';
  // An initialURI pointing to another host is replaced with the context path (brief §1.3).
  if (!value.startsWith('/') || value.startsWith('//')) return '/portal';
  return value;
}

/** POST /portal/login (brief §1.3, F3). GET shows the form. */
export async function handleLogin(emu: Emu, auth: AuthStore, ctx: Ctx): Promise<void> {
  if (emu.features.sso) {
    send(ctx.res, 302, null, { Location: '/portal/sso' });
    return;
  }
  if (ctx.method !== 'POST') {
    sendHtml(ctx.res, 200, loginPageHtml({ initialURI: ctx.query.get('initialURI') ?? '/portal/dw' }));
    return;
  }
  const form = await readForm(ctx);
  const login = form.get('username') ?? '';
  const password = form.get('password') ?? '';
  const initialURI = form.get('initialURI') ?? ctx.query.get('initialURI');
  const user = login ? findUserByLogin(emu.state, login) : undefined;
  if (!auth.checkPassword(user, password) || !user) {
    // Failure: the login page again, status 200 (no setStatus in LoginHandler).
    sendHtml(ctx.res, 200, loginPageHtml({ error: true, initialURI: initialURI ?? '/portal/dw', username: login }));
    return;
  }
  const s = auth.create(user.username);
  sessionCookies(ctx.res, s);
  const rm = form.get('rememberme');
  if (rm === 'true' || rm === 'on') {
    const token = auth.issueRememberMe(user.username);
    addSetCookie(ctx.res, `rememberme=${token}; Path=/; Max-Age=${Math.floor(emu.opts.rememberMeMs / 1000)}; HttpOnly`);
  }
  send(ctx.res, 302, null, { Location: safeInitialUri(initialURI) });
}

/** Portal pages: a minimal page exposing eXo.env.portal (what webview logins read, brief §1.7/§1.10). */
export function handlePortalPage(emu: Emu, auth: AuthStore, ctx: Ctx): void {
  const username = portalPrincipal(emu, auth, ctx);
  if (ctx.query.get('portal:action') === 'Logout') {
    const s = auth.byId(ctx.cookies.get('JSESSIONID')) ?? auth.bySso(ctx.cookies.get('JSESSIONIDSSO'));
    if (s) auth.sessions.delete(s.id);
    const rm = ctx.cookies.get('rememberme');
    if (rm) auth.rememberMe.delete(rm);
    addSetCookie(ctx.res, CLEAR_REMEMBERME);
    addSetCookie(ctx.res, 'JSESSIONID=; Path=/; Max-Age=0; HttpOnly');
    send(ctx.res, 302, null, { Location: '/' });
    return;
  }
  if (emu.features.sso && ctx.rawPath === '/portal/sso') {
    send(ctx.res, 302, null, {
      Location: 'https://sso.example.test/realms/region/protocol/saml?SAMLRequest=emulated',
    });
    return;
  }
  if (!username) {
    const initial = ctx.url.pathname + ctx.url.search;
    send(ctx.res, 302, null, { Location: `/portal/login?initialURI=${encodeURIComponent(initial)}` });
    return;
  }
  const user = emu.state.users.get(username);
  const session = auth.byId(ctx.cookies.get('JSESSIONID')) ?? auth.bySso(ctx.cookies.get('JSESSIONIDSSO'));
  const env = {
    portal: {
      context: '/portal',
      rest: 'rest',
      portalName: 'dw',
      userName: username,
      language: 'fr',
      cometdContext: 'cometd',
      cometdToken: emu.realtime.cometdToken(username),
      csrfToken: session?.csrf ?? '',
    },
  };
  sendHtml(
    ctx.res,
    200,
    `<!DOCTYPE html><html lang="fr"><head><meta charset="UTF-8"><title>Intranet — ${escapeHtml(
      user ? fullName(user) : username,
    )}</title><script>window.eXo = window.eXo || {}; eXo.env = ${JSON.stringify(env)};</script></head>` +
      `<body><div id="UIPortalApplication"><h1>Bienvenue ${escapeHtml(user ? fullName(user) : username)}</h1></div></body></html>`,
  );
}

export function currentSessionCsrf(auth: AuthStore, ctx: Ctx): string | null {
  const s = auth.byId(ctx.cookies.get('JSESSIONID')) ?? auth.bySso(ctx.cookies.get('JSESSIONIDSSO'));
  return s?.csrf ?? null;
}
