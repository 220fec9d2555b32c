// eXo Platform emulator for tests — written from /work/shared/protocols/exo.md. See README.md.
import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { DEFAULT_FEATURES, type Emu, type ExoEmulatorOptions } from './context';
import { emptyState } from './state';
import { MemoryContentStore, WebDavContentStore } from './content-store';
import { CometdServer } from './cometd';
import { AuthStore } from './auth';
import { Router } from './server';
import { ExoControl } from './control';
import { handleServiceChat } from './chat-server';
import { SEED_DOMAIN, seedOrganisation } from './seed';

export type { ExoEmulatorOptions, ExoFeatures, WebDavBackendOptions } from './context';
export type { FaultSpec, RequestLogEntry, PostTarget } from './control';
export { ExoControl } from './control';
export { SEED_USERS, SEED_SPACES } from './seed';
export { chatToken, directRoomId, spaceRoomId, teamRoomId, userHomePath, personalDrivePath } from './state';
export { ACCESS_DENIED_TEXT } from './auth';

export interface ExoEmulator {
  /** e.g. http://127.0.0.1:40123 (no trailing slash). */
  url: string;
  close(): Promise<void>;
  control: ExoControl;
}

export async function startExoEmulator(options: ExoEmulatorOptions = {}): Promise<ExoEmulator> {
  const clock = options.now ?? (() => new Date());
  const emu = {
    state: emptyState(SEED_DOMAIN),
    features: { ...DEFAULT_FEATURES, ...options.features },
    opts: {
      timeZone: options.timeZone ?? 'Europe/Paris',
      sessionTimeoutMs: options.sessionTimeoutMs ?? 30 * 60 * 1000,
      rememberMeMs: options.rememberMeMs ?? 7 * 24 * 3600 * 1000,
      cometdTimeoutMs: options.cometd?.timeoutMs ?? 120_000,
      cometdMaxIntervalMs: options.cometd?.maxIntervalMs ?? 10_000,
    },
    nowMs: () => clock().getTime(),
    store: options.webdavBackend ? new WebDavContentStore(options.webdavBackend) : new MemoryContentStore(),
  } as unknown as Emu;
  const cometd = new CometdServer(emu);
  emu.realtime = cometd;
  cometd.setServiceHandler((username, channel, data) => {
    if (channel === '/service/chat') handleServiceChat(emu, username, data);
  });
  const auth = new AuthStore(emu);
  if (options.seed !== false) await seedOrganisation(emu);
  const router = new Router(emu, auth, cometd);

  const sockets = new Set<Socket>();
  const server = createServer((req, res) => void router.handle(req, res));
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('upgrade', (req, socket, head) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/cometd/cometd' || path.startsWith('/cometd/cometd/')) cometd.handleUpgrade(req, socket, head);
    else socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    control: new ExoControl(emu, auth, cometd, router),
    close: () =>
      new Promise<void>((resolve) => {
        cometd.close();
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      }),
  };
}
