// Zimbra sign-in against the emulator (faults as HTTP 500 with account.AUTH_FAILED / service.AUTH_EXPIRED,
// two-step 2FA with trusted devices, HTML where JSON was expected), through the account service.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startZimbraEmulator, type ZimbraEmulator } from '../../../e2e/emulators/zimbra';
import { useAccountsHarness } from '../../core/accounts/testing';
import { CoreError } from '../../core/errors';

let zimbra: ZimbraEmulator;
beforeEach(async () => {
  zimbra = await startZimbraEmulator();
});
afterEach(() => zimbra.close());

const harness = useAccountsHarness();
const alice = () => ({
  kindId: 'zimbra',
  server: { type: 'web' as const, url: zimbra.url },
  username: 'alice@example.test',
  method: 'password' as const,
  password: 'alicepw',
});
const authRequests = () => zimbra.control.requests().filter((entry) => entry.requests.includes('AuthRequest')).length;

describe('Zimbra sign-in', () => {
  it('signs in with the password and keeps it, with the session token, in the keychain only', async () => {
    const { accounts, store } = harness.open();
    const result = await accounts.service.add(alice());
    expect(result).toMatchObject({
      status: 'signed-in',
      account: { kindId: 'zimbra', address: 'alice@example.test', state: 'online' },
    });
    const id = result.status === 'signed-in' ? result.account.id : '';
    expect(JSON.stringify(store.accounts.setup(id))).not.toContain('alicepw');
    expect(accounts.service.details(id)).toMatchObject({ username: 'alice@example.test', method: 'password' });
  });

  it('reports a wrong password (account.AUTH_FAILED) and saves nothing', async () => {
    const { accounts, store } = harness.open();
    await expect(accounts.service.add({ ...alice(), password: 'wrong' })).rejects.toMatchObject({
      code: 'auth.wrongPassword',
    });
    expect(store.accounts.list()).toEqual([]);
  });

  it('asks for the second factor, refuses a wrong code, then trusts this device', async () => {
    const code = zimbra.control.requireTwoFactor('alice', { code: '424242' });
    const { accounts } = harness.open();
    const first = await accounts.service.add(alice());
    expect(first.status).toBe('two-factor-required');
    const challengeId = first.status === 'two-factor-required' ? first.challengeId : '';
    await expect(accounts.service.twoFactor({ challengeId, code: '000000' })).rejects.toMatchObject({
      code: 'auth.twoFactorWrong',
    });
    const second = await accounts.service.twoFactor({ challengeId, code });
    expect(second).toMatchObject({ status: 'signed-in', account: { state: 'online' } });

    // The trusted-device token spares the code when the session is renewed silently.
    const id = second.status === 'signed-in' ? second.account.id : '';
    zimbra.control.expireTokens('alice');
    await accounts.service.verify(id);
    expect(accounts.service.list()[0]).toMatchObject({ state: 'online' });
  });

  it('refuses a challenge that was already completed or never existed', async () => {
    const { accounts } = harness.open();
    await expect(accounts.service.twoFactor({ challengeId: 'nope', code: '1' })).rejects.toMatchObject({
      code: 'auth.challengeExpired',
    });
  });

  it('renews an expired session once (service.AUTH_EXPIRED) with the stored password', async () => {
    const { accounts } = harness.open();
    const added = await accounts.service.add(alice());
    const id = added.status === 'signed-in' ? added.account.id : '';
    const before = authRequests();
    zimbra.control.expireTokens('alice');
    await accounts.service.verify(id);
    expect(authRequests()).toBe(before + 1);
  });

  it('goes to "needs sign-in" when the stored password no longer works, and stops trying', async () => {
    const { accounts } = harness.open();
    const added = await accounts.service.add(alice());
    const id = added.status === 'signed-in' ? added.account.id : '';
    zimbra.control.setPassword('alice', 'changed-elsewhere');
    zimbra.control.expireTokens('alice');
    await expect(accounts.service.verify(id)).rejects.toMatchObject({ code: 'auth.needsSignIn' });
    expect(accounts.service.list()[0]).toMatchObject({
      state: 'needs-sign-in',
      problem: { code: 'auth.wrongPassword' },
    });
    const requests = zimbra.control.requests().length;
    await expect(accounts.service.verify(id)).rejects.toMatchObject({ code: 'auth.needsSignIn' });
    expect(zimbra.control.requests().length).toBe(requests);

    // The user types the new password: the account is back.
    const again = await accounts.service.signIn({ id, method: 'password', password: 'changed-elsewhere' });
    expect(again).toMatchObject({ status: 'signed-in', account: { state: 'online' } });
    expect(accounts.service.list()[0]?.problem).toBeUndefined();
  });

  it('says so when an HTML login page comes back where JSON was expected', async () => {
    zimbra.control.failNext({ kind: 'htmlLogin' });
    const { accounts } = harness.open();
    const attempt = accounts.service.add(alice());
    await expect(attempt).rejects.toBeInstanceOf(CoreError);
    await expect(attempt).rejects.toMatchObject({ code: 'server.htmlInsteadOfJson', params: { host: '127.0.0.1' } });
  });

  it('gives up after the timeout on a server that does not answer', async () => {
    zimbra.control.failNext({ kind: 'delay', delayMs: 3_000 });
    const { accounts } = harness.open({ timeoutMs: 500 });
    await expect(accounts.service.add(alice())).rejects.toMatchObject({
      code: 'network.timeout',
      params: { host: '127.0.0.1' },
    });
  });

  it('is recognised by discovery from its URL', async () => {
    const { accounts } = harness.open();
    const { candidates } = await accounts.service.discover(zimbra.url);
    expect(candidates).toEqual([
      expect.objectContaining({ kindId: 'zimbra', server: { type: 'web', url: zimbra.url } }),
    ]);
  });

  it('ends the server session when the account is removed', async () => {
    const { accounts, store } = harness.open();
    const added = await accounts.service.add(alice());
    const id = added.status === 'signed-in' ? added.account.id : '';
    await accounts.service.remove(id);
    expect(store.accounts.list()).toEqual([]);
    expect(zimbra.control.requests().some((entry) => entry.requests.includes('EndSessionRequest'))).toBe(true);
  });
});
