// Account sessions in memory, and the one rule about them: an expired session is renewed once, silently,
// with the stored secret; if that fails the account "needs sign-in" and nothing retries on its own until the
// user signs in again (a stale password retried in a loop locks eXo accounts after 5 failures).
import type {
  AccountKindDriver,
  AccountSetup,
  DriverContext,
  OpenedSession,
  ResumeReason,
  SessionAuth,
} from '../accounts/driver';
import type { Keychain } from '../accounts/keychain';
import { isReachabilityError } from '../../connectors/http/network';
import { CoreError } from '../errors';
import type { AccountState, ErrorInfo } from '../model';

export interface SessionAccount {
  driver: AccountKindDriver;
  setup: AccountSetup;
  state: AccountState;
}

export interface SessionManagerDeps {
  context: DriverContext;
  keychain: Keychain;
  /** The account's driver, setup and stored state; undefined for an account without a setup (the demo). */
  account(accountId: string): SessionAccount | undefined;
  /** Records a new state (and why, when it is a problem) and tells the renderer. */
  setState(accountId: string, state: AccountState, problem?: ErrorInfo): void;
}

/** A session error that a sign-in with the stored secret may cure. */
export const isExpiry = (error: unknown) => error instanceof CoreError && error.code === 'auth.expired';

/** Stored secrets the server refused (or that are gone): only the user can help. */
const needsUser = (error: unknown) =>
  error instanceof CoreError && (error.code.startsWith('auth.') || error.code === 'secrets.keyringUnavailable');

const signInNeeded = (error: unknown): never => {
  throw needsUser(error) ? new CoreError('auth.needsSignIn') : error;
};

export class SessionManager {
  readonly #sessions = new Map<string, SessionAuth>();
  readonly #renewals = new Map<string, Promise<SessionAuth>>();
  readonly #problems = new Map<string, ErrorInfo>();

  constructor(private readonly deps: SessionManagerDeps) {}

  /** After an interactive sign-in: the session is live and any earlier problem is over. */
  established(accountId: string, session: OpenedSession): void {
    this.#sessions.set(accountId, session.auth);
    this.#problems.delete(accountId);
  }

  forget(accountId: string): void {
    this.#sessions.delete(accountId);
    this.#problems.delete(accountId);
  }

  problem(accountId: string): ErrorInfo | undefined {
    return this.#problems.get(accountId);
  }

  /** Signs an account in from the keychain alone (start-up). An account that needs the user is left alone. */
  async resume(accountId: string): Promise<void> {
    const account = this.deps.account(accountId);
    if (!account || account.state === 'needs-sign-in') return;
    try {
      await this.#renew(accountId, 'start');
    } catch {
      // the state and the problem say what happened
    }
  }

  /**
   * Runs `work` with the account's session. When the server says the session expired, the session is renewed
   * once with the stored secret and `work` runs again; a second expiry, or a refused renewal, leaves the account
   * in "needs sign-in" (`auth.needsSignIn`).
   */
  async withSession<T>(accountId: string, work: (auth: SessionAuth) => Promise<T>): Promise<T> {
    const account = this.deps.account(accountId);
    if (!account) throw new CoreError('notFound', { id: accountId });
    if (account.state === 'needs-sign-in') throw new CoreError('auth.needsSignIn');
    const current = this.#sessions.get(accountId) ?? (await this.#renew(accountId, 'start').catch(signInNeeded));
    try {
      return this.#reached(accountId, await work(current));
    } catch (error) {
      if (!isExpiry(error)) throw this.#unreached(accountId, error);
    }
    const renewed = await this.#renew(accountId, 'expired', current).catch(signInNeeded);
    try {
      return this.#reached(accountId, await work(renewed));
    } catch (error) {
      if (!isExpiry(error)) throw this.#unreached(accountId, error);
      this.#needsSignIn(accountId, error as CoreError);
      throw new CoreError('auth.needsSignIn');
    }
  }

  /** The server answered: an account shown offline is online again. */
  #reached<T>(accountId: string, result: T): T {
    if (this.deps.account(accountId)?.state === 'offline') {
      this.#problems.delete(accountId);
      this.deps.setState(accountId, 'online');
    }
    return result;
  }

  /** The server could not be reached: the account shows offline, with why. */
  #unreached(accountId: string, error: unknown): unknown {
    if (isReachabilityError(error)) {
      const problem = (error as CoreError).toInfo();
      this.#problems.set(accountId, problem);
      this.deps.setState(accountId, 'offline', problem);
    }
    return error;
  }

  /** Signs in again from the stored secrets at the user's request, whatever the state; failures are thrown. */
  async reconnect(accountId: string): Promise<void> {
    await this.#renew(accountId, 'start');
  }

  /** One renewal at a time per account: concurrent callers share it. */
  #renew(accountId: string, reason: ResumeReason, stale?: SessionAuth): Promise<SessionAuth> {
    const running = this.#renewals.get(accountId);
    if (running) return running;
    const current = this.#sessions.get(accountId);
    if (stale && current && current !== stale) return Promise.resolve(current);
    const renewal = this.#open(accountId, reason).finally(() => this.#renewals.delete(accountId));
    this.#renewals.set(accountId, renewal);
    return renewal;
  }

  async #open(accountId: string, reason: ResumeReason): Promise<SessionAuth> {
    const account = this.deps.account(accountId);
    if (!account) throw new CoreError('notFound', { id: accountId });
    this.#sessions.delete(accountId);
    let session: OpenedSession;
    try {
      const secrets = await this.deps.keychain.read(accountId);
      session = await account.driver.resume(this.deps.context, account.setup, secrets, reason);
    } catch (error) {
      if (needsUser(error)) {
        this.#needsSignIn(accountId, error as CoreError);
        throw error;
      }
      const problem = error instanceof CoreError ? error.toInfo() : { code: 'internal' };
      this.#problems.set(accountId, problem);
      this.deps.setState(accountId, 'offline', problem);
      throw error;
    }
    await this.deps.keychain.write(accountId, session.secrets);
    this.#sessions.set(accountId, session.auth);
    this.#problems.delete(accountId);
    this.deps.setState(accountId, 'online');
    return session.auth;
  }

  #needsSignIn(accountId: string, error: CoreError): void {
    this.#sessions.delete(accountId);
    const problem = error.toInfo();
    this.#problems.set(accountId, problem);
    this.deps.setState(accountId, 'needs-sign-in', problem);
  }
}
