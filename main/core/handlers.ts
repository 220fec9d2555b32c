import type { Channel, ParsedRequestOf, ResponseOf } from '../../preload/contract';
import type { Store } from '../store/store';
import { isDemoOnly } from './accounts';
import { activityFeed } from './activity/feed';
import type { Accounts } from './accounts/wiring';
import { CoreError } from './errors';
import type { EventHub } from './events';
import { liveHandlers } from './live/handlers';
import type { LiveAccounts } from './live/live-accounts';
import { attachmentPolicyOf } from '../connectors/bluemind/mail';
import type { Mail } from './mail/wiring';
import { preconfiguredOffers } from './policy/preconfigured';
import type { Policy } from './policy/runtime';
import type { Connector } from './ports';
import { searchEverything } from './search/search';
import { searchMailOnServers, serverSearchAccounts } from './search/server-search';
import type { Collaboration } from './spaces/collaboration';
import { collaborationHandlers } from './spaces/handlers';
import type { ChatService } from './chat/chat-service';
import { chatHandlers } from './chat/handlers';
import type { LaunchInbox } from './links/launch';
import { desktopHandlers } from './notifications/handlers';
import type { Screen } from './notifications/screen';
import { readManagedSettings, readPresence, readSettings, writePresence, writeSettings } from './settings';
import type { UpdateService } from './updates/service';

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
  policy: Policy;
  updates: UpdateService;
  accounts: Accounts;
  /** The running accounts: their files on servers and their directories. */
  live: LiveAccounts;
  /** Spaces, activity, chat and documents of collaboration accounts (and what the first schema has no column for). */
  collaboration: Collaboration;
  /** Mail: reading, drafts, the outbox and actions with undo (local first, synced with the servers). */
  mail: Mail;
  /** Chat of the accounts whose connectors offer a ChatPort (XMPP, Zimbra Chat). */
  chat: ChatService;
  /** What links from outside (a launch, a notification's click) ask the window to open. */
  launches: LaunchInbox;
  /** What the user is looking at (the focused window, the conversation on screen): not worth a notification. */
  screen: Screen;
}

const found = <T>(value: T | undefined, id: string): T => {
  if (value === undefined) throw new CoreError('notFound', { id });
  return value;
};

const requireThat = (exists: boolean, id: string): void => {
  if (!exists) throw new CoreError('notFound', { id });
};

export function createHandlers({
  store,
  events,
  demoKindId,
  version,
  policy,
  updates,
  accounts,
  live,
  collaboration,
  mail,
  chat,
  launches,
  screen,
}: HandlerContext): Handlers {
  const collaborationChannels = collaborationHandlers(collaboration);
  const chatChannels = chatHandlers(chat, collaborationChannels, (id) => store.chat.message(id)?.conversationId);
  return {
    'app:info': () => ({
      name: 'Bastide',
      version,
      platform: process.platform,
      demo: isDemoOnly(store, demoKindId),
    }),

    'settings:get': () => readSettings(store.settings, policy),
    'settings:set': (patch) => {
      const settings = writeSettings(store.settings, patch, policy);
      updates.configure(readManagedSettings(store.settings, policy));
      events.emit('settings:changed', settings);
      return settings;
    },

    ...accounts.handlers(),

    'presence:get': () => readPresence(store.settings),
    'presence:set': ({ status }) => {
      store.transaction(() => {
        writePresence(store.settings, status);
        for (const account of store.accounts.list()) {
          if (account.selfPersonId) store.people.setPresence(account.selfPersonId, status);
        }
      });
      events.emit('presence:changed', status);
      collaboration.setPresence(status);
      void chat.setPresence(status);
      return status;
    },

    ...mail.handlers(),
    'attachments:policy': ({ accountId }) => attachmentPolicyOf(mail.engine.runtime(accountId)?.context.remote),

    'chat:conversations': () => store.chat.conversations(),
    'chat:messages': ({ conversationId, before, limit }) => {
      requireThat(store.chat.hasConversation(conversationId), conversationId);
      return collaboration.chat.decorate(store.chat.messages(conversationId, before, limit));
    },

    'spaces:list': () => store.spaces.list(),
    'spaces:posts': ({ spaceId }) => {
      requireThat(store.spaces.hasSpace(spaceId), spaceId);
      return collaboration.decoratePosts(store.spaces.posts(spaceId));
    },

    'files:list': ({ parentId, spaceId }) => {
      if (parentId !== null) requireThat(store.files.get(parentId)?.kind === 'folder', parentId);
      else if (spaceId !== undefined) requireThat(store.spaces.hasSpace(spaceId), spaceId);
      return collaboration.documents.decorate(store.files.list(parentId, spaceId ?? null));
    },
    'files:get': async ({ id }) => (await collaboration.documents.decorate([found(store.files.get(id), id)]))[0]!,

    'calendar:events': ({ from, to }) => store.calendar.between(from, to),

    'activity:feed': () => activityFeed(store.activity),

    'search:query': ({ q, limit }) => searchEverything(store.search, q, limit),
    'search:server': ({ q, limit }) =>
      searchMailOnServers(store.search, serverSearchAccounts(store, mail.engine), q, limit),

    'policy:get': () => policy.state(),
    'policy:preconfiguredAccounts': () => preconfiguredOffers(policy, store),
    'updates:status': () => updates.status(),
    'updates:install': () => updates.install(),

    ...liveHandlers(store, live),
    ...collaborationChannels,
    ...chatChannels,
    'chat:focus': (request) => {
      screen.showConversation(request.conversationId);
      return chatChannels['chat:focus'](request);
    },
    ...desktopHandlers(store, events, launches, screen),
  };
}
