// Authentication (§2): AuthRequest (password, token validation, two-step 2FA with trusted devices, preauth),
// EndSessionRequest, GetInfoRequest, GetPrefsRequest, ChangePasswordRequest. Tokens have a fixed lifetime and
// no sliding refresh (§2.1); the response sets the `ZM_AUTH_TOKEN` cookie.
import { createHmac, randomBytes } from 'node:crypto';
import { ZimbraFault, faults } from './faults';
import { NS, register, requireAuth, type SoapContext } from './soap';
import type { Account } from './state';
import { bool, child, children, text, type JsonObject } from './values';
import { VERSION_STRINGS, type AuthTokenRecord, type World } from './world';

export function authCookie(token: string, persist: boolean, expiresAt: number): string {
  const expires = persist ? `; Expires=${new Date(expiresAt).toUTCString()}` : '';
  return `ZM_AUTH_TOKEN=${token}; Path=/${expires}; HttpOnly`;
}

export const CLEAR_AUTH_COOKIE = 'ZM_AUTH_TOKEN=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/; HttpOnly';

function resolveAccount(world: World, accountEl: JsonObject | undefined): { typed: string; account?: Account } {
  const typed = text(accountEl) ?? '';
  const by = text(accountEl?.by) ?? 'name';
  if (!typed) return { typed };
  if (by === 'id') return { typed, account: world.accounts.get(typed) };
  // A bare name resolves in the default domain (as `virtualHost`/default-domain lookup does).
  const name = typed.includes('@') ? typed.toLowerCase() : `${typed.toLowerCase()}@${world.config.domain}`;
  return { typed, account: [...world.accounts.values()].find((a) => a.name === name) };
}

function selectedAttrs(source: Record<string, string | string[]>, request: unknown, key: 'pref' | 'attr'): JsonObject {
  const out: JsonObject = {};
  for (const el of children(child(request)?.[key])) {
    const name = text(el.name);
    if (name && source[name] !== undefined) out[name] = source[name]!;
  }
  return out;
}

function fullAuthResponse(
  ctx: SoapContext,
  account: Account,
  request: JsonObject,
  record: AuthTokenRecord,
  setCookie: boolean,
): JsonObject {
  const { world } = ctx;
  const res: JsonObject = {
    authToken: [{ _content: record.token }],
    lifetime: record.expiresAt - world.now(),
  };
  if (ctx.wantSession) {
    const s = ctx.push.resolve(account.id, ctx.wantedSessionId);
    ctx.session = s;
    res.session = { id: s.id, _content: s.id };
  }
  ctx.responseAccount = account;
  if (request.prefs !== undefined) res.prefs = { _attrs: selectedAttrs(account.prefs, request.prefs, 'pref') };
  if (request.attrs !== undefined) res.attrs = { _attrs: selectedAttrs(account.attrs, request.attrs, 'attr') };
  res.skin = [{ _content: 'harmony' }];
  if (record.csrfToken) {
    res.csrfToken = { _content: record.csrfToken };
    ctx.extraHeaders['X-Zimbra-Csrf-Token'] = record.csrfToken;
  }
  if (setCookie) ctx.setCookies.push(authCookie(record.token, bool(request.persistAuthTokenCookie), record.expiresAt));
  return res;
}

function checkStatus(account: Account, typed: string): void {
  if (account.status === 'maintenance') throw faults.maintenance();
  if (account.status !== 'active') throw faults.authFailed(typed);
}

function verifyPreauth(world: World, typed: string, by: string, el: JsonObject): void {
  const timestamp = text(el.timestamp) ?? '';
  const expires = text(el.expires) ?? '0';
  const given = (text(el) ?? '').toLowerCase();
  const expected = createHmac('sha1', world.config.preAuthKey)
    .update(`${typed}|${by}|${expires}|${timestamp}`)
    .digest('hex');
  const skew = Math.abs(world.now() - Number(timestamp));
  if (given !== expected || !(skew <= 5 * 60_000)) throw faults.authFailed(typed);
}

export function computePreauth(key: string, account: string, by: string, expires: number, timestamp: number): string {
  return createHmac('sha1', key).update(`${account}|${by}|${expires}|${timestamp}`).digest('hex');
}

register('AuthRequest', NS.account, (ctx, request) => {
  const { world } = ctx;
  const accountEl = child(request.account);
  const { typed, account } = resolveAccount(world, accountEl);
  const by = text(accountEl?.by) ?? 'name';
  const password = text(request.password);
  const tokenInRequest = text(request.authToken);
  const code = text(request.twoFactorCode);
  const csrf = bool(request.csrfTokenSecured);

  // Step 2 of 2FA (§2.4): the short-lived 2FA token + the code.
  if (tokenInRequest && code !== undefined) {
    const record = world.tokens.get(tokenInRequest);
    if (world.tokenState(record) !== 'valid' || record!.kind !== '2fa') throw faults.authExpired();
    const owner = world.accounts.get(record!.accountId)!;
    if (account && account.id !== owner.id) throw faults.authFailed(typed);
    if (!owner.twoFactor || code.trim() !== owner.twoFactor.code) throw faults.twoFactorFailed(typed || owner.name);
    record!.revoked = true;
    const full = world.issueToken(owner, 'full', world.config.authTokenLifetimeMs, csrf);
    const res = fullAuthResponse(ctx, owner, request, full, true);
    if (bool(request.deviceTrusted)) {
      const deviceId =
        text(request.deviceId) || (bool(request.generateDeviceId) ? randomBytes(16).toString('hex') : '');
      const trustedToken = `tt_${randomBytes(24).toString('hex')}`;
      const lifetime = world.config.trustedTokenLifetimeMs;
      world.trusted.set(trustedToken, {
        token: trustedToken,
        accountId: owner.id,
        deviceId,
        expiresAt: world.now() + lifetime,
        revoked: false,
      });
      res.trustedToken = { _content: trustedToken };
      res.trustLifetime = { _content: String(lifetime) };
      if (deviceId) res.deviceId = { _content: deviceId };
      ctx.setCookies.push(`ZM_TRUST_TOKEN=${trustedToken}; Path=/; HttpOnly`);
    }
    return res;
  }

  // Validating an existing token returns the same token: there is no sliding refresh (§2.1).
  if (tokenInRequest && password === undefined) {
    const record = world.tokens.get(tokenInRequest);
    const state = world.tokenState(record);
    if (state !== 'valid' || record!.kind !== 'full') throw faults.authExpired();
    const owner = world.accounts.get(record!.accountId)!;
    return fullAuthResponse(ctx, owner, request, record!, false);
  }

  const preauth = child(request.preauth);
  if (preauth) {
    if (!account) throw faults.authFailed(typed);
    verifyPreauth(world, typed, by, preauth);
    checkStatus(account, typed);
    const record = world.issueToken(account, 'full', world.config.authTokenLifetimeMs, csrf);
    return fullAuthResponse(ctx, account, request, record, true);
  }

  if (password === undefined) throw faults.invalidRequest('must specify password');
  if (!world.config.clearTextPasswordAllowed) throw faults.invalidRequest('clear text password is not allowed');
  // The Reason names the account as typed; the real cause is only logged server-side (§2.1).
  if (!account) throw faults.authFailed(typed);
  checkStatus(account, typed);
  if (account.password !== password) throw faults.authFailed(typed);
  if (account.mustChangePassword) throw faults.changePassword(account.name);

  if (account.twoFactor) {
    if (account.twoFactor.setupRequired) throw faults.twoFactorSetupRequired();
    const trustedToken = text(request.trustedToken);
    const deviceId = text(request.deviceId) ?? '';
    const trusted = trustedToken ? world.trusted.get(trustedToken) : undefined;
    const trustOk =
      trusted &&
      !trusted.revoked &&
      trusted.accountId === account.id &&
      trusted.expiresAt > world.now() &&
      (trusted.deviceId === '' || trusted.deviceId === deviceId);
    if (!trustOk) {
      // Step 1 (§2.4, F3): no fault — a short-lived 2FA-usage token and `twoFactorAuthRequired`.
      const record = world.issueToken(account, '2fa', world.config.twoFactorTokenLifetimeMs, false);
      return {
        twoFactorAuthRequired: { _content: 'true' },
        lifetime: world.config.twoFactorTokenLifetimeMs,
        authToken: [{ _content: record.token }],
        trustedDevicesEnabled: { _content: 'true' },
      };
    }
  }
  const record = world.issueToken(account, 'full', world.config.authTokenLifetimeMs, csrf);
  return fullAuthResponse(ctx, account, request, record, true);
});

register('EndSessionRequest', NS.account, (ctx, request) => {
  const { account, token } = requireAuth(ctx);
  // `all=1` ends every session of the user; otherwise the named (or current) session ends.
  if (bool(request.all))
    ctx.push.expireSessions(account.id, bool(request.excludeCurrent) ? ctx.wantedSessionId : undefined);
  else {
    const sessionId = text(request.sessionId) ?? ctx.wantedSessionId;
    if (sessionId) ctx.push.endSession(account.id, sessionId);
  }
  if (bool(request.logoff)) {
    // logoff=1 deregisters the token server-side and clears the cookie (§2.6).
    token.revoked = true;
    ctx.setCookies.push(CLEAR_AUTH_COOKIE);
    ctx.wantSession = false;
  }
  return {};
});

register('GetInfoRequest', NS.account, (ctx, request) => {
  const { account, token, mbox } = requireAuth(ctx);
  const { world } = ctx;
  const sectionsText = text(request.sections);
  const sections = new Set(
    sectionsText ? sectionsText.split(',').map((s) => s.trim()) : ['mbox', 'prefs', 'attrs', 'idents', 'sigs'],
  );
  const base = world.baseUrl;
  const res: JsonObject = {
    version: VERSION_STRINGS[world.config.version],
    id: account.id,
    name: account.name,
    crumb: randomBytes(16).toString('hex'),
    lifetime: token.expiresAt - world.now(),
    adminDelegated: false,
    docSizeLimit: world.config.fileUploadMaxBytes,
    attSizeLimit: world.config.uploadMaxBytes,
    cos: { id: 'e00428a1-0c00-11d9-836a-000d93afea2a', name: 'default' },
  };
  if (sections.has('mbox')) {
    res.rest = `${base}/home/${account.name}`;
    res.used = mbox.size();
    res.recent = 0;
  }
  if (sections.has('prefs')) res.prefs = { _attrs: { ...account.prefs } };
  if (sections.has('attrs')) res.attrs = { _attrs: { ...account.attrs } };
  if (sections.has('idents')) {
    res.identities = {
      identity: [
        {
          name: 'DEFAULT',
          id: account.id,
          _attrs: {
            zimbraPrefIdentityName: 'DEFAULT',
            zimbraPrefFromAddress: account.name,
            zimbraPrefFromDisplay: account.displayName,
            zimbraPrefIdentityId: account.id,
          },
        },
      ],
    };
  }
  if (sections.has('sigs')) {
    const sig = account.prefs.zimbraPrefMailSignature;
    res.signatures = {
      signature: sig
        ? [{ name: 'Signature', id: `sig-${account.local}`, content: [{ type: 'text/plain', _content: String(sig) }] }]
        : [],
    };
  }
  res.soapURL = `${base}/service/soap`;
  res.publicURL = base;
  // `boshURL` only when chat is enabled (§2.7, §7): the XMPP connector lights up on this.
  if (account.attrs.zimbraFeatureChatEnabled === 'TRUE') res.boshURL = '/http-bind';
  return res;
});

register('GetPrefsRequest', NS.account, (ctx, request) => {
  const { account } = requireAuth(ctx);
  const wanted = children(request.pref)
    .map((p) => text(p.name))
    .filter((n): n is string => !!n);
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(account.prefs)) if (wanted.length === 0 || wanted.includes(k)) out[k] = v;
  return { _attrs: out };
});

register('ChangePasswordRequest', NS.account, (ctx, request) => {
  const { world } = ctx;
  const { typed, account } = resolveAccount(world, child(request.account));
  if (!account) throw faults.authFailed(typed);
  if (text(request.oldPassword) !== account.password) throw faults.authFailed(typed);
  const password = text(request.password) ?? '';
  if (password.length < Number(account.attrs.zimbraPasswordMinLength ?? 6)) {
    throw new ZimbraFault('account.INVALID_PASSWORD', 'invalid password: too short');
  }
  account.password = password;
  account.mustChangePassword = false;
  account.tokenValidity += 1; // outstanding tokens stop working (§2.1)
  const record = world.issueToken(account, 'full', world.config.authTokenLifetimeMs, false);
  ctx.responseAccount = account;
  ctx.setCookies.push(authCookie(record.token, false, record.expiresAt));
  return { authToken: [{ _content: record.token }], lifetime: record.expiresAt - world.now() };
});
