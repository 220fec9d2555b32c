// Shared emulator context: options, feature switches and the services every module reaches through `Emu`.
import type { State } from './state';
import type { ContentStore } from './content-store';

/** Version-dependent behaviours the brief describes (§10 "Version switches"). */
export interface ExoFeatures {
  /** Real version, shown to administrators (and to everyone below 6.2). 7.x adds `identityId` to spaces. */
  platformVersion: string;
  /** Chat server flavour: 7.0 (GET/POST split, empty 404, read limit 20) or 3.x (any method, "Petit malin !", 200). */
  chatVersion: '7.0' | '3.x';
  /** Web notifications: 'json' = 6.5+/7.x structured; 'html' = 6.0–6.4 HTML-only. */
  notificationsApi: 'json' | 'html';
  /** exoplatform/anti-bruteforce add-on (brief §1.6). */
  antiBruteforce: boolean;
  maxAuthenticationAttempts: number;
  blockingTimeMs: number;
  /** SSO on: /portal/login answers 302 → /portal/sso (brief §1.3). */
  sso: boolean;
  /** Documents app REST /v1/documents (6.3+). */
  documentsApp: boolean;
  /** /portal/upload limit (exo.uploadLimit, default 10 MB). */
  uploadLimitMb: number;
  /** Chat file upload limit (default 100 MB). */
  chatUploadLimitMb: number;
}

export const DEFAULT_FEATURES: ExoFeatures = {
  platformVersion: '6.5.0',
  chatVersion: '7.0',
  notificationsApi: 'json',
  antiBruteforce: true,
  maxAuthenticationAttempts: 5,
  blockingTimeMs: 10 * 60 * 1000,
  sso: false,
  documentsApp: true,
  uploadLimitMb: 10,
  chatUploadLimitMb: 100,
};

export interface WebDavBackendOptions {
  /** Base URL of a real WebDAV server, e.g. the rclone server of e2e/servers (http://127.0.0.1:15080/). */
  url: string;
  username: string;
  password: string;
  /** Folder on that server that stands for the JCR root (default "/"). */
  root?: string;
}

export interface ExoEmulatorOptions {
  /** 0 (default) = a random free port. */
  port?: number;
  /** Clock for every timestamp, session expiry, lockout and lock timeout. */
  now?: () => Date;
  /** Server time zone used in social ISO dates (default Europe/Paris). */
  timeZone?: string;
  /** Tomcat session timeout (default 30 min). */
  sessionTimeoutMs?: number;
  /** rememberme token validity (default 7 days). */
  rememberMeMs?: number;
  features?: Partial<ExoFeatures>;
  cometd?: {
    /** Long-poll hold time (server `timeout`, default 120000 ms). */
    timeoutMs?: number;
    /** A long-polling session with no /meta/connect for this long is removed (default 10000 ms). */
    maxIntervalMs?: number;
  };
  /** Keep document content on a real WebDAV server instead of in memory (see README). */
  webdavBackend?: WebDavBackendOptions;
  /** Seed the French organisation (default true). */
  seed?: boolean;
}

export interface ResolvedOptions {
  timeZone: string;
  sessionTimeoutMs: number;
  rememberMeMs: number;
  cometdTimeoutMs: number;
  cometdMaxIntervalMs: number;
}

export interface Realtime {
  /** Deliver to every CometD session of a user (ContinuationService.sendMessage / Seti). */
  deliverToUser(username: string, channel: string, data: unknown): void;
  /** Publish on a channel to its subscribers. */
  broadcast(channel: string, data: unknown): void;
  /** Deliver to every live session (chat `sendMessageToAll`). */
  deliverToAll(channel: string, data: unknown): void;
  isOnline(username: string): boolean;
  onlineUsers(): string[];
  lastActivity(username: string): number;
  cometdToken(username: string): string;
}

export interface Emu {
  state: State;
  features: ExoFeatures;
  opts: ResolvedOptions;
  nowMs(): number;
  realtime: Realtime;
  store: ContentStore;
}
