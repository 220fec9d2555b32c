// Accounts as the user manages them: add, edit, re-order, remove; nothing half-saved; the no-keyring setting.
import { describe, expect, it } from 'vitest';
import { CoreError } from '../errors';
import { createPolicy } from '../policy/runtime';
import { MemorySecretStore } from '../secrets/memory-store';
import type { SecretKind, SecretStore } from '../secrets/secret-store';
import { scriptedDriver, useAccountsHarness } from './testing';

const harness = useAccountsHarness();

const request = (username = 'alice', password = 'secret') => ({
  kindId: 'scripted',
  server: { type: 'web' as const, url: 'https://server.test' },
  username,
  method: 'password' as const,
  password,
});

async function added(promise: Promise<{ status: string; account?: { id: string } }>): Promise<string> {
  const result = await promise;
  if (result.status !== 'signed-in' || !result.account) throw new Error('not signed in');
  return result.account.id;
}

/** A secret store that fails once `failAfter` writes went through (a keychain locked half-way). */
class FailingStore extends MemorySecretStore {
  readonly accounts = new Set<string>();
  writes = 0;
  constructor(private readonly failAfter: number) {
    super();
  }
  override async set(accountId: string, kind: SecretKind, secret: string) {
    this.accounts.add(accountId);
    if (++this.writes > this.failAfter) throw new Error('keychain locked');
    await super.set(accountId, kind, secret);
  }
}

async function entries(store: SecretStore, id: string) {
  const kinds: SecretKind[] = ['password', 'api-key', 'session', 'trusted-device', 'refresh-token'];
  return (await Promise.all(kinds.map((kind) => store.get(id, kind)))).filter((value) => value !== null);
}

describe('adding accounts', () => {
  it('lists the kinds that can be added, with how they are set up', () => {
    const { accounts } = harness.open();
    const kinds = accounts.service.kinds();
    expect(kinds.map((kind) => kind.id).slice(0, 5)).toEqual(['bluemind', 'zimbra', 'exo', 'imap', 'xmpp']);
    expect(kinds.every((kind) => kind.setup)).toBe(true);
    expect(kinds.find((kind) => kind.id === 'imap')?.setup).toEqual({ server: 'mail', methods: ['password'] });
    expect(kinds.find((kind) => kind.id === 'exo')?.setup).toEqual({ server: 'web', methods: ['password', 'sso'] });
  });

  it('stores the account only after a successful sign-in, secrets in the store and never in the database', async () => {
    const script = scriptedDriver();
    const secrets = new MemorySecretStore();
    const { accounts, store } = harness.open({ drivers: [script.driver], secrets });
    await expect(accounts.service.add(request('alice', 'wrong'))).rejects.toMatchObject({ code: 'auth.wrongPassword' });
    expect(store.accounts.list()).toEqual([]);
    const id = await added(accounts.service.add({ ...request(), displayName: 'Alice au bureau' }));
    expect(accounts.service.list()).toEqual([
      expect.objectContaining({ id, displayName: 'Alice au bureau', address: 'alice@example.test', state: 'online' }),
    ]);
    expect(await secrets.get(id, 'password')).toBe('secret');
    expect(JSON.stringify(store.accounts.setup(id))).not.toContain('secret');
  });

  it('leaves no row and no secret when the keychain fails half-way', async () => {
    const script = scriptedDriver();
    script.driver.signIn = async () => ({
      status: 'signed-in',
      session: {
        auth: {},
        identity: { displayName: 'Alice', address: 'alice@example.test' },
        secrets: { password: 'secret', session: 'token' },
      },
    });
    const secrets = new FailingStore(1);
    const { accounts, store } = harness.open({ drivers: [script.driver], secrets });
    await expect(accounts.service.add(request())).rejects.toThrow('keychain locked');
    expect(store.accounts.list()).toEqual([]);
    expect(secrets.accounts.size).toBe(1);
    for (const id of secrets.accounts) expect(await entries(secrets, id)).toEqual([]);
  });

  it('refuses the same account twice', async () => {
    const script = scriptedDriver();
    const { accounts } = harness.open({ drivers: [script.driver] });
    await added(accounts.service.add(request()));
    await expect(accounts.service.add({ ...request(), username: 'ALICE' })).rejects.toMatchObject({
      code: 'accounts.duplicate',
    });
    expect(script.calls.signIn).toBe(1);
  });

  it('refuses a clear-text server before contacting it', async () => {
    const script = scriptedDriver();
    const { accounts } = harness.open({ drivers: [script.driver] });
    const insecure = { ...request(), server: { type: 'web' as const, url: 'http://server.test' } };
    await expect(accounts.service.add(insecure)).rejects.toMatchObject({
      code: 'server.insecure',
      params: { host: 'server.test' },
    });
    expect(script.calls.signIn).toBe(0);
  });

  it('refuses a server of another form than the kind expects, and an unknown kind', async () => {
    const script = scriptedDriver();
    const { accounts } = harness.open({ drivers: [script.driver] });
    const chat = {
      ...request(),
      server: {
        type: 'chat' as const,
        domain: 'x.test',
        endpoint: { host: 'x.test', port: 5222, security: 'starttls' as const },
      },
    };
    await expect(accounts.service.add(chat)).rejects.toMatchObject({ code: 'accounts.invalidSetup' });
    await expect(accounts.service.add({ ...request(), kindId: 'nope' })).rejects.toMatchObject({
      code: 'accounts.unknownKind',
    });
  });

  it('follows the policies: allowed hosts, adding and removing locked', async () => {
    const script = scriptedDriver();
    const policy = createPolicy({ AllowedServerHosts: ['*.laregion.fr'], AllowAccountRemove: false }, [], '');
    const { accounts, store } = harness.open({ drivers: [script.driver], policy });
    await expect(accounts.service.add(request())).rejects.toMatchObject({
      code: 'policy.hostNotAllowed',
      params: { host: 'server.test' },
    });
    const ok = { ...request(), server: { type: 'web' as const, url: 'https://mail.laregion.fr' } };
    const id = await added(accounts.service.add(ok));
    await expect(accounts.service.remove(id)).rejects.toMatchObject({ code: 'policy.accountRemoveLocked' });
    expect(store.accounts.list()).toHaveLength(1);

    const locked = harness.open({ drivers: [script.driver], policy: createPolicy({ AllowAccountAdd: false }, [], '') });
    await expect(locked.accounts.service.add(request())).rejects.toMatchObject({ code: 'policy.accountAddLocked' });
  });
});

describe('managing accounts', () => {
  it('re-orders accounts and keeps the order', async () => {
    const script = scriptedDriver();
    const { accounts, profileDir } = harness.open({ drivers: [script.driver] });
    const a = await added(accounts.service.add(request('a')));
    const b = await added(accounts.service.add(request('b')));
    const c = await added(accounts.service.add(request('c')));
    expect(accounts.service.reorder([c, a]).map((account) => account.id)).toEqual([c, a, b]);
    const reopened = harness.open({ drivers: [script.driver], profileDir });
    expect(reopened.accounts.service.list().map((account) => account.id)).toEqual([c, a, b]);
    expect(() => accounts.service.reorder(['missing'])).toThrow(CoreError);
  });

  it('renames without signing in, and signs in before saving a new server or username', async () => {
    const script = scriptedDriver();
    const { accounts } = harness.open({ drivers: [script.driver] });
    const id = await added(accounts.service.add(request()));
    await accounts.service.update({ id, displayName: 'Boîte du service' });
    expect(accounts.service.list()[0]).toMatchObject({ displayName: 'Boîte du service' });
    expect(script.calls.signIn).toBe(1);

    const moved = { id, server: { type: 'web' as const, url: 'https://new.server.test' } };
    await expect(accounts.service.update(moved)).rejects.toMatchObject({ code: 'auth.passwordRequired' });
    await expect(accounts.service.update({ ...moved, password: 'wrong' })).rejects.toMatchObject({
      code: 'auth.wrongPassword',
    });
    expect(accounts.service.details(id).server).toEqual({ type: 'web', url: 'https://server.test' });
    await accounts.service.update({ ...moved, password: 'secret' });
    expect(accounts.service.details(id)).toMatchObject({
      server: { type: 'web', url: 'https://new.server.test' },
      displayName: 'Boîte du service',
    });
  });

  it('removes an account with its cached data and its secrets', async () => {
    const script = scriptedDriver();
    const secrets = new MemorySecretStore();
    const { accounts, store } = harness.open({ drivers: [script.driver], secrets });
    const id = await added(accounts.service.add(request()));
    store.db.prepare("INSERT INTO people (id, account_id, name) VALUES (?, ?, 'Bob')").run(`${id}:bob`, id);
    await accounts.service.remove(id);
    expect(store.accounts.list()).toEqual([]);
    expect(store.db.prepare('SELECT count(*) AS n FROM people WHERE account_id = ?').get(id)).toEqual({ n: 0 });
    expect(await entries(secrets, id)).toEqual([]);
  });
});

describe('without a usable keychain', () => {
  it('keeps secrets in memory for the session and says so (the banner)', async () => {
    const script = scriptedDriver();
    const { accounts } = harness.open({ drivers: [script.driver], secrets: null });
    expect(await accounts.handlers()['secrets:status']({})).toEqual({
      storage: 'memory',
      noKeyringBehaviour: 'memory-with-banner',
      locked: false,
    });
    const id = await added(accounts.service.add(request()));
    await accounts.service.verify(id);
  });

  it('asks again at the next start: memory does not survive', async () => {
    const script = scriptedDriver();
    const first = harness.open({ drivers: [script.driver], secrets: null });
    await added(first.accounts.service.add(request()));
    await first.accounts.close();
    first.store.close();
    const second = harness.open({ drivers: [script.driver], secrets: null, profileDir: first.profileDir });
    second.accounts.start();
    await second.accounts.close();
    expect(second.accounts.service.list()[0]).toMatchObject({ state: 'needs-sign-in' });
  });

  it('refuses every sign-in when the setting says so, before contacting the server', async () => {
    const script = scriptedDriver();
    const { accounts, events } = harness.open({ drivers: [script.driver], secrets: null });
    const status = await accounts.handlers()['secrets:setNoKeyringBehaviour']({ behaviour: 'refuse' });
    expect(status).toEqual({ storage: 'unavailable', noKeyringBehaviour: 'refuse', locked: false });
    expect(events).toContainEqual({ event: 'secrets:changed', payload: status });
    await expect(accounts.service.add(request())).rejects.toMatchObject({ code: 'secrets.keyringUnavailable' });
    expect(script.calls.signIn).toBe(0);
  });

  it('lets the organisation decide, and lock the setting', async () => {
    const policy = createPolicy({ NoKeyringBehaviour: 'refuse' }, [], '');
    const { accounts } = harness.open({ secrets: null, policy });
    expect(await accounts.handlers()['secrets:status']({})).toEqual({
      storage: 'unavailable',
      noKeyringBehaviour: 'refuse',
      locked: true,
    });
    await expect(
      accounts.handlers()['secrets:setNoKeyringBehaviour']({ behaviour: 'memory-with-banner' }),
    ).rejects.toMatchObject({ code: 'policy.locked' });
  });

  it('uses the keychain when there is one', async () => {
    const memory = new MemorySecretStore();
    const keychain: SecretStore = {
      persistent: true,
      get: (id, kind) => memory.get(id, kind),
      set: (id, kind, secret) => memory.set(id, kind, secret),
      delete: (id, kind) => memory.delete(id, kind),
      deleteAccount: (id) => memory.deleteAccount(id),
    };
    const { accounts } = harness.open({ secrets: keychain });
    expect(await accounts.handlers()['secrets:status']({})).toMatchObject({ storage: 'keychain' });
  });
});
