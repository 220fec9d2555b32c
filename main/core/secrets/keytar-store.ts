import { entryName, type SecretKind, type SecretStore } from './secret-store';

/** The part of keytar we use (Windows Credential Manager, libsecret/Secret Service on Linux). */
export interface KeytarApi {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
  findCredentials(service: string): Promise<Array<{ account: string; password: string }>>;
}

export const KEYCHAIN_SERVICE = 'Bastide';

export class KeytarSecretStore implements SecretStore {
  readonly persistent = true;

  constructor(
    private readonly keytar: KeytarApi,
    private readonly service = KEYCHAIN_SERVICE,
  ) {}

  get(accountId: string, kind: SecretKind) {
    return this.keytar.getPassword(this.service, entryName(accountId, kind));
  }

  set(accountId: string, kind: SecretKind, secret: string) {
    return this.keytar.setPassword(this.service, entryName(accountId, kind), secret);
  }

  async delete(accountId: string, kind: SecretKind) {
    await this.keytar.deletePassword(this.service, entryName(accountId, kind));
  }

  async deleteAccount(accountId: string) {
    const prefix = `${accountId}/`;
    const entries = await this.keytar.findCredentials(this.service);
    for (const { account } of entries.filter((e) => e.account.startsWith(prefix))) {
      await this.keytar.deletePassword(this.service, account);
    }
  }
}

export async function loadKeytar(): Promise<KeytarApi> {
  const module = (await import('keytar')) as KeytarApi & { default?: KeytarApi };
  return module.default ?? module;
}
