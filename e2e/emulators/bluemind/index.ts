// BlueMind (4.8 / 5.x) emulator for tests, written from /work/shared/protocols/bluemind.md.

import { type AddressInfo } from 'node:net';
import { createControl, type BlueMindControl } from './control.js';
import { createEventBus } from './eventbus.js';
import { type BlueMindVersion } from './model.js';
import { Router } from './router.js';
import { authRoutes } from './routes/auth.js';
import { calendarRoutes } from './routes/calendar.js';
import { directoryRoutes } from './routes/directory.js';
import { fileRoutes } from './routes/files.js';
import { mailFolderRoutes } from './routes/mail-folders.js';
import { mailItemRoutes } from './routes/mail-items.js';
import { outboxRoutes } from './routes/outbox.js';
import { systemRoutes } from './routes/system.js';
import { seed, type UidStyle } from './seed.js';
import { createHttpServer } from './server.js';
import { EmulatorState, type FilehostingSettings } from './state.js';
import { WebFront } from './web.js';

export type { BlueMindControl, MailSpec, MailSummary, UserInfo, FolderInfo } from './control.js';
export type { BlueMindVersion } from './model.js';
export type { FailureMode, FilehostingSettings } from './state.js';

export interface BlueMindEmulatorOptions {
  /** 0 (default) = a random free port. Always 127.0.0.1. */
  port?: number;
  /** Server clock (sessions, dates of new mail, share expiry). Default: the real clock. */
  now?: () => Date;
  /** Server generation (brief §10.3). Default `'5'`. */
  version?: BlueMindVersion;
  /** Emit IMAP flags as pre-2020 objects `{"flag":"\\Seen","value":16}` (brief §4.4). Default false. */
  flagsAsObjects?: boolean;
  /**
   * `'uuid'` (default): directory uids are opaque UUID-like strings, as on a real server, so the mailbox root of
   * alice is `user.<uid>` — never `user.alice`. `'login'`: uids equal logins (readable fixtures).
   */
  uidStyle?: UidStyle;
  /** Session idle timeout (brief §2.2). Default 20 min. */
  sessionIdleMs?: number;
  /** Fail2Ban plugin (>3 failures / 20 s → refused). Default true. */
  bruteForce?: boolean;
  /** Polls of `GET /api/tasks/{id}` answering `InProgress` before the final status. Default 1. */
  taskPollsBeforeDone?: number;
  /** SockJS heartbeat period (brief §5.4: 50 s). */
  heartbeatMs?: number;
  filehosting?: Partial<FilehostingSettings>;
}

export interface BlueMindEmulator {
  url: string;
  close(): Promise<void>;
  control: BlueMindControl;
}

const SOFTWARE_VERSION: Record<BlueMindVersion, string> = { '4.8': '4.8.0.202202110927', '5': '5.1.0.202404261414' };

export async function startBlueMindEmulator(options: BlueMindEmulatorOptions = {}): Promise<BlueMindEmulator> {
  const state = new EmulatorState({
    version: options.version ?? '5',
    now: options.now ?? (() => new Date()),
    flagsAsObjects: options.flagsAsObjects ?? false,
    sessionIdleMs: options.sessionIdleMs ?? 20 * 60_000,
    bruteForce: options.bruteForce ?? true,
    taskPollsBeforeDone: options.taskPollsBeforeDone ?? 1,
    softwareVersion: SOFTWARE_VERSION,
  });
  state.filehosting = { ...state.filehosting, ...(options.filehosting ?? {}) };
  seed(state, options.uidStyle ?? 'uuid');

  const router = new Router([
    ...authRoutes,
    ...systemRoutes,
    ...mailFolderRoutes,
    ...mailItemRoutes,
    ...outboxRoutes,
    ...directoryRoutes,
    ...calendarRoutes,
    ...fileRoutes,
  ]);
  const bus = createEventBus(state, router, options.heartbeatMs ?? 50_000);
  const web = new WebFront(state);
  const server = createHttpServer(state, router, web, bus);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  state.baseUrl = `http://127.0.0.1:${port}`;

  return {
    url: state.baseUrl,
    control: createControl(state, bus),
    close: () =>
      new Promise<void>((resolve) => {
        bus.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
