// An XMPP account at work: its chat connected (reconnecting with back-off on its own), live changes reported
// to the core with their details, which flushes the chat outbox when the account is reachable again.
import type { LiveAccount, LiveConnector } from '../../core/live/live-accounts';
import { CoreError } from '../../core/errors';
import type { ChatPort } from '../../core/ports';
import { createStoreSink } from '../../store/sink';
import { XmppChat, type XmppChatOptions } from './chat';
import { xmppIds } from './ids';
import { xmppDriver } from './login';

export function xmppLiveConnector(options: Pick<XmppChatOptions, 'retry' | 'keepAliveMs'> = {}): LiveConnector {
  return {
    kindId: xmppDriver.kind.id,
    start(context): LiveAccount {
      const { account, setup, store } = context;
      if (setup.server.type !== 'chat') throw new CoreError('accounts.invalidSetup', { field: 'server' });
      // Our own messages and presence are written as this person (the account's address is our bare JID).
      const current = store.accounts.get(account.id);
      if (current && !current.selfPersonId) {
        store.accounts.put({ ...current, selfPersonId: xmppIds(account.id).person(account.address) }, context.now());
      }
      const chat = new XmppChat({
        ...options,
        accountId: account.id,
        server: { domain: setup.server.domain, endpoint: setup.server.endpoint },
        login: () =>
          context.withSession(async (auth) => {
            if (!auth.login) throw new CoreError('auth.expired');
            return auth.login;
          }),
        network: context.network,
        now: context.now,
      });
      const stop = chat.listen(createStoreSink(store, account.id), (change) => context.changed('chat', change));
      return {
        chat: (): ChatPort => chat,
        async stop() {
          stop();
          await chat.close();
        },
      };
    },
  };
}
