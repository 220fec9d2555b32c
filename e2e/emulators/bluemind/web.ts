// Everything outside /api/: the BM5 web login through an embedded Keycloak-like page (brief §2.4),
// `/session-infos`, public share links (§8) and nginx's 404.

import { createHash, randomBytes } from 'node:crypto';
import { type ApiResponse, nginxError } from './http.js';
import { newUuid } from './ids.js';
import { type EmulatorState, DOMAIN } from './state.js';
import { authUserJson } from './routes/auth.js';

export interface WebRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string | undefined>;
  body: Buffer;
}

const COOKIE = 'OpenIdSession';
const b64url = (b: Buffer): string => b.toString('base64url');

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The Keycloak login form of the domain's realm (French, like the BlueMind theme). */
export function loginPageHtml(realm: string, action: string, error: string | null): string {
  return `<!DOCTYPE html>
<html lang="fr">
<head><meta charset="utf-8"><title>Se connecter à BlueMind</title></head>
<body class="login-pf">
<div id="kc-header"><div id="kc-header-wrapper">BlueMind — ${esc(realm)}</div></div>
<div id="kc-content">
${error ? `<div class="alert-error"><span class="kc-feedback-text" id="input-error">${esc(error)}</span></div>` : ''}
<form id="kc-form-login" action="${esc(action)}" method="post">
  <label for="username">Identifiant</label>
  <input tabindex="1" id="username" name="username" type="text" autofocus autocomplete="off">
  <label for="password">Mot de passe</label>
  <input tabindex="2" id="password" name="password" type="password" autocomplete="off">
  <input type="hidden" id="id-hidden-input" name="credentialId">
  <input tabindex="4" name="login" id="kc-login" type="submit" value="Se connecter">
</form>
</div>
</body>
</html>
`;
}

function html(status: number, body: string, headers: Record<string, string | string[]> = {}): ApiResponse {
  return { status, headers: { 'Content-Type': 'text/html; charset=utf-8', ...headers }, body: Buffer.from(body) };
}

function redirect(location: string, headers: Record<string, string | string[]> = {}): ApiResponse {
  return { status: 302, headers: { Location: location, ...headers }, body: Buffer.alloc(0) };
}

interface PendingAuth {
  realm: string;
  redirectUri: string;
  state: string;
  codeChallenge: string;
}

export class WebFront {
  /** Keycloak side: login forms shown, by `session_code`. */
  private pending = new Map<string, PendingAuth>();
  /** Webserver side: `state` → { PKCE verifier, askedUri }. */
  private webStates = new Map<string, { verifier: string; askedUri: string }>();

  constructor(private readonly state: EmulatorState) {}

  private sessionFromCookie(req: WebRequest): { sid: string } | null {
    const cookies = (req.headers.cookie ?? '').split(/;\s*/);
    const raw = cookies.find((c) => c.startsWith(`${COOKIE}=`))?.slice(COOKIE.length + 1);
    if (!raw) return null;
    for (const candidate of [raw, safeDecode(raw)]) {
      try {
        const v = JSON.parse(candidate) as { sid?: unknown };
        if (typeof v.sid === 'string' && this.state.resolveKey(v.sid)) return { sid: v.sid };
      } catch {
        // not JSON in this form
      }
    }
    return null;
  }

  /** The webserver's redirect to Keycloak (client `<domain>-cli`, PKCE S256, redirect `/auth/openid`). */
  private toKeycloak(askedUri: string): ApiResponse {
    const base = this.state.baseUrl;
    const verifier = b64url(randomBytes(32));
    const challenge = b64url(createHash('sha256').update(verifier).digest());
    const st = newUuid();
    this.webStates.set(st, { verifier, askedUri });
    const q = new URLSearchParams({
      client_id: `${DOMAIN}-cli`,
      redirect_uri: `${base}/auth/openid`,
      response_type: 'code',
      scope: 'openid',
      state: st,
      code_challenge: challenge,
      code_challenge_method: 'S256',
    });
    return redirect(`${base}/keycloak/realms/${DOMAIN}/protocol/openid-connect/auth?${q}`);
  }

  handle(req: WebRequest): ApiResponse {
    const p = req.path;
    const v5 = this.state.version === '5';
    if (p.startsWith('/fh/bm-fh/') && req.method === 'GET') return this.download(p.slice('/fh/bm-fh/'.length));
    if (!v5) return nginxError(404, 'Not Found'); // Keycloak/OIDC exist in 5.x only (brief §10.3).

    const kc = /^\/keycloak\/realms\/([^/]+)\/(.+)$/.exec(p);
    if (kc) return this.keycloak(req, safeDecode(kc[1] ?? ''), kc[2] ?? '');
    if (p === '/auth/openid' && req.method === 'GET') return this.callback(req);
    if (p === '/session-infos' && req.method === 'GET') return this.sessionInfos(req);
    if (p === '/bluemind_sso_logout') {
      const s = this.sessionFromCookie(req);
      if (s) this.state.dropSession(s.sid);
      return redirect(`${this.state.baseUrl}/`, { 'Set-Cookie': `${COOKIE}=; Max-Age=0; Path=/; HttpOnly` });
    }
    if ((p === '/' || p.startsWith('/webapp')) && req.method === 'GET') {
      if (!this.sessionFromCookie(req)) return this.toKeycloak(p === '/' ? '/webapp/mail/' : p);
      if (p === '/') return redirect(`${this.state.baseUrl}/webapp/mail/`);
      return html(
        200,
        '<!DOCTYPE html><html lang="fr"><head><title>BlueMind</title></head><body><div id="app">Messagerie BlueMind</div></body></html>',
      );
    }
    return nginxError(404, 'Not Found');
  }

  private keycloak(req: WebRequest, realm: string, rest: string): ApiResponse {
    if (realm !== DOMAIN) return html(404, '<html><body>Realm does not exist</body></html>');
    if (rest === 'protocol/openid-connect/auth' && req.method === 'GET') {
      const clientId = req.query.get('client_id');
      const redirectUri = req.query.get('redirect_uri') ?? '';
      if (clientId !== `${DOMAIN}-cli` || redirectUri !== `${this.state.baseUrl}/auth/openid`) {
        return html(400, '<html><body>Invalid parameter: redirect_uri</body></html>');
      }
      const sessionCode = b64url(randomBytes(16));
      this.pending.set(sessionCode, {
        realm,
        redirectUri,
        state: req.query.get('state') ?? '',
        codeChallenge: req.query.get('code_challenge') ?? '',
      });
      return html(200, loginPageHtml(realm, this.formAction(realm, sessionCode), null));
    }
    if (rest === 'login-actions/authenticate' && req.method === 'POST') {
      const sessionCode = req.query.get('session_code') ?? '';
      const pending = this.pending.get(sessionCode);
      if (!pending) return html(400, '<html><body>Session expirée. Veuillez vous reconnecter.</body></html>');
      const form = new URLSearchParams(req.body.toString('utf8'));
      const username = form.get('username') ?? '';
      const password = form.get('password') ?? '';
      const user = this.state.userByLogin(username.includes('@') ? username : `${username}@${DOMAIN}`);
      const expected = user ? (user.ssoPassword ?? user.password) : null;
      if (!user || user.archived || expected === null || password !== expected) {
        return html(
          200,
          loginPageHtml(realm, this.formAction(realm, sessionCode), 'Nom d’utilisateur ou mot de passe invalide.'),
        );
      }
      this.pending.delete(sessionCode);
      const code = `${newUuid()}.${newUuid()}`;
      this.state.oidcCodes.set(code, { userUid: user.uid, state: pending.state, redirectUri: pending.redirectUri });
      const q = new URLSearchParams({ state: pending.state, session_state: newUuid(), code });
      return redirect(`${pending.redirectUri}?${q}`);
    }
    if (rest === 'protocol/openid-connect/logout') return redirect(`${this.state.baseUrl}/`);
    return html(404, '<html><body>Page not found</body></html>');
  }

  private formAction(realm: string, sessionCode: string): string {
    const q = new URLSearchParams({
      session_code: sessionCode,
      execution: newUuid(),
      client_id: `${realm}-cli`,
      tab_id: b64url(randomBytes(8)),
    });
    return `${this.state.baseUrl}/keycloak/realms/${realm}/login-actions/authenticate?${q}`;
  }

  /** `/auth/openid`: code exchange (server-side), `su` to the user, `OpenIdSession` cookie (brief §2.4). */
  private callback(req: WebRequest): ApiResponse {
    const code = req.query.get('code') ?? '';
    const st = req.query.get('state') ?? '';
    const grant = this.state.oidcCodes.get(code);
    const web = this.webStates.get(st);
    if (!grant || !web || grant.state !== st) return html(500, '<html><body>Erreur d’authentification</body></html>');
    this.state.oidcCodes.delete(code);
    this.webStates.delete(st);
    const user = this.state.userByUid(grant.userUid);
    if (!user) return html(500, '<html><body>Erreur d’authentification</body></html>');
    const session = this.state.createSession(user, 'bm-webserver');
    // Raw JSON cookie value [I: the exact encoding is not in the brief].
    const value = JSON.stringify({ sid: session.sid, domain_uid: DOMAIN });
    return redirect(`${this.state.baseUrl}${web.askedUri}`, { 'Set-Cookie': `${COOKIE}=${value}; Path=/; HttpOnly` });
  }

  private sessionInfos(req: WebRequest): ApiResponse {
    const s = this.sessionFromCookie(req);
    if (!s) return this.toKeycloak('/webapp/mail/');
    const session = this.state.resolveKey(s.sid);
    const user = session ? this.state.userByUid(session.userUid) : undefined;
    if (!user) return this.toKeycloak('/webapp/mail/');
    const au = authUserJson(this.state, user);
    // Every value is a string (a FreeMarker template renders it).
    const infos = {
      login: `${user.login}@${user.domainUid}`,
      accountType: 'FULL',
      defaultEmail: user.email,
      sid: s.sid,
      userId: user.uid,
      hasIM: 'false',
      lang: au.settings.lang ?? 'fr',
      domain: user.domainUid,
      roles: au.roles.join(','),
      formatedName: user.displayName,
      bmVersion: this.state.softwareVersion(),
      bmBrandVersion: this.state.softwareVersion(),
      sentryDsn: '',
      sentryRelease: '',
      sentryEnvironment: '',
      sentryServername: '',
      sentryTags: '',
      mailboxCopyGuid: '',
    };
    return {
      status: 200,
      headers: { 'Content-Type': 'application/json' },
      body: Buffer.from(JSON.stringify(infos, null, 4)),
    };
  }

  private download(token: string): ApiResponse {
    const share = this.state.shares.get(token);
    if (!share) return nginxError(404, 'Not Found');
    if (share.expirationDate !== null && this.state.now() > share.expirationDate) return nginxError(404, 'Not Found');
    if (share.downloadLimit > 0 && share.downloads >= share.downloadLimit) return nginxError(404, 'Not Found');
    share.downloads += 1;
    return {
      status: 200,
      headers: {
        'Content-Type': share.mime,
        'Content-Disposition': `attachment; filename="${share.name.replace(/"/g, '')}"`,
        'Content-Length': String(share.content.length),
      },
      body: share.content,
    };
  }
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
