import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import packageJson from '../../package.json' with { type: 'json' };
import type { Channel, ParsedRequestOf, ResponseOf } from '../../preload/contract';
import { demoAccount, demoConnector } from '../connectors/demo';
import { openStore, type Store } from '../store/store';
import { accountSummaries } from './accounts';
import { createAccounts, type AccountsOptions } from './accounts/wiring';
import { CoreError } from './errors';
import { createEventHub, type EventHub } from './events';
import { createHandlers } from './handlers';
import { guessMimeType } from './live/handlers';
import { forwardMailPushes } from './live/mail-push';
import { createLiveAccounts, liveConnectors, type LiveOptions } from './live/wiring';
import { createMail, type MailOptions } from './mail/wiring';
import { resolvePolicy, type Policy, type PolicyOptions } from './policy/runtime';
import type { Connector } from './ports';
import type { CoreEventListener, CoreService } from './service';
import { readManagedSettings, readSettings } from './settings';
import { syncAccount } from './sync/sync-account';
import { ChatService } from './chat/chat-service';
import { Collaboration } from './spaces/collaboration';
import { EXO_KIND_ID } from '../connectors/exo';
import { exoClientFactory } from '../connectors/exo/live';
import { createUpdateService, type UpdateEnvironment } from './updates/service';
import { createLaunchInbox, type LaunchReceiver } from './links/launch';
import { createNotificationCenter } from './notifications/center';
import { createMeetingWatch } from './activity/meeting-watch';
import { createScreen } from './notifications/screen';
import type { NotifierPort } from './notifications/port';

export const DATABASE_FILE = 'bastide.sqlite';

export interface CoreOptions {
  profileDir: string;
  now?: () => Date;
  /** Subscribed before anything runs, so that it also hears the first-run events (the demo's sync:progress). */
  onEvent?: CoreEventListener;
  connectors?: readonly Connector[];
  /** The policies, or where to read them: by default /etc/bastide/policies.json on Linux, nothing elsewhere. */
  policy?: Policy | PolicyOptions;
  /** How this installation updates: by default a development build, which never checks. */
  updates?: UpdateEnvironment;
  /** Accounts: network, keychain and SSO window (tests inject loopback servers and a private keychain). */
  accounts?: AccountsOptions;
  /** The running side of signed-in accounts (tests replace connectors or point chat at a test server). */
  live?: LiveOptions;
  /** Opens a document's local copy with the system's application (Electron's shell.openPath). */
  openPath?: (path: string) => Promise<void>;
  /** Mail engine timings and randomness (tests shorten delays). */
  mail?: MailOptions;
  /** Where notifications go (Electron's, the test host's recorder); none: nothing is shown. */
  notifier?: NotifierPort;
  /** Links received from launches (created by the host before the core, so that none is lost). */
  launches?: LaunchReceiver;
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
  const policy = await resolvePolicy(options.policy);
  const store = openStore(join(options.profileDir, DATABASE_FILE));
  const events = createEventHub();
  if (options.onEvent) events.subscribe(options.onEvent);

  try {
    if (store.accounts.list().length === 0) await installDemo(store, events, connectors, now);
  } catch (error) {
    store.close();
    throw error;
  }

  const updates = createUpdateService({ environment: options.updates, currentVersion: packageJson.version, events });
  const accounts = createAccounts({
    store,
    events,
    policy,
    connectors,
    now,
    version: packageJson.version,
    options: options.accounts,
  });
  const collaboration = new Collaboration({
    store,
    events,
    now,
    cacheDir: join(options.profileDir, 'documents'),
    openPath: options.openPath ?? cannotOpen,
  });
  collaboration.handlesKind(EXO_KIND_ID);
  const chat = new ChatService({
    store,
    events,
    now,
    portOf: (accountId) => live.get(accountId)?.chat?.() ?? null,
    runsElsewhere: (accountId) => collaboration.isCollaborationAccount(accountId),
    runningAccounts: () => live.all().map(([accountId]) => accountId),
  });
  const live = createLiveAccounts({
    store,
    events,
    accounts,
    now,
    chatChanged: (accountId, change) => chat.changed(accountId, change),
    options: {
      ...options.live,
      connectors: options.live?.connectors ?? [
        ...liveConnectors(options.live),
        collaboration.liveConnector(EXO_KIND_ID, exoClientFactory),
      ],
    },
  });
  const mail = createMail({
    store,
    events,
    accounts,
    profileDir: options.profileDir,
    now,
    openPath: options.openPath ?? cannotOpen,
    options: options.mail,
    // Files the composer staged become the draft's attachments (moved out of the documents' staging).
    takeStaged: async (stagingId, accountId) => {
      const staged = await collaboration.documents.takeStaged(stagingId, accountId);
      const path = collaboration.cache.absolute(staged.relativePath);
      return { path, name: staged.name, release: () => collaboration.cache.removeCopy(staged.relativePath) };
    },
  });
  forwardMailPushes(live, store, (accountId) => mail.engine.runtime(accountId));
  // Uploads to the libraries live connectors serve (Zimbra's Briefcase) take the documents' queued path.
  collaboration.documents.serveLiveLibraries({
    accounts: () => live.all().flatMap(([accountId, account]) => (account.files ? [accountId] : [])),
    filesOf: (accountId) => live.get(accountId)?.files,
    guessMimeType,
  });
  const launches = options.launches ?? createLaunchInbox();
  launches.announceWith(() => events.emit('app:open', {}));
  const screen = createScreen();
  const notifications = createNotificationCenter({
    store,
    events,
    now,
    notifier: options.notifier ?? { show: () => {}, setBadge: () => {} },
    language: () => readSettings(store.settings, policy).language,
    selfPersonOf: (accountId) => collaboration.selfPersonOf(accountId),
    screen,
  });
  const meetings = createMeetingWatch({
    store,
    events,
    now,
    language: () => readSettings(store.settings, policy).language,
  });
  const handlers = createHandlers({
    store,
    events,
    connectors,
    demoKindId: demoConnector.kind.id,
    version: packageJson.version,
    policy,
    updates,
    accounts,
    live,
    collaboration,
    mail,
    chat,
    launches,
    screen,
  });
  updates.configure(readManagedSettings(store.settings, policy));
  meetings.start();
  notifications.start();
  accounts.start();
  mail.start();
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
      notifications.stop();
      meetings.stop();
      updates.close();
      events.clear();
      await accounts.close();
      await chat.close();
      await collaboration.documents.closeLiveLibraries();
      await live.close();
      await collaboration.close();
      await mail.close();
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

/** Without a host able to open files (plain Node), opening a document is refused with a clear message. */
async function cannotOpen(): Promise<void> {
  throw new CoreError('files.openUnavailable');
}
