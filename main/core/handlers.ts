import type { Channel, ParsedRequestOf, ResponseOf } from '../../preload/contract';
import type { Store } from '../store/store';
import { accountKinds, accountSummaries, isDemoOnly } from './accounts';
import { CoreError } from './errors';
import type { EventHub } from './events';
import type { Connector } from './ports';
import { searchEverything } from './search/search';
import { readPresence, readSettings, writePresence, writeSettings } from './settings';

/** One handler per channel of the contract: a channel without a handler is a type error. */
export type Handlers = {
  [C in Channel]: (request: ParsedRequestOf<C>) => ResponseOf<C> | Promise<ResponseOf<C>>;
};

export interface HandlerContext {
  store: Store;
  events: EventHub;
  connectors: readonly Connector[];
  demoKindId: string;
  version: string;
}

const found = <T>(value: T | undefined, id: string): T => {
  if (value === undefined) throw new CoreError('notFound', { id });
  return value;
};

const requireThat = (exists: boolean, id: string): void => {
  if (!exists) throw new CoreError('notFound', { id });
};

export function createHandlers({ store, events, connectors, demoKindId, version }: HandlerContext): Handlers {
  return {
    'app:info': () => ({
      name: 'Bastide',
      version,
      platform: process.platform,
      demo: isDemoOnly(store, demoKindId),
    }),

    'settings:get': () => readSettings(store.settings),
    'settings:set': (patch) => {
      const settings = writeSettings(store.settings, patch);
      events.emit('settings:changed', settings);
      return settings;
    },

    'accounts:kinds': () => accountKinds(connectors),
    'accounts:list': () => accountSummaries(store, connectors),

    'presence:get': () => readPresence(store.settings),
    'presence:set': ({ status }) => {
      store.transaction(() => {
        writePresence(store.settings, status);
        for (const account of store.accounts.list()) {
          if (account.selfPersonId) store.people.setPresence(account.selfPersonId, status);
        }
      });
      events.emit('presence:changed', status);
      return status;
    },

    'mail:folders': ({ accountId }) => store.mail.folders(accountId ?? null),
    'mail:list': ({ folderId, offset, limit }) => {
      requireThat(store.mail.hasFolder(folderId), folderId);
      return store.mail.list(folderId, offset, limit);
    },
    'mail:get': ({ id }) => found(store.mail.get(id), id),
    'mail:setFlags': ({ ids, unread, flagged }) => {
      const folderIds = store.transaction(() => store.mail.setFlags(ids, { unread, flagged }));
      if (folderIds.length > 0) events.emit('mail:changed', { folderIds });
    },

    'chat:conversations': () => store.chat.conversations(),
    'chat:messages': ({ conversationId, before, limit }) => {
      requireThat(store.chat.hasConversation(conversationId), conversationId);
      return store.chat.messages(conversationId, before, limit);
    },

    'spaces:list': () => store.spaces.list(),
    'spaces:posts': ({ spaceId }) => {
      requireThat(store.spaces.hasSpace(spaceId), spaceId);
      return store.spaces.posts(spaceId);
    },

    'files:list': ({ parentId, spaceId }) => {
      if (parentId !== null) requireThat(store.files.get(parentId)?.kind === 'folder', parentId);
      else if (spaceId !== undefined) requireThat(store.spaces.hasSpace(spaceId), spaceId);
      return store.files.list(parentId, spaceId ?? null);
    },
    'files:get': ({ id }) => found(store.files.get(id), id),

    'calendar:events': ({ from, to }) => store.calendar.between(from, to),

    'activity:feed': () => store.activity.feed(),

    'search:query': ({ q, limit }) => searchEverything(store.search, q, limit),
  };
}
