import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import packageJson from '../../package.json' with { type: 'json' };
import type { Channel, ParsedRequestOf, ResponseOf } from '../../preload/contract';
import { demoAccount, demoConnector } from '../connectors/demo';
import { openStore, type Store } from '../store/store';
import { accountSummaries } from './accounts';
import { CoreError } from './errors';
import { createEventHub, type EventHub } from './events';
import { createHandlers } from './handlers';
import type { Connector } from './ports';
import type { CoreEventListener, CoreService } from './service';
import { syncAccount } from './sync/sync-account';

export const DATABASE_FILE = 'bastide.sqlite';

export interface CoreOptions {
  profileDir: string;
  now?: () => Date;
  /** Subscribed before anything runs, so that it also hears the first-run events (the demo's sync:progress). */
  onEvent?: CoreEventListener;
  connectors?: readonly Connector[];
}

/** The account kinds this build can configure. */
export const registeredConnectors: readonly Connector[] = [demoConnector];

/**
 * Opens the profile (database, migrations) and, on a profile with no account, installs the demonstration
 * account and imports its content, so that the first launch shows a living workspace.
 */
export async function createCore(options: CoreOptions): Promise<CoreService> {
  const now = options.now ?? (() => new Date());
  const connectors = options.connectors ?? registeredConnectors;
  await mkdir(options.profileDir, { recursive: true });
  const store = openStore(join(options.profileDir, DATABASE_FILE));
  const events = createEventHub();
  if (options.onEvent) events.subscribe(options.onEvent);

  try {
    if (store.accounts.list().length === 0) await installDemo(store, events, connectors, now);
  } catch (error) {
    store.close();
    throw error;
  }

  const handlers = createHandlers({
    store,
    events,
    connectors,
    demoKindId: demoConnector.kind.id,
    version: packageJson.version,
  });
  let closed = false;

  return {
    async handle<C extends Channel>(channel: C, request: ParsedRequestOf<C>): Promise<ResponseOf<C>> {
      if (closed) throw new CoreError('closed');
      if (!Object.hasOwn(handlers, channel)) throw new CoreError('ipc.unknownChannel');
      const handler = handlers[channel] as unknown as (
        parsed: ParsedRequestOf<C>,
      ) => Promise<ResponseOf<C>> | ResponseOf<C>;
      return handler(request);
    },
    subscribe: (listener) => events.subscribe(listener),
    async close() {
      if (closed) return;
      closed = true;
      events.clear();
      store.close();
    },
  };
}

/** One transaction for the whole import: a first launch interrupted half-way leaves an empty profile. */
async function installDemo(
  store: Store,
  events: EventHub,
  connectors: readonly Connector[],
  now: () => Date,
): Promise<void> {
  const account = demoAccount;
  await store.transactionAsync(async () => {
    store.accounts.put({ ...account, state: 'syncing' }, now());
    await syncAccount(store, events, account, demoConnector.create(account, { now }));
    store.accounts.setState(account.id, 'online');
  });
  events.emit('accounts:changed', accountSummaries(store, connectors));
}
