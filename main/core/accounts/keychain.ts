// Where account secrets go: the OS keychain when one works; otherwise, as the no-keyring setting says, memory
// for this session (the UI shows a banner) or nowhere (sign-ins are refused). The keychain is opened on first
// need, so a profile with only the demo never touches it.
import type { SettingsRepository } from '../../store/repositories/settings';
import { CoreError } from '../errors';
import type { NoKeyringBehaviour, SecretsStatus } from '../model';
import type { Policy } from '../policy/runtime';
import { MemorySecretStore } from '../secrets/memory-store';
import { openSecretStore } from '../secrets/open-secret-store';
import type { SecretKind, SecretStore } from '../secrets/secret-store';
import type { Secrets } from './driver';

export const SECRET_KINDS: readonly SecretKind[] = [
  'password',
  'api-key',
  'session',
  'trusted-device',
  'refresh-token',
];

const SETTING = 'noKeyringBehaviour';

export interface KeychainOptions {
  settings: SettingsRepository;
  /** `NoKeyringBehaviour` may be set (and locked) by the organisation. */
  policy: Policy;
  /** The OS keychain, or null when there is none usable (default: keytar, proved by a round trip). */
  openKeychain?: () => Promise<SecretStore | null>;
  onChange?: (status: SecretsStatus) => void;
}

export class Keychain {
  #keychain: Promise<SecretStore | null> | null = null;
  #memory: MemorySecretStore | null = null;

  constructor(private readonly options: KeychainOptions) {}

  behaviour(): NoKeyringBehaviour {
    return this.options.policy.settings({ [SETTING]: this.options.settings.get(SETTING) }).values.noKeyringBehaviour;
  }

  async status(): Promise<SecretsStatus> {
    const store = await this.#usable();
    const storage = store === null ? 'unavailable' : store.persistent ? 'keychain' : 'memory';
    return { storage, noKeyringBehaviour: this.behaviour(), locked: this.options.policy.isLocked(SETTING) };
  }

  /** The store to use now; `secrets.keyringUnavailable` when there is none and the setting refuses memory. */
  async store(): Promise<SecretStore> {
    const store = await this.#usable();
    if (!store) throw new CoreError('secrets.keyringUnavailable');
    return store;
  }

  async setBehaviour(behaviour: NoKeyringBehaviour): Promise<SecretsStatus> {
    if (this.options.policy.isLocked(SETTING)) throw new CoreError('policy.locked', { key: SETTING });
    this.options.settings.set(SETTING, behaviour);
    // Refusing memory drops what it held: those accounts will need a sign-in.
    if (behaviour === 'refuse') this.#memory = null;
    const status = await this.status();
    this.options.onChange?.(status);
    return status;
  }

  async read(accountId: string): Promise<Secrets> {
    const store = await this.store();
    const secrets: Secrets = {};
    for (const kind of SECRET_KINDS) {
      const value = await store.get(accountId, kind);
      if (value !== null) secrets[kind] = value;
    }
    return secrets;
  }

  /**
   * Writes secrets (a `null` value removes that kind). If one write fails, the secrets present before are put
   * back, so that a failed change never leaves an account with half its new credentials.
   */
  async write(accountId: string, changes: Partial<Record<SecretKind, string | null>>): Promise<void> {
    const store = await this.store();
    const entries = Object.entries(changes) as Array<[SecretKind, string | null]>;
    if (entries.length === 0) return;
    const before = new Map<SecretKind, string | null>();
    for (const [kind] of entries) before.set(kind, await store.get(accountId, kind));
    try {
      for (const [kind, value] of entries) {
        if (value === null) await store.delete(accountId, kind);
        else await store.set(accountId, kind, value);
      }
    } catch (error) {
      for (const [kind, value] of before) {
        await (value === null ? store.delete(accountId, kind) : store.set(accountId, kind, value)).catch(() => {});
      }
      throw error;
    }
  }

  async forget(accountId: string): Promise<void> {
    await (await this.store()).deleteAccount(accountId);
  }

  async #usable(): Promise<SecretStore | null> {
    const keychain = await (this.#keychain ??= (this.options.openKeychain ?? openOsKeychain)());
    if (keychain) return keychain;
    if (this.behaviour() === 'refuse') return null;
    return (this.#memory ??= new MemorySecretStore());
  }
}

async function openOsKeychain(): Promise<SecretStore | null> {
  try {
    return (await openSecretStore({ noKeyring: 'refuse' })).store;
  } catch {
    return null;
  }
}
