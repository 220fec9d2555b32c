// All server-side state of one emulator instance.

import { newUuid } from './ids.js';
import { MailStore } from './mailstore.js';
import {
  type ApiKey,
  type BlueMindVersion,
  type Group,
  type Mailshare,
  type SentRecord,
  type Session,
  type Task,
  type User,
} from './model.js';
import { type AddressBook, type Calendar } from './pim.js';

export interface FilehostingSettings {
  /** `IFileHosting._info.present`; false = no file hosting configured. */
  enabled: boolean;
  /**
   * Auto-detach threshold in bytes (`IAttachment._config.autoDetachmentLimit`, user setting
   * `mail_autoDetachmentLimit`); 0 = no automatic detachment. Attachments above it are sent as links.
   */
  autoDetachmentLimit: number;
  /** Largest file the hosting accepts (`_config.maxFilesize`), bytes; 0 = unlimited. */
  maxFilesize: number;
  /** Days a shared link stays valid (`retentionTime`). */
  retentionTime: number;
  /** sysconf `message_size_limit` (brief §1.5): drafts above it fail with `ENTITY_TOO_LARGE`. */
  messageSizeLimit: number;
}

export type FailureMode =
  /** 500 with an HTML error page (a reverse proxy's). */
  | 'html500'
  /** 200 with the (Keycloak-like) HTML login page where JSON was expected. */
  | 'loginPage'
  /** 502 Bad Gateway HTML from nginx (core down). */
  | 'badGateway'
  /** 500 with the core's JSON fault `UNKNOWN`. */
  | 'fault500'
  /** 500 "timeout on request execution" (brief §1.5). */
  | 'timeout'
  /** The TCP connection is destroyed without any response. */
  | 'drop';

export interface PendingFailure {
  mode: FailureMode;
  /** Only requests whose path starts with this prefix consume the failure (default `/api/`). */
  pathPrefix: string;
  remaining: number;
}

export interface RequestLogEntry {
  method: string;
  path: string;
  query: string;
  accept: string | undefined;
  contentType: string | undefined;
  chunked: boolean;
  hasApiKey: boolean;
  clientVersion: string | undefined;
  status: number;
}

export interface StoredFile {
  path: string;
  content: Buffer;
  created: number;
  ownerUid: string;
}

export interface PublicShare {
  token: string;
  name: string;
  content: Buffer;
  mime: string;
  expirationDate: number | null;
  downloadLimit: number;
  downloads: number;
  path: string | null;
}

export interface StateOptions {
  version: BlueMindVersion;
  now: () => Date;
  flagsAsObjects: boolean;
  sessionIdleMs: number;
  bruteForce: boolean;
  taskPollsBeforeDone: number;
  softwareVersion: Record<BlueMindVersion, string>;
}

export const DOMAIN = 'example.test';
export const PARTITION = 'example_test';

export class EmulatorState {
  version: BlueMindVersion;
  flagsAsObjects: boolean;
  maintenance = false;
  /** `http://127.0.0.1:<port>`, known once listening. */
  baseUrl = '';
  private clockOffset = 0;
  private idCounter = 100;
  private taskCounter = 40;

  readonly users = new Map<string, User>();
  readonly mailshares = new Map<string, Mailshare>();
  readonly groups = new Map<string, Group>();
  readonly sessions = new Map<string, Session>();
  readonly apiKeys = new Map<string, ApiKey>();
  /** Temporary parts, bound to the key that uploaded them (brief §4.6). */
  readonly tempParts = new Map<string, Map<string, Buffer>>();
  readonly tasks = new Map<string, Task>();
  readonly sent: SentRecord[] = [];
  readonly outbound: { messageId: string; from: string; recipients: string[]; eml: Buffer }[] = [];
  readonly books = new Map<string, AddressBook>();
  readonly calendars = new Map<string, Calendar>();
  readonly files = new Map<string, StoredFile>();
  readonly shares = new Map<string, PublicShare>();
  readonly failures: PendingFailure[] = [];
  readonly requestLog: RequestLogEntry[] = [];
  readonly flushFailures: string[] = [];
  readonly loginFailures = new Map<string, number[]>();
  /** OIDC codes handed by the Keycloak-like page (brief §2.4). */
  readonly oidcCodes = new Map<string, { userUid: string; state: string; redirectUri: string }>();
  private readonly subscribers = new Set<(address: string, body: unknown) => void>();

  filehosting: FilehostingSettings = {
    enabled: true,
    autoDetachmentLimit: 0,
    maxFilesize: 0,
    retentionTime: 30,
    messageSizeLimit: 10 * 1024 * 1024,
  };

  readonly mail: MailStore;

  constructor(readonly options: StateOptions) {
    this.version = options.version;
    this.flagsAsObjects = options.flagsAsObjects;
    this.mail = new MailStore(
      PARTITION,
      () => this.now(),
      () => this.nextId(),
      (address, body) => this.publish(address, body),
    );
  }

  /** Set while seeding so that seeded timestamps are deterministic. */
  frozenNow: number | null = null;

  now(): number {
    if (this.frozenNow !== null) return this.frozenNow;
    return this.options.now().getTime() + this.clockOffset;
  }

  advanceClock(ms: number): void {
    this.clockOffset += ms;
  }

  /** Item ids come from one global sequence (`_allocateOfflineIds` reserves from it, brief §4.6). */
  nextId(): number {
    this.idCounter += 1;
    return this.idCounter;
  }

  reserveIds(count: number): number {
    const first = this.idCounter + 1;
    this.idCounter += count;
    return first;
  }

  nextTaskId(): string {
    this.taskCounter += 1;
    return String(this.taskCounter);
  }

  softwareVersion(): string {
    return this.options.softwareVersion[this.version];
  }

  // ---- directory ----

  userByUid(uid: string): User | undefined {
    return this.users.get(uid);
  }

  /** `login@domain` or any e-mail address of the user (the server tries login then e-mail, brief §2.1). */
  userByLogin(loginAtDomain: string): User | undefined {
    const lower = loginAtDomain.toLowerCase();
    const at = lower.lastIndexOf('@');
    if (at < 0) return undefined; // a bare login resolves to global.virt (admin0 only)
    const login = lower.slice(0, at);
    const domain = lower.slice(at + 1);
    for (const u of this.users.values()) {
      if (u.domainUid === domain && u.login === login) return u;
    }
    for (const u of this.users.values()) {
      if (u.email === lower || u.aliases.includes(lower)) return u;
    }
    return undefined;
  }

  userByEmail(email: string): User | undefined {
    const lower = email.toLowerCase();
    for (const u of this.users.values()) if (u.email === lower || u.aliases.includes(lower)) return u;
    return undefined;
  }

  // ---- sessions ----

  createSession(user: User, origin: string, restricted = false): Session {
    const ts = this.now();
    const session: Session = {
      sid: newUuid(),
      userUid: user.uid,
      domainUid: user.domainUid,
      origin,
      created: ts,
      lastAccess: ts,
      kind: 'session',
      restricted,
    };
    this.sessions.set(session.sid, session);
    return session;
  }

  /** A live session for a key (session id or API key); refreshes the idle timer (brief §2.2). */
  resolveKey(key: string, touch = true): Session | undefined {
    const s = this.sessions.get(key);
    if (s) {
      if (this.now() - s.lastAccess > this.options.sessionIdleMs) {
        this.sessions.delete(key);
        this.tempParts.delete(key);
        return undefined;
      }
      if (touch) s.lastAccess = this.now();
      return s;
    }
    const apiKey = this.apiKeys.get(key);
    if (apiKey) {
      const user = this.users.get(apiKey.subject);
      if (!user || user.archived) return undefined;
      // ApiKeySessionProvider builds a session on the fly, origin `apikey-of-<userUid>` (brief §2.3).
      return {
        sid: key,
        userUid: user.uid,
        domainUid: user.domainUid,
        origin: `apikey-of-${user.uid}`,
        created: this.now(),
        lastAccess: this.now(),
        kind: 'apikey',
        restricted: false,
      };
    }
    return undefined;
  }

  dropSession(sid: string): void {
    this.sessions.delete(sid);
    this.tempParts.delete(sid);
  }

  expireSessions(userUid?: string): number {
    let n = 0;
    for (const [sid, s] of this.sessions) {
      if (!userUid || s.userUid === userUid) {
        this.dropSession(sid);
        n += 1;
      }
    }
    return n;
  }

  // ---- push ----

  subscribe(fn: (address: string, body: unknown) => void): () => void {
    this.subscribers.add(fn);
    return () => this.subscribers.delete(fn);
  }

  publish(address: string, body: unknown): void {
    for (const fn of this.subscribers) fn(address, body);
  }
}
