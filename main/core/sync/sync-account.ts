import type { Store } from '../../store/store';
import { createStoreSink } from '../../store/sink';
import type { AccountRecord } from '../../store/records';
import type { EventHub } from '../events';
import type { ConnectorPorts } from '../ports';

// People first: every other domain refers to them.
const portOrder: readonly (keyof ConnectorPorts)[] = ['directory', 'mail', 'chat', 'activity', 'files', 'calendar'];

/** Runs each port's sync into the store, forwarding progress as `sync:progress`. */
export async function syncAccount(
  store: Store,
  events: EventHub,
  account: AccountRecord,
  ports: ConnectorPorts,
  signal: AbortSignal = new AbortController().signal,
): Promise<void> {
  const sink = createStoreSink(store, account.id);
  for (const name of portOrder) {
    const port = ports[name];
    if (!port) continue;
    signal.throwIfAborted();
    await port.sync({
      sink,
      signal,
      progress: (phase, done, total) => events.emit('sync:progress', { accountId: account.id, phase, done, total }),
    });
  }
}
