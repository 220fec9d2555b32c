// A server's own push (a Zimbra WaitSet) may say that mail changed while the mail itself is read over IMAP:
// the mail sync of that mailbox — the same account, or the IMAP account set up for the same address — runs now
// instead of at its next periodic check.
import type { Store } from '../../store/store';
import type { LiveAccounts } from './live-accounts';

export interface MailSyncTarget {
  scheduler: { request(): void };
}

export function forwardMailPushes(
  live: LiveAccounts,
  store: Store,
  mailRuntimeOf: (accountId: string) => MailSyncTarget | undefined,
): () => void {
  return live.onSyncRequested((accountId, area) => {
    if (area !== 'mail') return;
    const address = store.accounts.get(accountId)?.address.trim().toLowerCase();
    for (const account of store.accounts.list()) {
      if (account.id !== accountId && account.address.trim().toLowerCase() !== address) continue;
      mailRuntimeOf(account.id)?.scheduler.request();
    }
  });
}
