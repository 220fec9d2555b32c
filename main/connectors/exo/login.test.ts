// eXo sign-in against the emulator: a failed form login is HTTP 200 with the login page, an expired session is
// 403 text/plain, remember-me reopens sessions silently, and the anti-bruteforce add-on locks after 5 failures.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startExoEmulator, type ExoEmulator } from '../../../e2e/emulators/exo';
import { useAccountsHarness } from '../../core/accounts/testing';
import { MemorySecretStore } from '../../core/secrets/memory-store';

let exo: ExoEmulator;
beforeEach(async () => {
  exo = await startExoEmulator();
});
afterEach(() => exo.close());

const harness = useAccountsHarness();
const alice = (password = 'alicepw', username = 'alice') => ({
  kindId: 'exo',
  server: { type: 'web' as const, url: exo.url },
  username,
  method: 'password' as const,
  password,
});
const formLogins = () => exo.control.requests(/\/portal\/login/).length;

describe('eXo sign-in', () => {
  it('signs in with the form and remember-me, and reads the profile', async () => {
    const secrets = new MemorySecretStore();
    const { accounts } = harness.open({ secrets });
    const result = await accounts.service.add(alice());
    expect(result).toMatchObject({
      status: 'signed-in',
      account: { kindId: 'exo', displayName: 'Alice Martin', state: 'online' },
    });
    const id = result.status === 'signed-in' ? result.account.id : '';
    expect(JSON.parse((await secrets.get(id, 'session'))!)).toMatchObject({ rememberme: expect.any(String) });
  });

  it('accepts the e-mail address and keeps the username the portal knows', async () => {
    const { accounts } = harness.open();
    const result = await accounts.service.add(alice('alicepw', 'alice@example.test'));
    const id = result.status === 'signed-in' ? result.account.id : '';
    expect(accounts.service.details(id).username).toBe('alice');
  });

  it('reports a wrong password although the server answers 200 with its login page', async () => {
    const { accounts, store } = harness.open();
    await expect(accounts.service.add(alice('wrong'))).rejects.toMatchObject({ code: 'auth.wrongPassword' });
    expect(store.accounts.list()).toEqual([]);
    expect(exo.control.failedLogins('alice')).toBe(1);
  });

  it('says when the server only signs in through its identity provider', async () => {
    exo.control.setFeatures({ sso: true });
    const { accounts } = harness.open();
    await expect(accounts.service.add(alice())).rejects.toMatchObject({ code: 'auth.ssoRequired' });
  });

  it('reopens a session with remember-me at start-up, without the password', async () => {
    const secrets = new MemorySecretStore();
    const first = harness.open({ secrets });
    const added = await first.accounts.service.add(alice());
    const id = added.status === 'signed-in' ? added.account.id : '';
    exo.control.expireSessions('alice');
    const before = formLogins();
    const second = harness.open({ secrets, profileDir: first.profileDir });
    second.accounts.start();
    await second.accounts.close();
    expect(second.accounts.service.list()).toEqual([expect.objectContaining({ id, state: 'online' })]);
    expect(formLogins()).toBe(before);
  });

  it('renews an expired session (403 text/plain) once with the stored password', async () => {
    const { accounts } = harness.open();
    const added = await accounts.service.add(alice());
    const id = added.status === 'signed-in' ? added.account.id : '';
    exo.control.expireSessions('alice', { rememberMe: true });
    const before = formLogins();
    await accounts.service.verify(id);
    expect(formLogins()).toBe(before + 1);
  });

  it('tries a stale password once only, then waits for the user (no lock-out)', async () => {
    const { accounts } = harness.open();
    const added = await accounts.service.add(alice());
    const id = added.status === 'signed-in' ? added.account.id : '';
    exo.control.setPassword('alice', 'changed-elsewhere');
    exo.control.expireSessions('alice', { rememberMe: true });
    for (let attempt = 0; attempt < 6; attempt++) {
      await expect(accounts.service.verify(id)).rejects.toMatchObject({ code: 'auth.needsSignIn' });
    }
    expect(exo.control.failedLogins('alice')).toBe(1);
    expect(exo.control.isLocked('alice')).toBe(false);
    expect(accounts.service.list()[0]).toMatchObject({ state: 'needs-sign-in' });
  });

  it('signs out on the server (remember-me deleted) when the account is removed', async () => {
    const secrets = new MemorySecretStore();
    const { accounts } = harness.open({ secrets });
    const added = await accounts.service.add(alice());
    const id = added.status === 'signed-in' ? added.account.id : '';
    const { rememberme } = JSON.parse((await secrets.get(id, 'session'))!) as { rememberme: string };
    await accounts.service.remove(id);
    expect(await secrets.get(id, 'session')).toBeNull();
    const replay = await fetch(`${exo.url}/portal/rest/state/status/alice`, {
      headers: { Cookie: `rememberme=${rememberme}` },
    });
    expect(replay.status).toBe(403);
  });

  it('is recognised by discovery from its URL', async () => {
    const { accounts } = harness.open();
    const { candidates } = await accounts.service.discover(exo.url);
    expect(candidates).toEqual([expect.objectContaining({ kindId: 'exo', server: { type: 'web', url: exo.url } })]);
  });
});
