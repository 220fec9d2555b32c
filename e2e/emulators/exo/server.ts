// HTTP routing for the emulator's one origin (brief §10 "four listeners"): /portal (login, upload, pages),
// /portal/rest + /rest + /rest/private (REST, WebDAV), /chatServer, /cometd/cometd — plus injected faults.
import type { Emu } from './context';
import { type Ctx, makeCtx, send, sendHtml, sendJson, sendText, readJson } from './http';
import {
  type AuthStore,
  basicPrincipal,
  currentSessionCsrf,
  handleLogin,
  handlePortalPage,
  loginPageHtml,
  portalPrincipal,
  restPrincipal,
  sendAccessDenied,
  sendBasicChallenge,
} from './auth';
import type { CometdServer } from './cometd';
import { handleSocialRest } from './social';
import { handleNotificationsRest } from './notifications';
import { handleChatRest } from './chat-rest';
import { handleChatServer } from './chat-server';
import { handleDocumentsRest, handleManageDocument, handleUploadServlet } from './documents-rest';
import { handleWebDav } from './webdav';
import { handleAgendaRest } from './agenda';
import { userHomePath } from './state';
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface FaultSpec {
  /**
   * login-page: 200 text/html login page (session lost behind a proxy/SSO); redirect-login: 302 to /portal/login;
   * status: an HTTP error (default 500); drop: the connection is destroyed; delay: answered normally after delayMs.
   */
  kind: 'login-page' | 'redirect-login' | 'status' | 'drop' | 'delay';
  status?: number;
  body?: string;
  delayMs?: number;
  /** Path prefix (string) or pattern the request path must match; default: any request. */
  match?: string | RegExp;
  /** How many matching requests are affected (default 1). */
  count?: number;
}

export interface RequestLogEntry {
  method: string;
  path: string;
  query: string;
  status: number;
  at: number;
}

export class Faults {
  private readonly list: (FaultSpec & { left: number })[] = [];
  add(f: FaultSpec): void {
    this.list.push({ ...f, left: f.count ?? 1 });
  }
  clear(): void {
    this.list.length = 0;
  }
  take(path: string): FaultSpec | undefined {
    const i = this.list.findIndex((f) =>
      f.match === undefined ? true : typeof f.match === 'string' ? path.startsWith(f.match) : f.match.test(path),
    );
    if (i < 0) return undefined;
    const f = this.list[i] as FaultSpec & { left: number };
    f.left--;
    if (f.left <= 0) this.list.splice(i, 1);
    return f;
  }
}

function platformInfo(emu: Emu, username: string | null): Record<string, unknown> {
  const user = username ? emu.state.users.get(username) : undefined;
  const [major = 0, minor = 0] = emu.features.platformVersion.split('.').map(Number);
  const hides = major > 6 || (major === 6 && minor >= 2);
  const real = !hides || !!user?.isAdmin;
  const info: Record<string, unknown> = {
    platformVersion: real ? emu.features.platformVersion : '4.3.0+',
    platformBuildNumber: real ? '20250115' : null,
    platformRevision: real ? 'e7a91c2' : null,
    platformEdition: real ? 'community' : null,
    isMobileCompliant: real ? 'true' : null,
    runningProfile: real ? 'all' : null,
    nbUsers: real ? String(emu.state.users.size) : null,
    duration: real ? '' : null,
    buildNumber: real ? '' : null,
    productCode: real ? '' : null,
    dateOfKeyGeneration: real ? '' : null,
    unlockKey: real ? '' : null,
  };
  if (major <= 5) {
    info.currentRepoName = 'repository';
    info.defaultWorkSpaceName = 'collaboration';
    info.userHomeNodePath = userHomePath(username ?? 'root');
  }
  return info;
}

export class Router {
  readonly log: RequestLogEntry[] = [];
  readonly faults = new Faults();

  constructor(
    private readonly emu: Emu,
    private readonly auth: AuthStore,
    private readonly cometd: CometdServer,
  ) {}

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const ctx = makeCtx(req, res);
    const entry: RequestLogEntry = {
      method: ctx.method,
      path: ctx.rawPath,
      query: ctx.url.search,
      status: 0,
      at: this.emu.nowMs(),
    };
    this.log.push(entry);
    res.on('finish', () => (entry.status = res.statusCode));
    const fault = this.faults.take(ctx.rawPath);
    if (fault) {
      switch (fault.kind) {
        case 'drop':
          req.socket.destroy();
          return;
        case 'login-page':
          await ctx.body();
          sendHtml(res, 200, loginPageHtml());
          return;
        case 'redirect-login':
          await ctx.body();
          send(res, 302, null, { Location: `/portal/login?initialURI=${encodeURIComponent(ctx.rawPath)}` });
          return;
        case 'status': {
          await ctx.body();
          const status = fault.status ?? 500;
          sendHtml(res, status, fault.body ?? `<html><body><h1>HTTP Status ${status}</h1></body></html>`);
          return;
        }
        case 'delay':
          await new Promise((r) => setTimeout(r, fault.delayMs ?? 1000));
          break;
      }
    }
    try {
      await this.route(ctx);
    } catch (e) {
      if (!res.headersSent) sendText(res, 500, e instanceof Error ? e.message : String(e));
      else res.destroy();
    }
  }

  private async route(ctx: Ctx): Promise<void> {
    const p = ctx.rawPath;
    const emu = this.emu;
    if (p === '/portal/login') return handleLogin(emu, this.auth, ctx);
    if (p === '/portal/upload') return handleUploadServlet(emu, ctx, portalPrincipal(emu, this.auth, ctx));
    if (p.startsWith('/portal/rest/')) {
      const sub = p.slice('/portal/rest'.length);
      // In the portal webapp `private` is only part of the resource path: nothing is there (brief §1.1).
      if (sub.startsWith('/private/')) return sendText(ctx.res, 404, 'Not Found');
      return this.rest(ctx, sub, portalPrincipal(emu, this.auth, ctx), '/portal/rest');
    }
    if (p.startsWith('/rest/private/')) {
      const r = basicPrincipal(emu, this.auth, ctx);
      if ('challenge' in r) return sendBasicChallenge(ctx);
      return this.rest(ctx, p.slice('/rest/private'.length), r.username, '/rest/private');
    }
    if (p.startsWith('/rest/')) return this.rest(ctx, p.slice('/rest'.length), restPrincipal(this.auth, ctx), '/rest');
    if (p.startsWith('/chatServer/')) return handleChatServer(emu, ctx, p.slice('/chatServer/'.length));
    if (p === '/cometd/cometd' || p.startsWith('/cometd/cometd/')) return this.cometd.handleHttp(ctx);
    if (p === '/portal' || p.startsWith('/portal/')) return handlePortalPage(emu, this.auth, ctx);
    sendText(ctx.res, 404, 'Not Found');
  }

  private async rest(ctx: Ctx, sub: string, user: string | null, prefix: string): Promise<void> {
    const emu = this.emu;
    const base = ctx.origin + prefix;
    const denied = (): void => sendAccessDenied(ctx);
    if (sub === '/platform/info' && ctx.method === 'GET') {
      sendJson(ctx.res, 200, platformInfo(emu, user), { 'Cache-Control': 'no-cache, no-store' });
      return;
    }
    const tokenMatch = /^\/continuation\/gettoken\/([^/]+)$/.exec(sub);
    if (tokenMatch) {
      // Registered without a role check in commons (brief §3.4) — reproduced, do not depend on it.
      sendText(ctx.res, 200, emu.realtime.cometdToken(decodeURIComponent(tokenMatch[1] ?? '')));
      return;
    }
    if (sub.startsWith('/chat/api/1.0/')) {
      const sessionId = ctx.cookies.get('JSESSIONID') ?? null;
      return handleChatRest(emu, ctx, user, sub.slice('/chat/api/1.0'.length), sessionId, denied);
    }
    // Everything else is @RolesAllowed("users"): anonymous or expired → 403 text/plain (brief §8.1).
    if (!user) return denied();
    if (sub.startsWith('/v1/social/')) return handleSocialRest(emu, ctx, user, sub.slice('/v1/social'.length), base);
    if (sub === '/notifications/webNotifications' || sub.startsWith('/notifications/webNotifications/')) {
      return handleNotificationsRest(emu, ctx, user, sub.slice('/notifications/webNotifications'.length), base);
    }
    if (sub === '/v1/documents' || sub.startsWith('/v1/documents/'))
      return handleDocumentsRest(emu, ctx, user, sub.slice('/v1/documents'.length));
    if (sub.startsWith('/managedocument/'))
      return handleManageDocument(emu, ctx, user, sub.slice('/managedocument'.length));
    if (sub.startsWith('/jcr/')) return handleWebDav(emu, ctx, user, prefix, sub.slice('/jcr'.length));
    if (sub.startsWith('/v1/agenda/')) return handleAgendaRest(emu, ctx, user, sub.slice('/v1/agenda'.length));
    if (sub === '/state/status' || sub.startsWith('/state/status/'))
      return this.state(ctx, user, sub.slice('/state/status'.length));
    if (/^\/social\/intranet-notification\/(confirm|ignore)InvitationToConnect\//.test(sub)) {
      // @ExoCSRFCheck: needs portal:csrf equal to the session token (brief §1.5).
      const csrf = currentSessionCsrf(this.auth, ctx);
      if (!csrf || ctx.query.get('portal:csrf') !== csrf)
        return sendText(ctx.res, 403, 'Forbidden: missing or wrong CSRF token');
      sendJson(ctx.res, 200, {});
      return;
    }
    if (sub === '/v1/messaging/device' && ctx.method === 'POST') {
      const body = (await readJson(ctx)) as { token?: string; username?: string; type?: string } | null;
      if (!body?.token) return sendText(ctx.res, 400, 'token is mandatory');
      emu.state.pushDevices.push({ token: body.token, username: user, type: body.type ?? 'android' });
      return send(ctx.res, 204, null);
    }
    const dev = /^\/v1\/messaging\/device\/(.+)$/.exec(sub);
    if (dev && ctx.method === 'DELETE') {
      const token = decodeURIComponent(dev[1] ?? '');
      emu.state.pushDevices = emu.state.pushDevices.filter((d) => d.token !== token);
      return send(ctx.res, 204, null);
    }
    sendText(ctx.res, 404, 'Not Found');
  }

  /** commons UserStateService REST (brief §2.5, F4). */
  private state(ctx: Ctx, user: string, sub: string): void {
    const emu = this.emu;
    const entry = (u: string) => {
      const online = emu.realtime.isOnline(u);
      return {
        userId: u,
        lastActivity: online ? emu.realtime.lastActivity(u) : 0,
        status: online ? (emu.state.users.get(u)?.chatStatus ?? 'available') : 'offline',
      };
    };
    if (ctx.method === 'PUT') {
      const target = sub ? decodeURIComponent(sub.slice(1)) : user;
      if (target !== user) return send(ctx.res, 401, null);
      const status = ctx.query.get('status') ?? '';
      const u = emu.state.users.get(user);
      if (u && ['available', 'away', 'donotdisturb', 'invisible', 'offline'].includes(status))
        u.chatStatus = status as typeof u.chatStatus;
      return send(ctx.res, 204, null);
    }
    if (ctx.method !== 'GET') return sendText(ctx.res, 405, 'Method Not Allowed');
    if (!sub) return sendJson(ctx.res, 200, emu.realtime.onlineUsers().map(entry));
    const target = decodeURIComponent(sub.slice(1));
    if (!emu.state.users.has(target)) return send(ctx.res, 404, null);
    sendJson(ctx.res, 200, entry(target));
  }
}
