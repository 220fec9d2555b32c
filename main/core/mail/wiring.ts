// Assembles the mail engine on the accounts' sessions and network: accounts set up with a mail server pair
// (IMAP + SMTP) get the standard-protocols connector; the account's state follows its server's reachability.
import { bluemindRemoteFor } from '../../connectors/bluemind/mail';
import { createImapSmtpRemote } from '../../connectors/imap-smtp/remote';
import type { MailServerAccess } from '../../connectors/imap-smtp/connection';
import type { Store } from '../../store/store';
import type { AccountRecord } from '../../store/records';
import { parseSetup } from '../accounts/setup';
import type { Accounts } from '../accounts/wiring';
import { CoreError } from '../errors';
import type { EventHub } from '../events';
import type { StagedFileTaker } from './drafts';
import { MailEngine, type MailEngineTimings } from './engine';
import { mailHandlers } from './handlers';

export interface MailOptions {
  timings?: Partial<MailEngineTimings>;
  random?: () => number;
}

export function createMail(deps: {
  store: Store;
  events: EventHub;
  accounts: Accounts;
  profileDir: string;
  now: () => Date;
  openPath: (path: string) => Promise<void>;
  options?: MailOptions;
  takeStaged?: StagedFileTaker;
}) {
  const { store, accounts, now } = deps;
  const accessOf = (account: AccountRecord): MailServerAccess | undefined => {
    const setup = parseSetup(store.accounts.setup(account.id));
    if (setup?.server.type !== 'mail') return undefined;
    return {
      incoming: setup.server.incoming,
      outgoing: setup.server.outgoing,
      network: accounts.context.network,
      withLogin: (work) =>
        accounts.service.sessions.withSession(account.id, (auth) => {
          if (!auth.login) throw new CoreError('auth.expired');
          return work(auth.login);
        }),
    };
  };
  const engine = new MailEngine({
    store,
    events: deps.events,
    profileDir: deps.profileDir,
    now,
    random: deps.options?.random,
    timings: deps.options?.timings,
    openPath: deps.openPath,
    takeStaged: deps.takeStaged,
    remoteOf: (account) => {
      const access = accessOf(account);
      // BlueMind accounts: the core REST API (IMAP/SMTP as fallback), main/connectors/bluemind/mail.ts.
      return access ? createImapSmtpRemote(access, { now }) : bluemindRemoteFor(account, { store, accounts, now });
    },
    onReachability: (accountId, state) => {
      const account = store.accounts.get(accountId);
      if (!account || account.state === 'needs-sign-in') return;
      const next = state.reachable ? 'online' : 'offline';
      if (account.state === next) return;
      store.accounts.setState(accountId, next);
      accounts.service.changed();
    },
  });
  return {
    engine,
    handlers: () => mailHandlers(engine, deps.openPath),
    start: () => engine.start(),
    close: () => engine.close(),
  };
}

export type Mail = ReturnType<typeof createMail>;
