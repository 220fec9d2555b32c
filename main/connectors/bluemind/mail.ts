// The mail remote of a BlueMind account for the mail engine: the core REST API when the server lets this
// account use it (the preferred path), IMAP/SMTP otherwise (the standard-protocols connector, signed in with the
// device's API key, which BlueMind accepts as an IMAP and SMTP password). The choice is made on first use and
// kept for the run; a refusal of the REST mail API (a missing role, an unknown route) means IMAP, a network
// failure means "decide later". Folder cursors carry which path wrote them, so a switch resyncs.
import type { AccountSetup, SessionAuth } from '../../core/accounts/driver';
import { parseSetup } from '../../core/accounts/setup';
import type { Accounts } from '../../core/accounts/wiring';
import { CoreError } from '../../core/errors';
import type {
  BodyParts,
  Envelope,
  FolderSyncReport,
  MailRemote,
  MailSyncTarget,
  MessageBody,
  MessageRef,
  RemoteFeatures,
  SubmitResult,
  SyncOptions,
} from '../../core/mail/remote';
import type { AttachmentPolicy } from '../../core/model';
import type { AccountRecord } from '../../store/records';
import type { Store } from '../../store/store';
import type { HttpClient } from '../http/http-client';
import type { Network } from '../http/network';
import { createImapSmtpRemote } from '../imap-smtp/remote';
import { isFault } from './errors';
import { BlueMindMailRemote } from './mail-remote';
import { BlueMindRuntime } from './runtime';
import { sessionKeysFrom } from './session-keys';
import { keyValueOf } from './state';

export const BLUEMIND_KIND_ID = 'bluemind';

export interface BlueMindMailDeps {
  store: Store;
  setup: AccountSetup;
  http: HttpClient;
  network: Network;
  now: () => Date;
  withSession<T>(work: (auth: SessionAuth) => Promise<T>): Promise<T>;
  /** The device's API key (IMAP/SMTP password of the fallback). */
  apiKey(): Promise<string | null>;
}

/** REST refusals that mean "this account does not get mail over REST here". */
const REST_UNAVAILABLE = ['FORBIDDEN', 'PERMISSION_DENIED', 'NO_ROUTE', 'NOT_FOUND'] as const;

export function bluemindMailRemote(account: AccountRecord, deps: BlueMindMailDeps): MailRemote | undefined {
  if (account.kindId !== BLUEMIND_KIND_ID || deps.setup.server.type !== 'web') return undefined;
  const url = new URL(deps.setup.server.url);
  const runtime = new BlueMindRuntime({
    baseUrl: url.href,
    http: deps.http,
    keys: sessionKeysFrom((work) => deps.withSession(work)),
    state: keyValueOf(deps.store, account.id),
    now: () => deps.now().getTime(),
  });
  const rest = new BlueMindMailRemote({ runtime, push: { network: deps.network } });
  const imap = () =>
    createImapSmtpRemote(
      {
        incoming: { host: url.hostname, port: 993, security: 'tls' },
        outgoing: { host: url.hostname, port: 587, security: 'starttls' },
        network: deps.network,
        withLogin: async (work) => {
          const password = await deps.apiKey();
          if (!password) throw new CoreError('auth.needsSignIn');
          return work({ username: deps.setup.username, password });
        },
      },
      { now: deps.now },
    );
  return new PreferRest(rest, imap);
}

/** The REST remote while the server offers mail over REST to this account; IMAP/SMTP otherwise. */
export class PreferRest implements MailRemote {
  #chosen: MailRemote | null = null;
  #deciding: Promise<MailRemote> | null = null;
  #watch: { path: string; onChange: () => void } | null = null;

  constructor(
    readonly rest: BlueMindMailRemote,
    private readonly imap: () => MailRemote,
  ) {}

  /** Which path this run uses, once decided. */
  get path(): 'rest' | 'imap' | null {
    return this.#chosen === null ? null : this.#chosen === this.rest ? 'rest' : 'imap';
  }

  private remote(): Promise<MailRemote> {
    if (this.#chosen) return Promise.resolve(this.#chosen);
    this.#deciding ??= this.decide().finally(() => (this.#deciding = null));
    return this.#deciding;
  }

  private async decide(): Promise<MailRemote> {
    try {
      await this.rest.probeMail();
      this.#chosen = this.rest;
    } catch (error) {
      if (!isFault(error, ...REST_UNAVAILABLE)) throw error;
      await this.rest.close();
      this.#chosen = this.imap();
    }
    if (this.#watch) this.#chosen.watch(this.#watch.path, this.#watch.onChange);
    return this.#chosen;
  }

  watch(path: string, onChange: () => void): void {
    this.#watch = { path, onChange };
    if (this.#chosen) this.#chosen.watch(path, onChange);
    else void this.remote().catch(() => undefined);
  }

  async sync(target: MailSyncTarget, options?: SyncOptions): Promise<FolderSyncReport[]> {
    return (await this.remote()).sync(target, options);
  }
  async fetchBody(ref: MessageRef, parts: BodyParts): Promise<MessageBody> {
    return (await this.remote()).fetchBody(ref, parts);
  }
  async downloadPart(ref: MessageRef, part: string, destination: string): Promise<void> {
    return (await this.remote()).downloadPart(ref, part, destination);
  }
  async setFlags(path: string, uids: number[], flags: { unread?: boolean; flagged?: boolean }): Promise<void> {
    return (await this.remote()).setFlags(path, uids, flags);
  }
  async move(path: string, uids: number[], destination: string): Promise<Map<number, number>> {
    return (await this.remote()).move(path, uids, destination);
  }
  async expunge(path: string, uids: number[]): Promise<void> {
    return (await this.remote()).expunge(path, uids);
  }
  async findByMessageId(path: string, messageId: string): Promise<number[]> {
    return (await this.remote()).findByMessageId(path, messageId);
  }
  /** The server's search on the IMAP path; the REST path offers none here (nothing found, never a failure). */
  async searchText(path: string, words: string): Promise<number[]> {
    const remote = await this.remote();
    return remote.searchText ? remote.searchText(path, words) : [];
  }
  async append(path: string, file: string, flags: string[]): Promise<number | null> {
    return (await this.remote()).append(path, file, flags);
  }
  async submit(envelope: Envelope, file: string): Promise<SubmitResult> {
    return (await this.remote()).submit(envelope, file);
  }
  async features(): Promise<RemoteFeatures> {
    return (await this.remote()).features();
  }
  async probe(): Promise<void> {
    return (await this.remote()).probe();
  }
  async close(): Promise<void> {
    await Promise.all([this.rest.close(), this.#chosen && this.#chosen !== this.rest ? this.#chosen.close() : null]);
  }
}

const NO_LINKS: AttachmentPolicy = {
  linksAvailable: false,
  offerAboveBytes: null,
  forceAboveBytes: null,
  maxLinkBytes: null,
};

/** What the composer may do with large files on the account behind this remote (links need BlueMind's REST). */
export async function attachmentPolicyOf(remote: MailRemote | undefined): Promise<AttachmentPolicy> {
  const rest = remote instanceof PreferRest ? remote.rest : remote instanceof BlueMindMailRemote ? remote : null;
  if (!rest) return NO_LINKS;
  return (await rest.runtime.hosting()).policy();
}

/** The mail engine's remote for a BlueMind account, on the accounts' sessions, network and keychain. */
export function bluemindRemoteFor(
  account: AccountRecord,
  deps: { store: Store; accounts: Accounts; now: () => Date },
): MailRemote | undefined {
  if (account.kindId !== BLUEMIND_KIND_ID) return undefined;
  const setup = parseSetup(deps.store.accounts.setup(account.id));
  if (!setup) return undefined;
  const { accounts } = deps;
  return bluemindMailRemote(account, {
    store: deps.store,
    setup,
    http: accounts.context.http,
    network: accounts.context.network,
    now: deps.now,
    withSession: (work) => accounts.service.sessions.withSession(account.id, work),
    apiKey: async () => (await accounts.keychain.read(account.id))['api-key'] ?? null,
  });
}
