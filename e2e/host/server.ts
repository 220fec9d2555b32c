// The test host: the real core in Node, the built renderer served on loopback, and `window.bastide`
// speaking the contract over a WebSocket protected by a per-run token. Test and development tooling only.
import { randomBytes } from 'node:crypto';
import { appendFile, readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { createCore } from '../../main/core';
import type { AccountsOptions } from '../../main/core/accounts/wiring';
import { dispatch } from '../../main/core/dispatch';
import { createLaunchInbox } from '../../main/core/links/launch';
import type { DesktopNotification } from '../../main/core/model';
import { createRecordingNotifier } from '../../main/core/notifications/port';
import type { CoreService } from '../../main/core/service';
import { contentSecurityPolicy } from '../../main/electron/csp';

export interface HostOptions {
  profileDir: string;
  rendererDir: string;
  bridgeFile: string;
  port?: number;
  /** The Linux policy file to read instead of /etc/bastide/policies.json (read on any OS). */
  policyFile?: string;
  /** The core's accounts side: loopback servers in place of DNS and the Internet (e2e/accounts.spec.ts). */
  accounts?: AccountsOptions;
  /** Test only: documents "opened with the system" are appended to this file instead (e2e/exo-files.spec.ts). */
  openLog?: string;
}

export interface Host {
  url: string;
  origin: string;
  core: CoreService;
  /** What the core notified (the host's notifier records instead of showing), and the badge count. */
  notifications(): { shown: DesktopNotification[]; badge: number };
  /** A launch's arguments, as Electron's second instance hands them over; true when they named a link. */
  launch(argv: readonly string[]): boolean;
  close(): Promise<void>;
}

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

const BRIDGE_PATH = '/__host/bridge.js';
/** Test only, behind the token: the recorded notifications (GET) and launches with arguments (POST). */
const NOTIFICATIONS_PATH = '/__host/test/notifications';
const LAUNCH_PATH = '/__host/test/launch';
const MAX_LAUNCH_BODY = 64 * 1024;

export async function startHost(options: HostOptions): Promise<Host> {
  const token = randomBytes(24).toString('hex');
  const policy = options.policyFile ? { file: options.policyFile, platform: 'linux' } : undefined;
  const openLog = options.openLog;
  const notifier = createRecordingNotifier();
  const launches = createLaunchInbox();
  const core = await createCore({
    profileDir: options.profileDir,
    policy,
    accounts: options.accounts,
    notifier,
    launches,
    ...(openLog && { openPath: (path: string) => appendFile(openLog, `${path}\n`) }),
  });
  const sockets = new Set<WebSocket>();
  let origin = '';

  const server = createServer((req, res) => {
    serve(req, res).catch(() => send(res, 500, 'text/plain', 'internal error'));
  });

  async function serve(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', origin);
    if (url.pathname === NOTIFICATIONS_PATH || url.pathname === LAUNCH_PATH) return serveTest(req, res, url);
    if (req.method !== 'GET') return send(res, 405, 'text/plain', 'method not allowed');
    if (url.pathname === BRIDGE_PATH) {
      return send(res, 200, contentTypes['.js']!, await readFile(options.bridgeFile));
    }
    if (url.pathname === '/' || url.pathname === '/index.html') {
      if (url.searchParams.get('token') !== token) return send(res, 403, 'text/plain', 'forbidden');
      const html = await readFile(join(options.rendererDir, 'index.html'), 'utf8');
      const injected = html.replace(
        '<head>',
        `<head><meta name="bastide-host-token" content="${token}"><script src=".${BRIDGE_PATH}"></script>`,
      );
      return send(res, 200, contentTypes['.html']!, injected);
    }
    const file = resolveInside(options.rendererDir, url.pathname);
    if (!file) return send(res, 404, 'text/plain', 'not found');
    try {
      return send(res, 200, contentTypes[extname(file)] ?? 'application/octet-stream', await readFile(file));
    } catch {
      return send(res, 404, 'text/plain', 'not found');
    }
  }

  async function serveTest(req: IncomingMessage, res: ServerResponse, url: URL) {
    if (url.searchParams.get('token') !== token) return send(res, 403, 'text/plain', 'forbidden');
    if (url.pathname === NOTIFICATIONS_PATH && req.method === 'GET') {
      return send(res, 200, contentTypes['.json']!, JSON.stringify(recorded()));
    }
    if (url.pathname === LAUNCH_PATH && req.method === 'POST') {
      let body = '';
      for await (const chunk of req) {
        body += String(chunk);
        if (body.length > MAX_LAUNCH_BODY) return send(res, 413, 'text/plain', 'too large');
      }
      let argv: unknown;
      try {
        argv = (JSON.parse(body) as { argv?: unknown } | null)?.argv;
      } catch {
        argv = undefined;
      }
      if (!Array.isArray(argv) || !argv.every((arg) => typeof arg === 'string'))
        return send(res, 400, 'text/plain', 'argv: string[]');
      return send(res, 200, contentTypes['.json']!, JSON.stringify({ accepted: launches.receiveArguments(argv) }));
    }
    return send(res, 405, 'text/plain', 'method not allowed');
  }

  const recorded = () => ({ shown: notifier.shown(), badge: notifier.badge() });

  function send(res: ServerResponse, status: number, type: string, body: string | Buffer) {
    res.writeHead(status, {
      'Content-Type': type,
      'Content-Security-Policy': contentSecurityPolicy({ connectSrc: [origin.replace(/^http/, 'ws')] }),
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-store',
    });
    res.end(body);
  }

  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', origin);
    if (url.pathname !== '/bridge' || url.searchParams.get('token') !== token || req.headers.origin !== origin) {
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      ws.on('message', (data) => void answer(ws, data.toString()));
    });
  });

  async function answer(ws: WebSocket, raw: string) {
    let message: { id?: unknown; channel?: unknown; payload?: unknown };
    try {
      message = JSON.parse(raw);
    } catch {
      return;
    }
    if (typeof message.id !== 'number') return;
    const envelope = await dispatch(core, message.channel, message.payload);
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ id: message.id, envelope }));
  }

  const unsubscribe = core.subscribe((event, payload) => {
    const frame = JSON.stringify({ event, payload });
    for (const ws of sockets) if (ws.readyState === ws.OPEN) ws.send(frame);
  });

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: `${origin}/?token=${token}`,
    origin,
    core,
    notifications: recorded,
    launch: (argv) => launches.receiveArguments(argv),
    async close() {
      unsubscribe();
      for (const ws of sockets) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await core.close();
    },
  };
}

/** Maps a URL path to a file under root, or null when it would leave root. */
export function resolveInside(root: string, pathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const file = normalize(join(root, decoded));
  return file.startsWith(normalize(root) + sep) ? file : null;
}
