// SOAP-as-JSON engine (§1.2–§1.6): `{Header:{context}, Body:{XxxRequest:{_jsns}}}` in, `{Header, Body,
// _jsns:"urn:zimbraSoap"}` out; faults as HTTP 500; BatchRequest grouped by request name; auth token from the
// context (wins) or the `ZM_AUTH_TOKEN` cookie (§2.2); CSRF when the token was issued with csrfTokenSecured (§2.3);
// sessions and notifications in the response context (§4.2).
import type { IncomingMessage } from 'node:http';
import { ZimbraFault, faultBody, faults } from './faults';
import type { Push, SoapSession } from './push';
import type { Account, Mailbox } from './state';
import { bool, child, int, isObject, text, type JsonObject } from './values';
import type { AuthTokenRecord, World } from './world';

export const NS = {
  zimbra: 'urn:zimbra',
  account: 'urn:zimbraAccount',
  mail: 'urn:zimbraMail',
  soap: 'urn:zimbraSoap',
};

export interface AuthInfo {
  account: Account;
  mbox: Mailbox;
  token: AuthTokenRecord;
}

export interface SoapContext {
  world: World;
  push: Push;
  req: IncomingMessage;
  context: JsonObject;
  /** Valid full-auth token, if any (CSRF already checked). */
  auth?: AuthInfo;
  /** Why `auth` is missing although a token came (for handlers that want to know). */
  authNote?: 'csrf' | '2fa';
  /** The raw token value sent by the client, if any (AuthRequest may validate it). */
  presentedToken?: string;
  /** Account whose change token/session the response header reports (set by AuthRequest). */
  responseAccount?: Account;
  /** Session requested by `session` in the context (resolved once auth is known). */
  wantSession: boolean;
  wantedSessionId?: string;
  session?: SoapSession;
  /** Optimistic concurrency from the context `change` element (§1.3). */
  change?: { token: number; type: 'mod' | 'new' };
  setCookies: string[];
  extraHeaders: Record<string, string>;
  signal: AbortSignal;
}

export type Handler = (ctx: SoapContext, request: JsonObject) => JsonObject | Promise<JsonObject>;

export interface HandlerDef {
  ns: string;
  handle: Handler;
}

export const handlers = new Map<string, HandlerDef>();

export function register(name: string, ns: string, handle: Handler): void {
  handlers.set(name, { ns, handle });
}

export function requireAuth(ctx: SoapContext): AuthInfo {
  if (!ctx.auth) throw faults.authRequired();
  const a = ctx.auth.account;
  if (a.status === 'maintenance') throw faults.maintenance();
  if (a.status !== 'active') throw faults.inactive(a.name);
  return ctx.auth;
}

/** Applies the context `change {token, type}` constraint to an item about to be modified (§1.3). */
export function checkChange(ctx: SoapContext, item: { ms: number; rev: number; id: number }): void {
  if (!ctx.change) return;
  const seq = ctx.change.type === 'new' ? item.rev : item.ms;
  if (seq > ctx.change.token) {
    throw faults.modifyConflict([{ n: 'itemId', t: 'IID', _content: String(item.id) }]);
  }
}

export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const idx = part.indexOf('=');
    if (idx < 0) continue;
    out[part.slice(0, idx).trim()] = decodeURIComponent(part.slice(idx + 1).trim());
  }
  return out;
}

export interface SoapResult {
  status: number;
  body: JsonObject;
  setCookies: string[];
  headers: Record<string, string>;
  requestNames: string[];
}

function responseName(requestName: string): string {
  return requestName.replace(/Request$/, 'Response');
}

async function runOne(ctx: SoapContext, name: string, request: JsonObject): Promise<JsonObject> {
  const def = handlers.get(name);
  const ns = text(request._jsns);
  // Dispatch is by qualified name: a request in the wrong (or no) namespace is an unknown document.
  if (!def || ns !== def.ns) throw faults.unknownDocument(name);
  const result = await def.handle(ctx, request);
  return { ...result, _jsns: def.ns };
}

function firstBodyElement(body: JsonObject): [string, JsonObject] | undefined {
  for (const [k, v] of Object.entries(body)) {
    if (k === '_jsns') continue;
    const obj = child(v);
    if (obj) return [k, obj];
  }
  return undefined;
}

export async function handleSoap(
  world: World,
  push: Push,
  req: IncomingMessage,
  raw: string,
  signal: AbortSignal,
): Promise<SoapResult> {
  const now = world.now();
  const ctx: SoapContext = {
    world,
    push,
    req,
    context: {},
    wantSession: false,
    setCookies: [],
    extraHeaders: {},
    signal,
  };
  let requestNames: string[] = [];
  const fault = (f: ZimbraFault): SoapResult => ({
    status: 500,
    body: {
      Header: { context: headerContext(ctx, undefined) },
      Body: { Fault: faultBody(f, now) },
      _jsns: NS.soap,
    },
    setCookies: ctx.setCookies,
    headers: ctx.extraHeaders,
    requestNames,
  });

  const trimmed = raw.trimStart();
  if (trimmed.startsWith('<')) return fault(faults.parseError('XML SOAP is not emulated; send JSON'));
  let envelope: unknown;
  try {
    envelope = JSON.parse(raw);
  } catch (e) {
    return fault(faults.parseError((e as Error).message));
  }
  if (!isObject(envelope) || !isObject(envelope.Body)) return fault(faults.invalidRequest('no Body'));
  const header = isObject(envelope.Header) ? envelope.Header : {};
  ctx.context = child(header.context) ?? {};
  const first = firstBodyElement(envelope.Body);
  if (!first) return fault(faults.invalidRequest('empty Body'));
  const [rootName, rootRequest] = first;
  requestNames =
    rootName === 'BatchRequest'
      ? Object.keys(rootRequest).filter((k) => k !== '_jsns' && k !== 'onerror' && k !== 'requestId')
      : [rootName];

  try {
    authenticate(ctx);
  } catch (e) {
    if (e instanceof ZimbraFault) return fault(e);
    throw e;
  }

  let body: JsonObject;
  try {
    if (rootName === 'BatchRequest') {
      if (text(rootRequest._jsns) !== NS.zimbra) throw faults.unknownDocument(rootName);
      body = { BatchResponse: await runBatch(ctx, rootRequest, now) };
    } else {
      const response = await runOne(ctx, rootName, rootRequest);
      body = { [responseName(rootName)]: response };
    }
  } catch (e) {
    const f = e instanceof ZimbraFault ? e : faults.failure((e as Error).message);
    return fault(f);
  }
  return {
    status: 200,
    body: { Header: { context: headerContext(ctx, body) }, Body: body, _jsns: NS.soap },
    setCookies: ctx.setCookies,
    headers: ctx.extraHeaders,
    requestNames,
  };
}

async function runBatch(ctx: SoapContext, batch: JsonObject, now: number): Promise<JsonObject> {
  const stopOnError = text(batch.onerror) === 'stop';
  const out: JsonObject = { _jsns: NS.zimbra };
  // JSON groups children by request name, so all requests of one name run before the next name (§1.6).
  outer: for (const [name, value] of Object.entries(batch)) {
    if (name === '_jsns' || name === 'onerror' || name === 'requestId') continue;
    const list = Array.isArray(value) ? value : [value];
    for (const entry of list) {
      if (!isObject(entry)) continue;
      const requestId = entry.requestId;
      try {
        const response = await runOne(ctx, name, entry);
        if (requestId !== undefined) response.requestId = requestId;
        const key = responseName(name);
        ((out[key] ??= []) as JsonObject[]).push(response);
      } catch (e) {
        const f = e instanceof ZimbraFault ? e : faults.failure((e as Error).message);
        const fb = faultBody(f, now);
        if (requestId !== undefined) fb.requestId = requestId;
        ((out.Fault ??= []) as JsonObject[]).push(fb);
        if (stopOnError) break outer;
      }
    }
  }
  return out;
}

function authenticate(ctx: SoapContext): void {
  const { world, context, req } = ctx;
  const headerToken = text(context.authToken);
  const cookieToken = parseCookies(req.headers.cookie).ZM_AUTH_TOKEN;
  const token = headerToken || cookieToken; // the context token wins over the cookie (§1.3)
  const voidOnExpired = bool(child(context.authTokenControl)?.voidOnExpired);
  const sessionEl = context.session;
  if (sessionEl !== undefined && context.nosession === undefined) {
    ctx.wantSession = true;
    ctx.wantedSessionId = text(isObject(sessionEl) ? (sessionEl.id ?? sessionEl._content) : sessionEl) || undefined;
  }
  const changeEl = child(context.change);
  const changeToken = int(changeEl?.token);
  if (changeToken !== undefined) {
    ctx.change = { token: changeToken, type: text(changeEl?.type) === 'new' ? 'new' : 'mod' };
  }
  if (!token) return;
  ctx.presentedToken = token;
  const record = world.tokens.get(token);
  const state = world.tokenState(record);
  if (state === 'unknown') return;
  if (state === 'expired') {
    // Checked while building the SOAP context, before dispatch: without voidOnExpired every request fails.
    if (!voidOnExpired) throw faults.authExpired();
    return;
  }
  if (record!.kind === '2fa') {
    ctx.authNote = '2fa';
    return;
  }
  if (record!.csrfToken && world.config.csrfCheckEnabled) {
    const sent = req.headers['x-zimbra-csrf-token'] ?? text(context.csrfToken);
    if (sent !== record!.csrfToken) {
      ctx.authNote = 'csrf';
      return;
    }
  }
  const account = world.accounts.get(record!.accountId)!;
  ctx.auth = { account, mbox: world.mailboxes.get(account.id)!, token: record! };
  // Acting on another mailbox (context `account`) is not emulated: PERM_DENIED, as for unknown accounts (§9.2).
  const target = child(context.account);
  const targetName = text(target);
  if (targetName) {
    const by = text(target?.by) ?? 'name';
    const other = world.findAccount(targetName);
    const self = by === 'id' ? other?.id === account.id : other?.name === account.name;
    if (!self) throw faults.permDenied('can not access account');
  }
}

function headerContext(ctx: SoapContext, body: JsonObject | undefined): JsonObject {
  const out: JsonObject = {};
  const account = ctx.responseAccount ?? ctx.auth?.account;
  const mbox = account ? ctx.world.mailboxes.get(account.id) : undefined;
  if (ctx.auth && ctx.wantSession && body && !ctx.responseAccount) {
    const s = ctx.push.resolve(ctx.auth.account.id, ctx.wantedSessionId);
    ctx.session = s;
    const notifyEl = child(ctx.context.notify);
    const sessionEl = child(ctx.context.session);
    const ack = int(notifyEl?.seq) ?? int(sessionEl?.seq);
    if (ack !== undefined) ctx.push.acknowledge(s, ack);
    out.session = { id: s.id, _content: s.id };
    const flushed = ctx.push.flush(s, ctx.auth.mbox, ctx.context.nonotify !== undefined);
    if (flushed.refresh) out.refresh = flushed.refresh;
    out.change = { token: mbox!.changeId };
    if (flushed.notify) out.notify = flushed.notify;
  } else if (mbox) {
    out.change = { token: mbox.changeId };
  }
  out._jsns = NS.zimbra;
  return out;
}

/** Resolves the session early (NoOp needs it before the response is built). */
export function sessionFor(ctx: SoapContext): SoapSession | undefined {
  if (!ctx.auth || !ctx.wantSession) return undefined;
  if (!ctx.session) {
    ctx.session = ctx.push.resolve(ctx.auth.account.id, ctx.wantedSessionId);
    ctx.wantedSessionId = ctx.session.id;
    const ack = int(child(ctx.context.notify)?.seq) ?? int(child(ctx.context.session)?.seq);
    if (ack !== undefined) ctx.push.acknowledge(ctx.session, ack);
  }
  return ctx.session;
}
