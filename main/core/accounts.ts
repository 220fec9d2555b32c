import type { Store } from '../store/store';
import type { AccountRecord } from '../store/records';
import type { AccountKindInfo, AccountSummary } from './model';
import type { Connector } from './ports';

export function accountKinds(connectors: readonly Connector[]): AccountKindInfo[] {
  return connectors.map((connector) => structuredClone(connector.kind));
}

export function accountSummaries(store: Store, connectors: readonly Connector[]): AccountSummary[] {
  return store.accounts.list().map((account) => toSummary(account, connectors));
}

/** True when the only configured accounts are demonstration ones. */
export function isDemoOnly(store: Store, demoKindId: string): boolean {
  const accounts = store.accounts.list();
  return accounts.length > 0 && accounts.every((account) => account.kindId === demoKindId);
}

function toSummary(account: AccountRecord, connectors: readonly Connector[]): AccountSummary {
  const kind = connectors.find((connector) => connector.kind.id === account.kindId)?.kind;
  return {
    id: account.id,
    kindId: account.kindId,
    // A kind whose connector is gone (older profile) still lists, under its id.
    kindLabel: kind?.label ?? account.kindId,
    displayName: account.displayName,
    address: account.address,
    state: account.state,
    capabilities: [...account.capabilities],
  };
}
