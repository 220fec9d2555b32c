import type { Store } from '../../store/store';
import type { AccountRecord } from '../../store/records';
import type { AccountKindInfo, AccountSummary, ErrorInfo } from '../model';

export function accountSummaries(
  store: Store,
  kinds: readonly { kind: AccountKindInfo }[],
  problemOf: (accountId: string) => ErrorInfo | undefined = () => undefined,
): AccountSummary[] {
  return store.accounts.list().map((account) => toSummary(account, kinds, problemOf(account.id)));
}

/** True when the only configured accounts are demonstration ones. */
export function isDemoOnly(store: Store, demoKindId: string): boolean {
  const accounts = store.accounts.list();
  return accounts.length > 0 && accounts.every((account) => account.kindId === demoKindId);
}

export function toSummary(
  account: AccountRecord,
  kinds: readonly { kind: AccountKindInfo }[],
  problem?: ErrorInfo,
): AccountSummary {
  const kind = kinds.find((candidate) => candidate.kind.id === account.kindId)?.kind;
  return {
    id: account.id,
    kindId: account.kindId,
    // A kind whose connector is gone (older profile) still lists, under its id.
    kindLabel: kind?.label ?? account.kindId,
    displayName: account.displayName,
    address: account.address,
    state: account.state,
    capabilities: [...account.capabilities],
    ...(problem && { problem }),
  };
}
