import { randomUUID } from 'node:crypto';
import { CoreError } from '../errors';
import { KeytarSecretStore, loadKeytar, type KeytarApi } from './keytar-store';
import { MemorySecretStore } from './memory-store';
import type { SecretStore } from './secret-store';

export type NoKeyringBehaviour = 'refuse' | 'memory-with-banner';

export interface OpenedSecretStore {
  store: SecretStore;
  /** True when secrets are kept in memory only: the UI shows a banner saying so. */
  memoryOnly: boolean;
}

/**
 * Opens the OS keychain, proving it works with a write-read-delete round trip (a locked or absent
 * Secret Service fails here rather than at the first sign-in). Without one, the setting decides.
 */
export async function openSecretStore(options: {
  noKeyring: NoKeyringBehaviour;
  keytar?: () => Promise<KeytarApi>;
  service?: string;
}): Promise<OpenedSecretStore> {
  try {
    const keytar = await (options.keytar ?? loadKeytar)();
    const store = new KeytarSecretStore(keytar, options.service);
    const probe = `probe-${randomUUID()}`;
    await store.set(probe, 'session', 'probe');
    const readBack = await store.get(probe, 'session');
    await store.delete(probe, 'session');
    if (readBack !== 'probe') throw new Error('keychain did not keep the probe');
    return { store, memoryOnly: false };
  } catch {
    if (options.noKeyring === 'memory-with-banner') return { store: new MemorySecretStore(), memoryOnly: true };
    throw new CoreError('secrets.keyringUnavailable');
  }
}
