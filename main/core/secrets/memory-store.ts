import { entryName, type SecretKind, type SecretStore } from './secret-store';

/** Used only when no keychain is usable and policy allows it: secrets last for this session. */
export class MemorySecretStore implements SecretStore {
  readonly persistent = false;
  readonly #entries = new Map<string, string>();

  async get(accountId: string, kind: SecretKind) {
    return this.#entries.get(entryName(accountId, kind)) ?? null;
  }

  async set(accountId: string, kind: SecretKind, secret: string) {
    this.#entries.set(entryName(accountId, kind), secret);
  }

  async delete(accountId: string, kind: SecretKind) {
    this.#entries.delete(entryName(accountId, kind));
  }

  async deleteAccount(accountId: string) {
    for (const key of this.#entries.keys()) if (key.startsWith(`${accountId}/`)) this.#entries.delete(key);
  }
}
