// Per-account signatures the composer inserts in new mail, replies and forwards: plain text, kept on this device
// in the settings table (one key per account), never synced to a server.
import type { Store } from '../../store/store';
import { CoreError } from '../errors';

const keyOf = (accountId: string) => `mail.signature.${accountId}`;

function requireAccount(store: Store, accountId: string): void {
  if (!store.accounts.get(accountId)) throw new CoreError('notFound', { id: accountId });
}

export function readSignature(store: Store, accountId: string): string {
  requireAccount(store, accountId);
  const value = store.settings.get(keyOf(accountId));
  return typeof value === 'string' ? value : '';
}

export function writeSignature(store: Store, accountId: string, signature: string): string {
  requireAccount(store, accountId);
  const cleaned = signature.replace(/\r\n?/g, '\n').replace(/\s+$/, '');
  store.settings.set(keyOf(accountId), cleaned);
  return cleaned;
}
