// Everything the emulator's handlers share: configuration, clock, accounts and mailboxes, auth tokens, uploads,
// the GAL and the failure-injection queue.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { buildAccounts, buildGal, seedMailbox, type GalEntry } from './seed';
import { Mailbox, type Account } from './state';

export type ServerVersion = '8.8.15' | '9.0.0' | '10.0.8';

export interface ZimbraEmulatorConfig {
  domain: string;
  version: ServerVersion;
  /** `zimbraAuthTokenLifetime` (default 2 days, §2.1). */
  authTokenLifetimeMs: number;
  /** Lifetime of the 2FA-usage token returned by step 1 (§2.4). */
  twoFactorTokenLifetimeMs: number;
  /** `zimbraTwoFactorAuthTrustedDeviceTokenLifetime` (default 30 days). */
  trustedTokenLifetimeMs: number;
  /** Upload ceiling without `lbfums` (`zimbraMtaMaxMessageSize`, 10,240,000). */
  uploadMaxBytes: number;
  /** Upload ceiling with `lbfums` (`zimbraFileUploadMaxSize`, 10,485,760). */
  fileUploadMaxBytes: number;
  /** Upload ids expire 15 minutes after the upload (§3.8). */
  uploadLifetimeMs: number;
  /** `zimbraCsrfTokenCheckEnabled` (default TRUE, §2.3). */
  csrfCheckEnabled: boolean;
  /** `zimbraMailClearTextPasswordEnabled`-like switch: false → `service.INVALID_REQUEST` on password auth (§2.1). */
  clearTextPasswordAllowed: boolean;
  /** NoOp `timeout` clamp in ms (real: 30 s … 1200 s, default 300 s, §4.2). Lower it in tests. */
  noOpTimeout: { minMs: number; maxMs: number; defaultMs: number };
  /** WaitSet `timeout` clamp in SECONDS (real: 30 … 1200, default 300, §4.3). Lower it in tests. */
  waitSetTimeout: { minS: number; maxS: number; defaultS: number };
  /** SOAP session idle timeout (`zimbra_session_timeout_soap`, 600 s). */
  sessionIdleMs: number;
  /** `zimbra_session_max_pending_notifications` (400) before a forced `refresh`. */
  maxPendingNotifications: number;
  /** Domain `zimbraPreAuthKey` (hex) for preauth (§2.8). */
  preAuthKey: string;
}

export const DEFAULT_CONFIG: ZimbraEmulatorConfig = {
  domain: 'example.test',
  version: '8.8.15',
  authTokenLifetimeMs: 2 * 24 * 3600 * 1000,
  twoFactorTokenLifetimeMs: 5 * 60 * 1000,
  trustedTokenLifetimeMs: 30 * 24 * 3600 * 1000,
  uploadMaxBytes: 10_240_000,
  fileUploadMaxBytes: 10_485_760,
  uploadLifetimeMs: 15 * 60 * 1000,
  csrfCheckEnabled: true,
  clearTextPasswordAllowed: true,
  noOpTimeout: { minMs: 30_000, maxMs: 1_200_000, defaultMs: 300_000 },
  waitSetTimeout: { minS: 30, maxS: 1200, defaultS: 300 },
  sessionIdleMs: 600_000,
  maxPendingNotifications: 400,
  preAuthKey: '6b7ead4bd425836e8cf0079cd6c1a05acc127acd07c8ee4b61023e19250e929c',
};

export const VERSION_STRINGS: Record<ServerVersion, string> = {
  '8.8.15': '8.8.15_GA_4484 20220829144002 20220829-1600 FOSS',
  '9.0.0': '9.0.0_GA_4583 20230410092433 20230410-1010 FOSS',
  '10.0.8': '10.0.8_GA_4613 20240312113121 20240312-1202 FOSS',
};

export interface AuthTokenRecord {
  token: string;
  accountId: string;
  kind: 'full' | '2fa';
  issuedAt: number;
  expiresAt: number;
  validity: number;
  revoked: boolean;
  csrfToken?: string;
}

export interface TrustedDevice {
  token: string;
  accountId: string;
  deviceId: string;
  expiresAt: number;
  revoked: boolean;
}

export interface Upload {
  aid: string;
  accountId: string;
  filename: string;
  ct: string;
  content: Buffer;
  at: number;
}

export type FailureKind =
  /** HTTP 500 with a non-SOAP HTML error page (a proxy/Jetty error, not a Zimbra fault). */
  | 'html500'
  /** HTTP 200 with an HTML login page where JSON was expected (SSO/proxy in front of the server). */
  | 'htmlLogin'
  /** Connection dropped without any response. */
  | 'drop'
  /** A bare HTTP status (e.g. 502/503/504, which the JS client treats as network errors). */
  | 'status'
  /** A proper SOAP fault (HTTP 500) with the given code, e.g. `service.TEMPORARILY_UNAVAILABLE`. */
  | 'fault'
  /** Delay the response by `delayMs`, then answer normally. */
  | 'delay';

export interface FailureSpec {
  kind: FailureKind;
  /** For `status`. */
  status?: number;
  /** For `fault`. */
  code?: string;
  reason?: string;
  /** For `delay`. */
  delayMs?: number;
  /** Which endpoint the failure applies to (default `soap`). */
  scope?: 'soap' | 'upload' | 'rest' | 'any';
  /** Only SOAP requests whose (first) body element has this name, e.g. `SearchRequest`. */
  request?: string;
}

export interface RequestLogEntry {
  at: number;
  method: string;
  path: string;
  requests: string[];
  cookieToken: boolean;
  headerToken: boolean;
  status: number;
}

export class World {
  readonly config: ZimbraEmulatorConfig;
  clockOffsetMs = 0;
  readonly accounts = new Map<string, Account>(); // by id
  readonly mailboxes = new Map<string, Mailbox>(); // by account id
  readonly gal: GalEntry[];
  galChange: number;
  readonly tokens = new Map<string, AuthTokenRecord>();
  readonly trusted = new Map<string, TrustedDevice>();
  readonly uploads = new Map<string, Upload>();
  readonly failures: (FailureSpec & { remaining: number })[] = [];
  readonly log: RequestLogEntry[] = [];
  waitAllowed = true;
  sendDelayMs = 0;
  baseUrl = '';

  constructor(
    config: Partial<ZimbraEmulatorConfig>,
    private readonly baseNow: () => Date,
  ) {
    this.config = { ...DEFAULT_CONFIG, ...config };
    const accounts = buildAccounts(this.config.domain);
    for (const a of accounts) this.accounts.set(a.id, a);
    this.gal = buildGal(accounts, this.config.domain);
    this.galChange = this.gal.length;
    const byLocal = new Map(accounts.map((a) => [a.local, a]));
    const start = this.now();
    accounts.forEach((a, i) => {
      const mbox = new Mailbox(a, () => this.now(), 400 + i * 100);
      this.mailboxes.set(a.id, mbox);
      seedMailbox(mbox, { domain: this.config.domain, now: start, accounts: byLocal });
    });
  }

  now(): number {
    return this.baseNow().getTime() + this.clockOffsetMs;
  }

  /** Account by `alice`, `alice@example.test` or id. */
  findAccount(nameOrId: string): Account | undefined {
    const key = nameOrId.trim().toLowerCase();
    for (const a of this.accounts.values()) {
      if (a.id === nameOrId || a.name.toLowerCase() === key || a.local.toLowerCase() === key) return a;
    }
    return undefined;
  }

  account(user: string): Account {
    const a = this.findAccount(user);
    if (!a) throw new Error(`Zimbra emulator: unknown user ${user}`);
    return a;
  }

  mailbox(user: string): Mailbox {
    return this.mailboxes.get(this.account(user).id)!;
  }

  /** A token shaped like the real `0_<hmac>_<hex(id=36:<uuid>;exp=13:<ms>;…)>` (opaque to clients). */
  issueToken(account: Account, kind: 'full' | '2fa', lifetimeMs: number, csrf: boolean): AuthTokenRecord {
    const issuedAt = this.now();
    const expiresAt = issuedAt + lifetimeMs;
    const data = `id=36:${account.id};exp=13:${expiresAt};type=6:zimbra;u=1:${kind === '2fa' ? '1' : '0'};tid=9:${randomBytes(4).readUInt32BE(0) % 1e9};`;
    const hmac = createHash('sha1')
      .update(data + randomUUID())
      .digest('hex');
    const token = `0_${hmac}_${Buffer.from(data).toString('hex')}`;
    const record: AuthTokenRecord = {
      token,
      accountId: account.id,
      kind,
      issuedAt,
      expiresAt,
      validity: account.tokenValidity,
      revoked: false,
      csrfToken: csrf ? `0_${randomBytes(20).toString('hex')}` : undefined,
    };
    this.tokens.set(token, record);
    return record;
  }

  /** 'valid' | 'expired' (expired, deregistered or invalidated) | 'unknown'. */
  tokenState(record: AuthTokenRecord | undefined): 'valid' | 'expired' | 'unknown' {
    if (!record) return 'unknown';
    const account = this.accounts.get(record.accountId);
    if (!account) return 'unknown';
    if (record.revoked || record.validity !== account.tokenValidity || this.now() >= record.expiresAt) return 'expired';
    return 'valid';
  }

  /** Takes the next matching injected failure, if any. */
  takeFailure(scope: 'soap' | 'upload' | 'rest' | 'other', requestName?: string): FailureSpec | undefined {
    const idx = this.failures.findIndex((f) => {
      const s = f.scope ?? 'soap';
      if (s !== 'any' && s !== scope) return false;
      return !f.request || f.request === requestName;
    });
    if (idx < 0) return undefined;
    const f = this.failures[idx]!;
    f.remaining -= 1;
    if (f.remaining <= 0) this.failures.splice(idx, 1);
    return f;
  }

  purgeUploads(): void {
    const limit = this.now() - this.config.uploadLifetimeMs;
    for (const [aid, u] of this.uploads) if (u.at < limit) this.uploads.delete(aid);
  }
}
