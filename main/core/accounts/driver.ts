// What each account kind provides to sign in, keep a session and let go of it. The drivers live with their
// connectors (main/connectors/<kind>/login.ts); the core runs them through the account service and the
// session manager.
import type { HttpClient } from '../../connectors/http/http-client';
import type { Network } from '../../connectors/http/network';
import type { AccountKindInfo, AccountServer, SignInMethod } from '../model';
import type { SecretKind } from '../secrets/secret-store';
import type { SsoFlow } from './sso';

/** An account's settings as stored in the database: never a secret. */
export interface AccountSetup {
  server: AccountServer;
  username: string;
  method: SignInMethod;
  /** The e-mail address the user gave when the username is not one (a bare `alice`): the mail identity. */
  address?: string;
}

export interface DriverContext {
  network: Network;
  http: HttpClient;
  /** How this installation names itself to servers that record it (logs, API key labels). */
  client: { name: string; version: string; device: string };
}

export type Secrets = Partial<Record<SecretKind, string>>;

/** What requests need to prove who they are. */
export interface SessionAuth {
  /** For HTTP back-ends: headers to add to every request (an API key, a session cookie). */
  headers?: Record<string, string>;
  /** For protocols that authenticate each connection (IMAP, SMTP, XMPP). */
  login?: { username: string; password: string };
}

export interface Identity {
  displayName: string;
  address: string;
}

export interface OpenedSession {
  auth: SessionAuth;
  identity: Identity;
  /** The username as the server spells it (kept in the setup: later sign-ins use it). */
  username?: string;
  /** Secrets to keep, by kind; `null` removes a kind the session no longer needs. */
  secrets: Partial<Record<SecretKind, string | null>>;
}

export type SignInStep =
  | { status: 'signed-in'; session: OpenedSession }
  | { status: 'two-factor-required'; complete(code: string): Promise<SignInStep> };

export type Credentials =
  | { method: 'password'; password: string }
  /** The cookies an SSO browser flow captured on the server's origin. */
  | { method: 'sso'; cookies: Record<string, string> };

/** Why a session is being resumed: at start-up a stored session may still be good; after expiry it is not. */
export type ResumeReason = 'start' | 'expired';

export interface AccountKindDriver {
  kind: AccountKindInfo & { setup: NonNullable<AccountKindInfo['setup']> };
  /** Whether a web server (by origin) is of this kind, for discovery; TLS refusals are thrown. */
  detect?(context: DriverContext, origin: string): Promise<boolean>;
  /** Checks the credentials the user gave; the server may ask for a second factor. */
  signIn(context: DriverContext, setup: AccountSetup, credentials: Credentials): Promise<SignInStep>;
  /**
   * A session from the stored secrets alone, never asking the user. Throws an `auth.*` CoreError when the
   * secrets are no longer accepted (the account then needs the user), a `network.*` one when offline.
   */
  resume(context: DriverContext, setup: AccountSetup, secrets: Secrets, reason: ResumeReason): Promise<OpenedSession>;
  /** A cheap authenticated call; throws `auth.expired` when the session is no longer valid. */
  check(context: DriverContext, setup: AccountSetup, auth: SessionAuth): Promise<void>;
  /** The browser sign-in of this kind's server (SSO), when it has one. */
  sso?(setup: AccountSetup): SsoFlow;
  /** Best effort on removal: revoke what this device was given (device keys, server sessions). */
  forget?(context: DriverContext, setup: AccountSetup, secrets: Secrets): Promise<void>;
}
