// Contract: authentication, token lifetime/expiry, cookie vs header, CSRF, 2FA, GetInfo, preauth (brief §2).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { computePreauth, startZimbraEmulator, type ZimbraEmulator } from './index';
import { TEST_NOW, login, soap, textOf, uploadRaw } from './test-client';

let z: ZimbraEmulator;

beforeEach(async () => {
  z = await startZimbraEmulator({ now: () => TEST_NOW });
});
afterEach(async () => {
  await z.close();
});

const auth = (user: string, password: unknown, extra: Record<string, unknown> = {}) =>
  soap(z.url, 'AuthRequest', { account: { by: 'name', _content: user }, password, ...extra } as never);

describe('AuthRequest (§2.1, F1, F2)', () => {
  it('returns authToken[0]._content, lifetime in ms (2 days), requested prefs/attrs, and sets ZM_AUTH_TOKEN', async () => {
    const r = await auth('alice@example.test', 'alicepw', {
      prefs: { pref: [{ name: 'zimbraPrefTimeZoneId' }] },
      attrs: { attr: [{ name: 'zimbraFeatureChatEnabled' }] },
    });
    expect(r.status).toBe(200);
    const token = textOf(r.body.authToken)!;
    expect(token).toMatch(/^0_[0-9a-f]+_[0-9a-f]+$/);
    expect(r.body.lifetime).toBe(172_800_000);
    expect(r.body.prefs).toEqual({ _attrs: { zimbraPrefTimeZoneId: 'Europe/Paris' } });
    expect(r.body.attrs).toEqual({ _attrs: { zimbraFeatureChatEnabled: 'TRUE' } });
    expect(r.setCookies.some((c) => c.startsWith(`ZM_AUTH_TOKEN=${token};`) && /HttpOnly/.test(c))).toBe(true);
    expect(r.body.csrfToken).toBeUndefined(); // not asked for → not issued (§2.3)
  });

  it('resolves a bare user name in the default domain', async () => {
    expect((await auth('carol', 'carolpw')).status).toBe(200);
  });

  it('fails a wrong password with HTTP 500 account.AUTH_FAILED naming the account as typed', async () => {
    const r = await auth('Alice', 'mauvais');
    expect(r.status).toBe(500);
    expect(r.fault).toMatchObject({
      code: 'account.AUTH_FAILED',
      reason: 'authentication failed for [Alice]',
      value: 'soap:Sender',
    });
    expect(r.setCookies).toHaveLength(0);
    const unknown = await auth('personne', 'x');
    expect(unknown.fault?.reason).toBe('authentication failed for [personne]');
  });

  it('reports account states: maintenance, locked, must change password', async () => {
    z.control.setAccountStatus('bob', 'maintenance');
    expect((await auth('bob', 'bobpw')).fault?.code).toBe('account.MAINTENANCE_MODE');
    z.control.setAccountStatus('bob', 'locked');
    expect((await auth('bob', 'bobpw')).fault?.code).toBe('account.AUTH_FAILED');
    z.control.setAccountStatus('bob', 'active');
    z.control.requirePasswordChange('bob');
    expect((await auth('bob', 'bobpw')).fault?.code).toBe('account.CHANGE_PASSWORD');
  });

  it('can refuse clear-text passwords with service.INVALID_REQUEST', async () => {
    z.control.setClearTextPasswordAllowed(false);
    const r = await auth('alice', 'alicepw');
    expect(r.fault?.code).toBe('service.INVALID_REQUEST');
    expect(r.fault?.reason).toContain('clear text password is not allowed');
  });

  it('validating an existing token returns the SAME token with the remaining lifetime (no sliding refresh)', async () => {
    const { token } = await login(z.url, 'alice', 'alicepw');
    z.control.advanceClock(3_600_000);
    const r = await soap(z.url, 'AuthRequest', { authToken: { _content: token } });
    expect(textOf(r.body.authToken)).toBe(token);
    expect(r.body.lifetime).toBe(172_800_000 - 3_600_000);
  });
});

describe('token transport and expiry (§2.2, §2.5, F4)', () => {
  it('accepts the cookie alone or the context authToken alone; the context token wins when both are present', async () => {
    const alice = (await login(z.url, 'alice', 'alicepw')).token;
    const bob = (await login(z.url, 'bob', 'bobpw')).token;
    const byCookie = await soap(z.url, 'GetInfoRequest', { sections: 'mbox' }, { cookie: alice });
    expect(byCookie.body.name).toBe('alice@example.test');
    const byHeader = await soap(z.url, 'GetInfoRequest', { sections: 'mbox' }, { context: { authToken: bob } });
    expect(byHeader.body.name).toBe('bob@example.test');
    const both = await soap(
      z.url,
      'GetInfoRequest',
      { sections: 'mbox' },
      { cookie: alice, context: { authToken: { _content: bob } } },
    );
    expect(both.body.name).toBe('bob@example.test');
  });

  it('without any token: service.AUTH_REQUIRED "no valid authtoken present"', async () => {
    const r = await soap(z.url, 'GetFolderRequest');
    expect(r.status).toBe(500);
    expect(r.fault).toMatchObject({ code: 'service.AUTH_REQUIRED', reason: 'no valid authtoken present' });
  });

  it('after the 2-day lifetime: service.AUTH_EXPIRED, or AUTH_REQUIRED with authTokenControl.voidOnExpired', async () => {
    const { token } = await login(z.url, 'alice', 'alicepw');
    z.control.advanceClock(172_800_000 - 1000);
    expect((await soap(z.url, 'GetFolderRequest', {}, { cookie: token })).status).toBe(200);
    z.control.advanceClock(1000);
    const expired = await soap(z.url, 'GetFolderRequest', {}, { cookie: token });
    expect(expired.status).toBe(500);
    expect(expired.fault).toMatchObject({ code: 'service.AUTH_EXPIRED', reason: 'auth credentials have expired' });
    const voided = await soap(
      z.url,
      'GetFolderRequest',
      {},
      { cookie: token, context: { authTokenControl: { voidOnExpired: true } } },
    );
    expect(voided.fault?.code).toBe('service.AUTH_REQUIRED');
  });

  it('control.expireTokens ends outstanding tokens at once; a fresh login works', async () => {
    const { token } = await login(z.url, 'alice', 'alicepw');
    z.control.expireTokens('alice');
    expect((await soap(z.url, 'GetInfoRequest', {}, { cookie: token })).fault?.code).toBe('service.AUTH_EXPIRED');
    // An expired token still in the cookie fails even AuthRequest unless voidOnExpired is sent (checked before dispatch).
    const stale = await soap(
      z.url,
      'AuthRequest',
      { account: { by: 'name', _content: 'alice' }, password: 'alicepw' },
      { cookie: token },
    );
    expect(stale.fault?.code).toBe('service.AUTH_EXPIRED');
    const again = await soap(
      z.url,
      'AuthRequest',
      { account: { by: 'name', _content: 'alice' }, password: 'alicepw' },
      { cookie: token, context: { authTokenControl: { voidOnExpired: true } } },
    );
    expect(again.status).toBe(200);
  });

  it('a password change invalidates outstanding tokens', async () => {
    const { token } = await login(z.url, 'alice', 'alicepw');
    const r = await soap(z.url, 'ChangePasswordRequest', {
      account: { by: 'name', _content: 'alice' },
      oldPassword: 'alicepw',
      password: 'nouveau-mdp',
    });
    expect(textOf(r.body.authToken)).toBeTruthy();
    expect((await soap(z.url, 'GetInfoRequest', {}, { cookie: token })).fault?.code).toBe('service.AUTH_EXPIRED');
    expect((await auth('alice', 'nouveau-mdp')).status).toBe(200);
  });

  it('EndSessionRequest logoff=1 deregisters the token and clears the cookie', async () => {
    const { token } = await login(z.url, 'alice', 'alicepw');
    const r = await soap(z.url, 'EndSessionRequest', { logoff: 1 }, { cookie: token });
    expect(r.status).toBe(200);
    expect(r.setCookies.some((c) => /^ZM_AUTH_TOKEN=;/.test(c) && /1970/.test(c))).toBe(true);
    expect((await soap(z.url, 'GetInfoRequest', {}, { cookie: token })).fault?.code).toBe('service.AUTH_EXPIRED');
  });
});

describe('CSRF (§2.3)', () => {
  it('with csrfTokenSecured=1 the token must come with X-Zimbra-Csrf-Token (or context csrfToken)', async () => {
    const r = await auth('alice', 'alicepw', { csrfTokenSecured: 1 });
    const token = textOf(r.body.authToken)!;
    const csrf = textOf(r.body.csrfToken)!;
    expect(r.headers.get('x-zimbra-csrf-token')).toBe(csrf);
    expect((await soap(z.url, 'GetFolderRequest', {}, { cookie: token })).fault?.code).toBe('service.AUTH_REQUIRED');
    expect(
      (await soap(z.url, 'GetFolderRequest', {}, { cookie: token, headers: { 'X-Zimbra-Csrf-Token': csrf } })).status,
    ).toBe(200);
    expect((await soap(z.url, 'GetFolderRequest', {}, { cookie: token, context: { csrfToken: csrf } })).status).toBe(
      200,
    );
    // The upload servlet reports the CSRF failure in its body, with HTTP 200.
    const up = await uploadRaw(z.url, token, 'a.txt', 'x');
    expect(up).toMatchObject({ status: 200, code: 401 });
    expect(
      (await uploadRaw(z.url, token, 'a.txt', 'x', 'text/plain', 'fmt=raw,extended', { 'X-Zimbra-Csrf-Token': csrf }))
        .code,
    ).toBe(200);
  });

  it('a token issued without csrfTokenSecured needs no CSRF token', async () => {
    const { token } = await login(z.url, 'alice', 'alicepw');
    expect((await soap(z.url, 'GetFolderRequest', {}, { cookie: token })).status).toBe(200);
  });
});

describe('two-factor authentication (§2.4, F3)', () => {
  it('step 1 answers without a fault: twoFactorAuthRequired + a short-lived 2FA token that opens nothing else', async () => {
    z.control.requireTwoFactor('alice', { code: '424242' });
    const r = await auth('alice', 'alicepw');
    expect(r.status).toBe(200);
    expect(r.body.twoFactorAuthRequired).toEqual({ _content: 'true' });
    expect(r.body.trustedDevicesEnabled).toEqual({ _content: 'true' });
    expect(r.body.lifetime).toBe(300_000);
    expect(r.setCookies.some((c) => c.startsWith('ZM_AUTH_TOKEN='))).toBe(false);
    const twoFa = textOf(r.body.authToken)!;
    expect((await soap(z.url, 'GetFolderRequest', {}, { cookie: twoFa })).fault?.code).toBe('service.AUTH_REQUIRED');
  });

  it('step 2 with the code gives a full token; deviceTrusted gives trustedToken/trustLifetime/deviceId that skip the code later', async () => {
    const code = z.control.requireTwoFactor('alice');
    const step1 = await auth('alice', 'alicepw');
    const wrong = await soap(z.url, 'AuthRequest', {
      account: { by: 'name', _content: 'alice' },
      authToken: { _content: textOf(step1.body.authToken)! },
      twoFactorCode: { _content: '000000' },
    });
    expect(wrong.fault?.code).toBe('account.TWO_FACTOR_AUTH_FAILED');
    const step2 = await soap(z.url, 'AuthRequest', {
      account: { by: 'name', _content: 'alice' },
      authToken: { _content: textOf(step1.body.authToken)! },
      twoFactorCode: { _content: code },
      deviceTrusted: 1,
      generateDeviceId: 1,
    });
    expect(step2.status).toBe(200);
    expect(step2.body.lifetime).toBe(172_800_000);
    const trustedToken = textOf(step2.body.trustedToken)!;
    const deviceId = textOf(step2.body.deviceId)!;
    expect(textOf(step2.body.trustLifetime)).toBe(String(30 * 24 * 3600 * 1000));
    expect(step2.setCookies.some((c) => c.startsWith('ZM_TRUST_TOKEN='))).toBe(true);
    expect((await soap(z.url, 'GetFolderRequest', {}, { cookie: textOf(step2.body.authToken)! })).status).toBe(200);

    const later = await auth('alice', 'alicepw', { trustedToken, deviceId });
    expect(later.body.twoFactorAuthRequired).toBeUndefined();
    expect(textOf(later.body.authToken)).toBeTruthy();
    // Wrong device, or revoked trust → the code is asked again.
    expect(
      (await auth('alice', 'alicepw', { trustedToken, deviceId: 'autre' })).body.twoFactorAuthRequired,
    ).toBeDefined();
    z.control.revokeTrustedDevices('alice');
    expect((await auth('alice', 'alicepw', { trustedToken, deviceId })).body.twoFactorAuthRequired).toBeDefined();
  });

  it('2FA required but not set up → account.TWO_FACTOR_SETUP_REQUIRED', async () => {
    z.control.requireTwoFactor('bob', { setupRequired: true });
    expect((await auth('bob', 'bobpw')).fault?.code).toBe('account.TWO_FACTOR_SETUP_REQUIRED');
  });
});

describe('GetInfoRequest (§2.7) and chat detection (§7)', () => {
  it('reports account, lifetime, limits, URLs, prefs and attrs; boshURL only when chat is enabled', async () => {
    const { token } = await login(z.url, 'alice', 'alicepw');
    const r = await soap(z.url, 'GetInfoRequest', { sections: 'mbox,prefs,attrs,idents,sigs' }, { cookie: token });
    expect(r.body).toMatchObject({
      name: 'alice@example.test',
      lifetime: 172_800_000,
      docSizeLimit: 10_485_760,
      attSizeLimit: 10_240_000,
      rest: `${z.url}/home/alice@example.test`,
      soapURL: `${z.url}/service/soap`,
      boshURL: '/http-bind',
    });
    expect(r.body.version).toMatch(/^8\.8\.15_GA/);
    const attrs = (r.body.attrs as { _attrs: Record<string, string> })._attrs;
    expect(attrs.zimbraFeatureChatEnabled).toBe('TRUE');
    expect(attrs.zimbraFeatureBriefcasesEnabled).toBe('TRUE');
    expect((r.body.prefs as { _attrs: Record<string, string> })._attrs.zimbraPrefTimeZoneId).toBe('Europe/Paris');

    const carol = (await login(z.url, 'carol', 'carolpw')).token;
    const c = await soap(z.url, 'GetInfoRequest', {}, { cookie: carol });
    expect((c.body.attrs as { _attrs: Record<string, string> })._attrs.zimbraFeatureChatEnabled).toBe('FALSE');
    expect(c.body.boshURL).toBeUndefined();
    z.control.setChatEnabled('carol', true);
    expect((await soap(z.url, 'GetInfoRequest', {}, { cookie: carol })).body.boshURL).toBe('/http-bind');
  });

  it('honours the version option', async () => {
    const z10 = await startZimbraEmulator({ now: () => TEST_NOW, version: '10.0.8' });
    try {
      const { token } = await login(z10.url, 'alice', 'alicepw');
      expect((await soap(z10.url, 'GetInfoRequest', {}, { cookie: token })).body.version).toMatch(/^10\.0\.8_GA/);
    } finally {
      await z10.close();
    }
  });
});

describe('preauth (§2.8)', () => {
  const key = '6b7ead4bd425836e8cf0079cd6c1a05acc127acd07c8ee4b61023e19250e929c';

  it('AuthRequest with preauth{timestamp, expires, _content} = HMAC-SHA1(key, "account|by|expires|timestamp")', async () => {
    const ts = TEST_NOW.getTime();
    const good = await soap(z.url, 'AuthRequest', {
      account: { by: 'name', _content: 'alice@example.test' },
      preauth: { timestamp: ts, expires: 0, _content: computePreauth(key, 'alice@example.test', 'name', 0, ts) },
    });
    expect(good.status).toBe(200);
    const stale = await soap(z.url, 'AuthRequest', {
      account: { by: 'name', _content: 'alice@example.test' },
      preauth: {
        timestamp: ts - 10 * 60_000,
        expires: 0,
        _content: computePreauth(key, 'alice@example.test', 'name', 0, ts - 10 * 60_000),
      },
    });
    expect(stale.fault?.code).toBe('account.AUTH_FAILED');
  });

  it('/service/preauth sets the cookie and redirects', async () => {
    const ts = TEST_NOW.getTime();
    const q = new URLSearchParams({
      account: 'bob@example.test',
      by: 'name',
      timestamp: String(ts),
      expires: '0',
      preauth: computePreauth(key, 'bob@example.test', 'name', 0, ts),
    });
    const res = await fetch(`${z.url}/service/preauth?${q}`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('ZM_AUTH_TOKEN='))!;
    const token = cookie.split(';')[0]!.split('=')[1]!;
    expect((await soap(z.url, 'GetInfoRequest', {}, { cookie: token })).body.name).toBe('bob@example.test');
  });
});
