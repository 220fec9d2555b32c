// Accounts as the user manages them: add (after a successful sign-in only), edit, sign in again, remove
// (with everything cached and every secret), re-order. Nothing is half-saved: an account row exists only
// once its secrets are in the keychain, and a failed add leaves neither.
import { randomBytes, randomUUID } from 'node:crypto';
import type { Store } from '../../store/store';
import { CoreError } from '../errors';
import type { EventHub } from '../events';
import type {
  AccountDetails,
  AccountKindInfo,
  AccountServer,
  AccountSummary,
  DiscoveryResult,
  SignInMethod,
  SignInResult,
} from '../model';
import { assertAccountAllowed } from '../policy/preconfigured';
import type { Policy } from '../policy/runtime';
import type { Connector } from '../ports';
import { SessionManager } from '../session/session-manager';
import { accountSummaries, toSummary } from './index';
import { discover } from './discovery/discover';
import type { SrvResolver } from './discovery/mail-settings';
import type { AccountKindDriver, AccountSetup, Credentials, DriverContext, OpenedSession, SignInStep } from './driver';
import type { Keychain } from './keychain';
import { checkSetup, parseSetup, sameAccount, serverHosts } from './setup';
import type { SsoBrowser } from './sso';

const CHALLENGE_TTL_MS = 10 * 60_000;
const MAX_CODE_ATTEMPTS = 5;
const FORGET_TIMEOUT_MS = 5_000;

export interface AccountServiceDeps {
  store: Store;
  events: EventHub;
  policy: Policy;
  /** Connectors whose kinds may be listed without being addable (the demo). */
  connectors: readonly Connector[];
  drivers: readonly AccountKindDriver[];
  context: DriverContext;
  keychain: Keychain;
  resolveSrv: SrvResolver;
  sso?: SsoBrowser;
  now: () => Date;
}

interface SignInRequest {
  method: SignInMethod;
  password?: string;
}

/** A sign-in waiting for the user's second-factor code. */
interface Challenge {
  accountId: string | null;
  step: Extract<SignInStep, { status: 'two-factor-required' }>;
  finish: (session: OpenedSession) => Promise<AccountSummary>;
  expiresAt: number;
  attempts: number;
}

export class AccountService {
  readonly sessions: SessionManager;
  readonly #challenges = new Map<string, Challenge>();

  constructor(private readonly deps: AccountServiceDeps) {
    this.sessions = new SessionManager({
      context: deps.context,
      keychain: deps.keychain,
      account: (id) => this.#configured(id) ?? undefined,
      setState: (id, state) => {
        deps.store.accounts.setState(id, state);
        this.changed();
      },
    });
  }

  kinds(): AccountKindInfo[] {
    const addable = this.deps.drivers.map((driver) => structuredClone(driver.kind));
    const others = this.deps.connectors
      .map((connector) => structuredClone(connector.kind))
      .filter((kind) => !addable.some((candidate) => candidate.id === kind.id));
    return [...addable, ...others];
  }

  list(): AccountSummary[] {
    return accountSummaries(this.deps.store, this.#kindSources(), (id) => this.sessions.problem(id));
  }

  details(id: string): AccountDetails {
    const account = this.#record(id);
    const setup = parseSetup(this.deps.store.accounts.setup(id));
    if (!setup) throw new CoreError('accounts.notEditable');
    return { ...this.#summary(account.id), server: setup.server, username: setup.username, method: setup.method };
  }

  changed(): void {
    this.deps.events.emit('accounts:changed', this.list());
  }

  async discover(input: string): Promise<DiscoveryResult> {
    const candidates = await discover(input, {
      context: this.deps.context,
      drivers: this.deps.drivers,
      resolveSrv: this.deps.resolveSrv,
    });
    return {
      candidates: candidates.filter((candidate) => serverHosts(candidate.server).every(this.deps.policy.isHostAllowed)),
    };
  }

  async add(request: {
    kindId: string;
    server: AccountServer;
    username: string;
    address?: string;
    displayName?: string;
    method: SignInMethod;
    password?: string;
  }): Promise<SignInResult> {
    const driver = this.#driver(request.kindId);
    const setup: AccountSetup = {
      server: request.server,
      username: request.username,
      method: request.method,
      ...(request.address ? { address: request.address } : {}),
    };
    assertAccountAllowed(this.deps.policy, { kindId: driver.kind.id, ...setup });
    checkSetup(driver, setup, this.deps.policy);
    this.#refuseDuplicate(setup, null);
    await this.deps.keychain.store(); // no sign-in at all when the secrets would have nowhere to go
    const credentials = await this.#credentials(driver, setup, request);
    const step = await driver.signIn(this.deps.context, setup, credentials);
    return this.#settle(null, step, (session) => this.#saveNew(driver, setup, session, request.displayName));
  }

  async update(request: {
    id: string;
    displayName?: string;
    server?: AccountServer;
    username?: string;
    address?: string;
    method?: SignInMethod;
    password?: string;
  }): Promise<SignInResult> {
    const account = this.#record(request.id);
    const { id, displayName, ...changes } = request;
    if (Object.values(changes).every((value) => value === undefined)) {
      if (displayName !== undefined) {
        this.deps.store.accounts.put({ ...account, displayName }, this.deps.now());
        this.changed();
      }
      return { status: 'signed-in', account: this.#summary(id) };
    }
    const current = this.#configured(id);
    if (!current) throw new CoreError('accounts.notEditable');
    const setup: AccountSetup = {
      server: changes.server ?? current.setup.server,
      username: changes.username ?? current.setup.username,
      method: changes.method ?? current.setup.method,
      address: changes.address ?? current.setup.address,
    };
    checkSetup(current.driver, setup, this.deps.policy);
    this.#refuseDuplicate(setup, id);
    const credentials = await this.#credentials(current.driver, setup, { ...changes, method: setup.method });
    const step = await current.driver.signIn(this.deps.context, setup, credentials);
    return this.#settle(id, step, (session) => this.#saveExisting(id, setup, session, displayName));
  }

  /** Signs an account in again with what the user just typed (or through SSO). */
  async signIn(request: { id: string; method: SignInMethod; password?: string }): Promise<SignInResult> {
    const current = this.#configured(request.id);
    if (!current) throw new CoreError('accounts.notEditable');
    const setup = { ...current.setup, method: request.method };
    const credentials = await this.#credentials(current.driver, setup, request);
    const step = await current.driver.signIn(this.deps.context, setup, credentials);
    return this.#settle(request.id, step, (session) => this.#saveExisting(request.id, setup, session));
  }

  async twoFactor({ challengeId, code }: { challengeId: string; code: string }): Promise<SignInResult> {
    const challenge = this.#challenges.get(challengeId);
    if (!challenge || challenge.expiresAt < this.deps.now().getTime()) {
      this.#challenges.delete(challengeId);
      throw new CoreError('auth.challengeExpired');
    }
    let step: SignInStep;
    try {
      step = await challenge.step.complete(code);
    } catch (error) {
      // A wrong code may be typed again (a few times); anything else ends the attempt.
      const retry = error instanceof CoreError && error.code === 'auth.twoFactorWrong';
      if (!retry || ++challenge.attempts >= MAX_CODE_ATTEMPTS) this.#challenges.delete(challengeId);
      throw error;
    }
    this.#challenges.delete(challengeId);
    return this.#settle(challenge.accountId, step, challenge.finish);
  }

  /**
   * Proves the account's session with a cheap authenticated call, renewing it once if it expired: what every
   * connector call does through `sessions.withSession`.
   */
  async verify(id: string): Promise<void> {
    const current = this.#configured(id);
    if (!current) throw new CoreError('accounts.notEditable');
    await this.sessions.withSession(id, (auth) => current.driver.check(this.deps.context, current.setup, auth));
  }

  /** Tries the stored credentials again, at the user's request. */
  async reconnect(id: string): Promise<AccountSummary> {
    if (!this.#configured(id)) throw new CoreError('accounts.notEditable');
    await this.sessions.reconnect(id);
    return this.#summary(id);
  }

  async remove(id: string): Promise<void> {
    if (!this.deps.policy.state().allowAccountRemove) throw new CoreError('policy.accountRemoveLocked');
    this.#record(id);
    const current = this.#configured(id);
    if (current) {
      const secrets = await this.deps.keychain.read(id).catch(() => ({}));
      // Revoking this device's key or session on the server is a courtesy: an unreachable server does not
      // keep the account from going.
      await withTimeout(current.driver.forget?.(this.deps.context, current.setup, secrets), FORGET_TIMEOUT_MS).catch(
        () => {},
      );
      try {
        await this.deps.keychain.forget(id);
      } catch (error) {
        // With no keychain at all there is nothing to delete; a keychain that fails keeps the account.
        if (!(error instanceof CoreError && error.code === 'secrets.keyringUnavailable')) throw error;
      }
    }
    this.sessions.forget(id);
    for (const [challengeId, challenge] of this.#challenges) {
      if (challenge.accountId === id) this.#challenges.delete(challengeId);
    }
    this.deps.store.accounts.remove(id);
    this.changed();
  }

  reorder(ids: readonly string[]): AccountSummary[] {
    for (const id of ids) this.#record(id);
    this.deps.store.accounts.reorder(ids);
    this.changed();
    return this.list();
  }

  /** At start-up: every configured account signs in from the keychain alone, in the background. */
  async resumeAll(): Promise<void> {
    const ids = this.deps.store.accounts
      .list()
      .filter((account) => account.state !== 'needs-sign-in' && this.#configured(account.id))
      .map((account) => account.id);
    // What was true at the last run says nothing yet.
    for (const id of ids) this.deps.store.accounts.setState(id, 'offline');
    if (ids.length > 0) this.changed();
    await Promise.all(ids.map((id) => this.sessions.resume(id)));
  }

  async #credentials(driver: AccountKindDriver, setup: AccountSetup, request: SignInRequest): Promise<Credentials> {
    if (request.method === 'password') {
      if (!request.password) throw new CoreError('auth.passwordRequired');
      return { method: 'password', password: request.password };
    }
    const flow = driver.sso?.(setup);
    if (!flow || !this.deps.sso) throw new CoreError('auth.ssoUnavailable');
    return { method: 'sso', cookies: await this.deps.sso.run(flow) };
  }

  async #settle(
    accountId: string | null,
    step: SignInStep,
    finish: (session: OpenedSession) => Promise<AccountSummary>,
  ): Promise<SignInResult> {
    if (step.status === 'signed-in') return { status: 'signed-in', account: await finish(step.session) };
    const challengeId = randomUUID();
    this.#challenges.set(challengeId, {
      accountId,
      step,
      finish,
      expiresAt: this.deps.now().getTime() + CHALLENGE_TTL_MS,
      attempts: 0,
    });
    return { status: 'two-factor-required', challengeId };
  }

  async #saveNew(
    driver: AccountKindDriver,
    setup: AccountSetup,
    session: OpenedSession,
    displayName: string | undefined,
  ): Promise<AccountSummary> {
    const id = `a${randomBytes(6).toString('hex')}`;
    const stored: AccountSetup = { ...setup, username: session.username ?? setup.username };
    try {
      await this.deps.keychain.write(id, session.secrets);
      this.deps.store.accounts.put(
        {
          id,
          kindId: driver.kind.id,
          displayName: displayName ?? session.identity.displayName,
          address: session.identity.address,
          selfPersonId: null,
          capabilities: [...driver.kind.capabilities],
          state: 'online',
        },
        this.deps.now(),
        stored,
      );
    } catch (error) {
      await this.deps.keychain.forget(id).catch(() => {});
      const given = Object.fromEntries(Object.entries(session.secrets).filter(([, value]) => value !== null));
      await withTimeout(driver.forget?.(this.deps.context, stored, given), FORGET_TIMEOUT_MS).catch(() => {});
      throw error;
    }
    this.sessions.established(id, session);
    this.changed();
    return this.#summary(id);
  }

  async #saveExisting(
    id: string,
    setup: AccountSetup,
    session: OpenedSession,
    displayName?: string,
  ): Promise<AccountSummary> {
    const account = this.#record(id);
    await this.deps.keychain.write(id, session.secrets);
    this.deps.store.accounts.put(
      {
        ...account,
        displayName: displayName ?? account.displayName,
        address: session.identity.address,
        state: 'online',
      },
      this.deps.now(),
      { ...setup, username: session.username ?? setup.username },
    );
    this.sessions.established(id, session);
    this.changed();
    return this.#summary(id);
  }

  #refuseDuplicate(setup: AccountSetup, except: string | null): void {
    for (const account of this.deps.store.accounts.list()) {
      if (account.id === except) continue;
      const other = parseSetup(this.deps.store.accounts.setup(account.id));
      if (other && sameAccount(other, setup)) throw new CoreError('accounts.duplicate');
    }
  }

  #driver(kindId: string): AccountKindDriver {
    const driver = this.deps.drivers.find((candidate) => candidate.kind.id === kindId);
    if (!driver) throw new CoreError('accounts.unknownKind', { kind: kindId });
    return driver;
  }

  #record(id: string) {
    const account = this.deps.store.accounts.get(id);
    if (!account) throw new CoreError('notFound', { id });
    return account;
  }

  /** The driver, setup and state of an account the user configured; null for the demo or an unknown kind. */
  #configured(id: string) {
    const account = this.deps.store.accounts.get(id);
    const setup = account && parseSetup(this.deps.store.accounts.setup(id));
    const driver = account && this.deps.drivers.find((candidate) => candidate.kind.id === account.kindId);
    return account && setup && driver ? { driver, setup, state: account.state } : null;
  }

  #summary(id: string): AccountSummary {
    return toSummary(this.#record(id), this.#kindSources(), this.sessions.problem(id));
  }

  #kindSources() {
    return [...this.deps.drivers, ...this.deps.connectors];
  }
}

function withTimeout(work: Promise<void> | undefined, ms: number): Promise<void> {
  if (!work) return Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    work,
    new Promise<void>((_, reject) => {
      timer = setTimeout(() => reject(new Error('timed out')), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
