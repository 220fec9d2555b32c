import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPrivateKeyring, type PrivateKeyring } from '../../../e2e/servers/keyring';
import { CoreError } from '../errors';
import { KeytarSecretStore, loadKeytar, type KeytarApi } from './keytar-store';
import { MemorySecretStore } from './memory-store';
import { openSecretStore } from './open-secret-store';

let keyring: PrivateKeyring;
const service = `Bastide-test-${process.pid}`;

beforeAll(() => {
  keyring = startPrivateKeyring();
  Object.assign(process.env, keyring.env); // libsecret reads the bus address on first use
});
afterAll(() => keyring.stop());

const brokenKeytar = async (): Promise<KeytarApi> => {
  throw new Error('Cannot autolaunch D-Bus without X11 $DISPLAY');
};

describe('secret store on the real keychain (gnome-keyring over a private D-Bus)', () => {
  it('stores, reads and deletes one entry per account and kind', async () => {
    const store = new KeytarSecretStore(await loadKeytar(), service);
    await store.set('acc1', 'password', 'mot-de-passe-été');
    await store.set('acc1', 'api-key', 'key-1');
    await store.set('acc2', 'password', 'other');
    expect(await store.get('acc1', 'password')).toBe('mot-de-passe-été');
    expect(await store.get('acc1', 'api-key')).toBe('key-1');
    await store.delete('acc1', 'api-key');
    expect(await store.get('acc1', 'api-key')).toBeNull();
    await store.deleteAccount('acc1');
    expect(await store.get('acc1', 'password')).toBeNull();
    expect(await store.get('acc2', 'password')).toBe('other');
    await store.deleteAccount('acc2');
  });

  it('opens the keychain after a successful probe and leaves no probe behind', async () => {
    const opened = await openSecretStore({ noKeyring: 'refuse', service });
    expect(opened.memoryOnly).toBe(false);
    expect(opened.store.persistent).toBe(true);
    const keytar = await loadKeytar();
    expect(await keytar.findCredentials(service)).toEqual([]);
  });
});

describe('without a usable keychain', () => {
  it('refuses when the setting says refuse, with a translatable error', async () => {
    const attempt = openSecretStore({ noKeyring: 'refuse', keytar: brokenKeytar });
    await expect(attempt).rejects.toBeInstanceOf(CoreError);
    await expect(attempt).rejects.toMatchObject({ code: 'secrets.keyringUnavailable' });
  });

  it('keeps secrets in memory for the session and says so', async () => {
    const opened = await openSecretStore({ noKeyring: 'memory-with-banner', keytar: brokenKeytar });
    expect(opened.memoryOnly).toBe(true);
    expect(opened.store).toBeInstanceOf(MemorySecretStore);
    await opened.store.set('a', 'password', 'x');
    expect(await opened.store.get('a', 'password')).toBe('x');
    await opened.store.deleteAccount('a');
    expect(await opened.store.get('a', 'password')).toBeNull();
  });

  it('treats a keychain that loses what it was given as unusable', async () => {
    const forgetful: KeytarApi = {
      getPassword: async () => null,
      setPassword: async () => {},
      deletePassword: async () => true,
      findCredentials: async () => [],
    };
    const opened = await openSecretStore({ noKeyring: 'memory-with-banner', keytar: async () => forgetful });
    expect(opened.memoryOnly).toBe(true);
  });
});
