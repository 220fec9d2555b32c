// BlueMind sign-in against the emulator: a failed login is HTTP 200 `status: "Bad"`, sessions go in
// `X-BM-ApiKey`, a per-device API key replaces the password, an invalid session is 401.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startBlueMindEmulator, type BlueMindEmulator } from '../../../e2e/emulators/bluemind';
import { useAccountsHarness } from '../../core/accounts/testing';
import { MemorySecretStore } from '../../core/secrets/memory-store';

let bluemind: BlueMindEmulator;
beforeEach(async () => {
  bluemind = await startBlueMindEmulator();
});
afterEach(() => bluemind.close());

const harness = useAccountsHarness();
const alice = (password = 'alicepw') => ({
  kindId: 'bluemind',
  server: { type: 'web' as const, url: bluemind.url },
  username: 'alice@example.test',
  method: 'password' as const,
  password,
});
const logins = () => bluemind.control.requestLog().filter((entry) => entry.path.startsWith('/api/auth/login')).length;

describe('BlueMind sign-in', () => {
  it('creates a device API key and keeps it instead of the password', async () => {
    const secrets = new MemorySecretStore();
    const { accounts } = harness.open({ secrets });
    const result = await accounts.service.add(alice());
    expect(result).toMatchObject({ status: 'signed-in', account: { kindId: 'bluemind', state: 'online' } });
    const id = result.status === 'signed-in' ? result.account.id : '';
    const keys = bluemind.control.apiKeys('alice');
    expect(keys).toHaveLength(1);
    expect(await secrets.get(id, 'api-key')).toBe(keys[0]!.sid);
    expect(await secrets.get(id, 'password')).toBeNull();
    expect(result.status === 'signed-in' && result.account.address).toBe('alice@example.test');
  });

  it('reports a wrong password even though the server answers 200 (status "Bad")', async () => {
    const { accounts, store } = harness.open();
    await expect(accounts.service.add(alice('wrong'))).rejects.toMatchObject({ code: 'auth.wrongPassword' });
    expect(store.accounts.list()).toEqual([]);
    expect(bluemind.control.apiKeys('alice')).toEqual([]);
  });

  it('fills in the default domain of a bare login', async () => {
    const { accounts } = harness.open();
    const result = await accounts.service.add({ ...alice(), username: 'alice' });
    expect(result.status).toBe('signed-in');
    const id = result.status === 'signed-in' ? result.account.id : '';
    expect(accounts.service.details(id).username).toBe('alice@example.test');
  });

  it('comes back after a restart from the API key alone', async () => {
    const secrets = new MemorySecretStore();
    const first = harness.open({ secrets });
    const added = await first.accounts.service.add(alice());
    const id = added.status === 'signed-in' ? added.account.id : '';
    await first.accounts.close();
    first.store.close();

    const second = harness.open({ secrets, profileDir: first.profileDir });
    second.accounts.start();
    await second.accounts.close();
    expect(second.accounts.service.list()).toEqual([expect.objectContaining({ id, state: 'online' })]);
  });

  it('renews an invalid session (401) once with the device key', async () => {
    const { accounts } = harness.open();
    const added = await accounts.service.add(alice());
    const id = added.status === 'signed-in' ? added.account.id : '';
    bluemind.control.expireSessions('alice');
    const before = logins();
    await accounts.service.verify(id);
    expect(logins()).toBe(before + 1);
  });

  it('needs the user once the device key is revoked, and does not retry on its own', async () => {
    const { accounts } = harness.open();
    const added = await accounts.service.add(alice());
    const id = added.status === 'signed-in' ? added.account.id : '';
    const key = bluemind.control.apiKeys('alice')[0]!.sid;
    await fetch(`${bluemind.url}/api/auth/keys/${key}`, { method: 'DELETE', headers: { 'X-BM-ApiKey': key } });
    bluemind.control.expireSessions('alice');
    await expect(accounts.service.verify(id)).rejects.toMatchObject({ code: 'auth.needsSignIn' });
    expect(accounts.service.list()[0]).toMatchObject({
      state: 'needs-sign-in',
      problem: { code: 'auth.wrongPassword' },
    });
    const before = logins();
    await expect(accounts.service.verify(id)).rejects.toMatchObject({ code: 'auth.needsSignIn' });
    expect(logins()).toBe(before);
  });

  it('revokes the device key when the account is removed', async () => {
    const { accounts } = harness.open();
    const added = await accounts.service.add(alice());
    await accounts.service.remove(added.status === 'signed-in' ? added.account.id : '');
    expect(bluemind.control.apiKeys('alice')).toEqual([]);
  });

  it('reports an expired password', async () => {
    bluemind.control.setPasswordExpired('alice', true);
    const { accounts } = harness.open();
    await expect(accounts.service.add(alice())).rejects.toMatchObject({ code: 'auth.passwordExpired' });
  });

  it('is recognised by discovery from its URL (the login endpoint answers 200 "Bad" to nobody)', async () => {
    const { accounts } = harness.open();
    const { candidates } = await accounts.service.discover(bluemind.url);
    expect(candidates).toEqual([
      expect.objectContaining({
        kindId: 'bluemind',
        methods: ['password', 'sso'],
        server: { type: 'web', url: bluemind.url },
      }),
    ]);
  });
});
