// Starts the running side of the signed-in accounts, on the accounts' sessions and network, and keeps it in
// step with the accounts list (an account added, removed, or waiting for the user).
import { bluemindLiveConnector } from '../../connectors/bluemind/live';
import { caldavLiveConnector, type CalDavLiveOptions } from '../../connectors/caldav/live';
import { xmppLiveConnector } from '../../connectors/xmpp/live';
import { zimbraLiveConnector, type ZimbraLiveOptions } from '../../connectors/zimbra/live';
import type { Store } from '../../store/store';
import { parseSetup } from '../accounts/setup';
import type { Accounts } from '../accounts/wiring';
import type { EventHub } from '../events';
import type { ChatChange } from '../ports';
import { LiveAccounts, type LiveConnector } from './live-accounts';

export interface LiveOptions {
  /** Replaces the live connectors (tests). */
  connectors?: readonly LiveConnector[];
  zimbra?: ZimbraLiveOptions;
  xmpp?: Parameters<typeof xmppLiveConnector>[0];
  caldav?: CalDavLiveOptions;
}

export function liveConnectors(options: LiveOptions = {}): readonly LiveConnector[] {
  return (
    options.connectors ?? [
      zimbraLiveConnector(options.zimbra),
      bluemindLiveConnector(),
      xmppLiveConnector(options.xmpp),
      caldavLiveConnector(options.caldav),
    ]
  );
}

export function createLiveAccounts(deps: {
  store: Store;
  events: EventHub;
  accounts: Accounts;
  now: () => Date;
  options?: LiveOptions;
  /** A running account's chat changed: the core's chat turns it into events and flushes its outbox. */
  chatChanged?: (accountId: string, change?: ChatChange) => void;
}): LiveAccounts {
  const { store, events, accounts, now } = deps;
  const live = new LiveAccounts({
    store,
    events,
    connectors: liveConnectors(deps.options),
    now,
    setupOf: (accountId) => parseSetup(store.accounts.setup(accountId)),
    withSession: (accountId, work) => accounts.service.sessions.withSession(accountId, work),
    secret: async (accountId, kind) => (await accounts.keychain.read(accountId))[kind] ?? null,
    network: accounts.context.network,
    http: accounts.context.http,
    client: accounts.context.client,
    accountsChanged: () => accounts.service.changed(),
    chatChanged: deps.chatChanged,
  });
  events.subscribe((event) => {
    if (event === 'accounts:changed') live.reconcile();
  });
  return live;
}
