// The session rule, with a scripted driver: an expired session is renewed once, silently, with the stored
// secret; a refused renewal means "needs sign-in" and nothing is tried again until the user signs in.
import { describe, expect, it } from 'vitest';
import { scriptedDriver, useAccountsHarness } from '../accounts/testing';
import { CoreError } from '../errors';
import { MemorySecretStore } from '../secrets/memory-store';

const harness = useAccountsHarness();

async function addAccount(script: ReturnType<typeof scriptedDriver>, secrets = new MemorySecretStore()) {
  const opened = harness.open({ drivers: [script.driver], secrets });
  const result = await opened.accounts.service.add({
    kindId: 'scripted',
    server: { type: 'web', url: 'https://server.test' },
    username: 'alice',
    method: 'password',
    password: 'secret',
  });
  if (result.status !== 'signed-in') throw new Error('not signed in');
  return { ...opened, id: result.account.id, service: opened.accounts.service };
}

describe('session lifecycle', () => {
  it('renews an expired session once, silently, and the work succeeds', async () => {
    const script = scriptedDriver();
    const { service, id } = await addAccount(script);
    script.expireAll();
    await service.verify(id);
    expect(script.calls).toMatchObject({ resume: 1, check: 2 });
    expect(service.list()[0]).toMatchObject({ state: 'online' });
  });

  it('shares one renewal between concurrent callers', async () => {
    const script = scriptedDriver();
    const { service, id } = await addAccount(script);
    script.expireAll();
    await Promise.all([service.verify(id), service.verify(id), service.verify(id)]);
    expect(script.calls.resume).toBe(1);
  });

  it('does not renew twice for one piece of work: a second expiry needs the user', async () => {
    const script = scriptedDriver();
    const { service, id } = await addAccount(script);
    // Every session the server hands out is already expired.
    script.driver.check = async () => {
      script.calls.check++;
      throw new CoreError('auth.expired');
    };
    await expect(service.verify(id)).rejects.toMatchObject({ code: 'auth.needsSignIn' });
    expect(script.calls.resume).toBe(1);
    expect(service.list()[0]).toMatchObject({ state: 'needs-sign-in', problem: { code: 'auth.expired' } });
  });

  it('goes to "needs sign-in" when the stored secret is refused, then never contacts the server on its own', async () => {
    const script = scriptedDriver();
    const { service, id, events } = await addAccount(script);
    script.server.password = 'changed';
    script.expireAll();
    await expect(service.verify(id)).rejects.toMatchObject({ code: 'auth.needsSignIn' });
    const asked = { ...script.calls };
    for (let i = 0; i < 5; i++) await expect(service.verify(id)).rejects.toMatchObject({ code: 'auth.needsSignIn' });
    expect(script.calls).toEqual(asked);
    expect(events.filter((entry) => entry.event === 'accounts:changed').at(-1)?.payload).toEqual([
      expect.objectContaining({ id, state: 'needs-sign-in', problem: { code: 'auth.wrongPassword' } }),
    ]);
    // Only the user's new password brings it back.
    script.server.password = 'changed';
    await expect(service.signIn({ id, method: 'password', password: 'changed' })).resolves.toMatchObject({
      status: 'signed-in',
    });
    await service.verify(id);
  });

  it('treats an unreachable server as offline, not as a refused password', async () => {
    const script = scriptedDriver();
    const { service, id } = await addAccount(script);
    script.expireAll();
    script.server.reachable = false;
    await expect(service.verify(id)).rejects.toMatchObject({ code: 'network.unreachable' });
    expect(service.list()[0]).toMatchObject({ state: 'offline', problem: { code: 'network.unreachable' } });
    script.server.reachable = true;
    await service.verify(id);
    expect(service.list()[0]).toMatchObject({ state: 'online' });
    expect(service.list()[0]?.problem).toBeUndefined();
  });

  it('leaves an account that needs the user alone at start-up', async () => {
    const script = scriptedDriver();
    const secrets = new MemorySecretStore();
    const first = await addAccount(script, secrets);
    script.server.password = 'changed';
    script.expireAll();
    await expect(first.service.verify(first.id)).rejects.toMatchObject({ code: 'auth.needsSignIn' });
    await first.accounts.close();
    first.store.close();

    const before = script.calls.resume;
    const second = harness.open({ drivers: [script.driver], secrets, profileDir: first.profileDir });
    second.accounts.start();
    await second.accounts.close();
    expect(script.calls.resume).toBe(before);
    expect(second.accounts.service.list()[0]).toMatchObject({ state: 'needs-sign-in' });
  });
});
