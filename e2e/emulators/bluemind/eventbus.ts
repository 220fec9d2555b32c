// The `/eventbus` websocket (brief §5.4, E15): SockJS framing at `/eventbus/<server>/<session>/websocket`,
// raw JSON frames at `/eventbus/websocket`; register/unregister with access rules, REST calls over the socket,
// events whose `requestId` is the address.

import { type IncomingMessage } from 'node:http';
import { type Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { dispatch, type ApiRequest } from './http.js';
import { verbAllows } from './access.js';
import { readableBooks } from './routes/directory.js';
import { type Router } from './router.js';
import { type EmulatorState } from './state.js';

interface Frame {
  requestId?: string;
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  params?: Record<string, string>;
  body?: unknown;
}

interface Conn {
  ws: WebSocket;
  sockjs: boolean;
  addresses: Set<string>;
  heartbeat: NodeJS.Timeout | null;
}

function headerOf(headers: Record<string, string> | undefined, name: string): string | undefined {
  const entry = Object.entries(headers ?? {}).find(([k]) => k.toLowerCase() === name.toLowerCase());
  return entry?.[1];
}

/** Access rules (brief §5.4 table); anything else is not accessible. */
export function mayRegister(state: EmulatorState, userUid: string | null, address: string): boolean {
  if (!userUid) return false;
  const user = state.userByUid(userUid);
  if (!user) return false;
  let m = /^mailreplica\.(.+)\.updated$/.exec(address);
  if (m) {
    const mailbox = state.mail.mailboxes.get(m[1] ?? '');
    return !!mailbox && verbAllows(mailbox.acl.get(userUid), 'read');
  }
  m = /^(.+)\.notifications\.mails$/.exec(address);
  if (m) return m[1] === userUid;
  m = /^bm\.mailbox\.hook\.(.+)\.changed$/.exec(address);
  if (m) {
    const mailbox = state.mail.mailboxes.get(m[1] ?? '');
    return !!mailbox && verbAllows(mailbox.acl.get(userUid), 'read');
  }
  m = /^bm\.calendar\.hook\.(.+)\.changed$/.exec(address);
  if (m) return state.calendars.get(m[1] ?? '')?.owner === userUid;
  m = /^bm\.addressbook\.hook\.(.+)\.changed$/.exec(address);
  if (m) return readableBooks(state, user).some((b) => b.uid === m?.[1]);
  m = /^bm\.owner_subscriptions\.hook\.owner_subscriptions_(.+)_at_(.+)\.changed$/.exec(address);
  if (m) return m[1] === userUid && m[2] === user.domainUid;
  return false;
}

export interface EventBus {
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  /** `GET /eventbus/info` (SockJS). */
  info(): { status: number; headers: Record<string, string>; body: Buffer };
  dropAll(): void;
  connectionCount(): number;
  close(): void;
}

export function createEventBus(state: EmulatorState, router: Router, heartbeatMs: number): EventBus {
  const wss = new WebSocketServer({ noServer: true });
  const conns = new Set<Conn>();

  const send = (c: Conn, frame: unknown): void => {
    if (c.ws.readyState !== c.ws.OPEN) return;
    const text = JSON.stringify(frame);
    c.ws.send(c.sockjs ? `a${JSON.stringify([text])}` : text);
  };

  const unsubscribe = state.subscribe((address, body) => {
    for (const c of conns) {
      if (c.addresses.has(address)) send(c, { headers: {}, requestId: address, statusCode: 200, body });
    }
  });

  async function onFrame(c: Conn, frame: Frame): Promise<void> {
    const requestId = frame.requestId ?? '';
    const method = (frame.method ?? '').toUpperCase();
    const path = frame.path ?? '';
    if (method === 'REGISTER' || method === 'UNREGISTER') {
      const key = headerOf(frame.headers, 'X-BM-ApiKey') ?? frame.params?.apikey;
      let userUid: string | null = null;
      if (key) {
        const s = state.resolveKey(key);
        if (!s) {
          send(c, fault(requestId, `session id ${key} is not valid`));
          return;
        }
        userUid = s.userUid;
      }
      if (method === 'UNREGISTER') {
        c.addresses.delete(path);
        send(c, { requestId, statusCode: 200, headers: {}, body: null });
        return;
      }
      if (!mayRegister(state, userUid, path)) {
        send(c, fault(requestId, `path ${path} not accessible`));
        return;
      }
      c.addresses.add(path);
      send(c, { requestId, statusCode: 200, headers: {}, body: null });
      return;
    }
    if (['GET', 'POST', 'PUT', 'DELETE'].includes(method)) {
      const headers: Record<string, string | undefined> = { accept: 'application/json' };
      for (const [k, v] of Object.entries(frame.headers ?? {})) headers[k.toLowerCase()] = v;
      const [p, qs] = path.split('?');
      const query = new URLSearchParams(qs ?? '');
      for (const [k, v] of Object.entries(frame.params ?? {})) query.set(k, String(v));
      const req: ApiRequest = {
        method,
        path: p ?? '',
        query,
        headers,
        body:
          frame.body === undefined || frame.body === null ? Buffer.alloc(0) : Buffer.from(JSON.stringify(frame.body)),
        chunked: false,
      };
      const res = await dispatch(state, router, req);
      const ct = res.headers['Content-Type'];
      let body: unknown = null;
      if (res.body.length) {
        const text = res.body.toString('utf8');
        try {
          body = JSON.parse(text);
        } catch {
          body = text;
        }
      }
      send(c, {
        requestId,
        statusCode: res.status,
        headers: typeof ct === 'string' ? { 'Content-Type': ct } : {},
        body,
      });
    }
    // `event` and `log` frames need no answer.
  }

  function fault(requestId: string, message: string) {
    // Register failures go through RestResponse.fault: always status 500 (brief E15).
    return {
      requestId,
      statusCode: 500,
      headers: {},
      body: { errorCode: 'PERMISSION_DENIED', errorType: 'ServerFault', message },
    };
  }

  function attach(ws: WebSocket, sockjs: boolean): void {
    const c: Conn = { ws, sockjs, addresses: new Set(), heartbeat: null };
    conns.add(c);
    if (sockjs) {
      ws.send('o');
      c.heartbeat = setInterval(() => ws.readyState === ws.OPEN && ws.send('h'), heartbeatMs);
    }
    ws.on('message', (data) => {
      const text = data.toString();
      let frames: unknown[];
      try {
        const parsed: unknown = JSON.parse(text);
        if (sockjs)
          frames = (Array.isArray(parsed) ? parsed : [parsed]).map((s) => (typeof s === 'string' ? JSON.parse(s) : s));
        else frames = [parsed];
      } catch {
        return; // SockJS drops malformed frames
      }
      for (const f of frames) if (f && typeof f === 'object') void onFrame(c, f as Frame);
    });
    ws.on('close', () => {
      if (c.heartbeat) clearInterval(c.heartbeat);
      conns.delete(c);
    });
  }

  return {
    handleUpgrade(req, socket, head) {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      const raw = path === '/eventbus/websocket' || path === '/eventbus/websocket/';
      const sockjs = /^\/eventbus\/[^/.]+\/[^/.]+\/websocket\/?$/.test(path);
      if (!raw && !sockjs) return false;
      wss.handleUpgrade(req, socket, head, (ws) => attach(ws, sockjs));
      return true;
    },
    info() {
      const body = {
        websocket: true,
        origins: ['*:*'],
        cookie_needed: false,
        entropy: Math.floor(Math.random() * 2 ** 31),
      };
      return {
        status: 200,
        headers: {
          'Content-Type': 'application/json; charset=UTF-8',
          'Cache-Control': 'no-store, no-cache, must-revalidate, max-age=0',
        },
        body: Buffer.from(JSON.stringify(body)),
      };
    },
    dropAll() {
      for (const c of conns) c.ws.terminate();
    },
    connectionCount: () => conns.size,
    close() {
      unsubscribe();
      for (const c of conns) {
        if (c.heartbeat) clearInterval(c.heartbeat);
        c.ws.terminate();
      }
      wss.close();
    },
  };
}
