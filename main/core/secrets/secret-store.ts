// Secrets live in the OS keychain, behind this port: never in SQLite, logs, crash output or IPC.

export type SecretKind = 'password' | 'api-key' | 'session' | 'trusted-device' | 'refresh-token';

export interface SecretStore {
  /** False for the memory fallback: secrets are lost when the app quits. */
  readonly persistent: boolean;
  get(accountId: string, kind: SecretKind): Promise<string | null>;
  set(accountId: string, kind: SecretKind, secret: string): Promise<void>;
  delete(accountId: string, kind: SecretKind): Promise<void>;
  /** Removes every secret of an account (account removal). */
  deleteAccount(accountId: string): Promise<void>;
}

/** One keychain entry per account and secret kind. */
export const entryName = (accountId: string, kind: SecretKind) => `${accountId}/${kind}`;
