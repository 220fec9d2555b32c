// A small persisted key-value space of one account (the `sync_state` table): changeset versions of the
// hierarchy, calendars and address books, send progress, the pool of reserved ids.
import type { Store } from '../../store/store';

export interface KeyValue {
  get(key: string): string | null;
  set(key: string, value: string | null): void;
}

export function keyValueOf(store: Pick<Store, 'syncState'>, accountId: string, prefix = 'bluemind:'): KeyValue {
  return {
    get: (key) => store.syncState.get(accountId, prefix + key),
    set: (key, value) => store.syncState.set(accountId, prefix + key, value),
  };
}
