// Push over BlueMind's `/eventbus` (brief §5.4, E15): a SockJS websocket (`/eventbus/<server>/<session>/websocket`,
// frames `o`, `h`, `a[…]`, `c[…]`), on which the client registers event-bus addresses with its session key and
// receives events whose `requestId` is the address. The webmail keeps the session alive with a
// `GET /api/auth/ping` over the socket every 20 s; so does this client, which also treats a silent socket as
// dead. After a drop it reconnects with back-off and jitter, registers every address again and reports the
// reconnection (events were missed meanwhile: the caller resyncs by changesets).
import { randomBytes, randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import type { Network } from '../http/network';
import type { SessionKeys } from './client';

export interface EventBusOptions {
  baseUrl: string;
  keys: SessionKeys;
  network?: Pick<Network, 'tlsOptions'>;
  /** An event on a registered address. */
  onEvent(address: string, body: unknown): void;
  /** Every time the socket is (re)connected and the addresses registered. */
  onConnected?(reconnected: boolean): void;
  /** The socket closed (it reconnects by itself). */
  onDisconnected?(): void;
  /** A registration the server refused even with a fresh session (no access): the address is dropped. */
  onRefused?(address: string): void;
  pingMs?: number;
  /** A socket that says nothing (not even the SockJS heartbeat or a ping answer) for this long is dead. */
  silenceMs?: number;
  minBackoffMs?: number;
  maxBackoffMs?: number;
}

interface Reply {
  requestId?: string;
  statusCode?: number;
  body?: unknown;
}

export class EventBusClient {
  readonly #addresses = new Set<string>();
  readonly #pending = new Map<string, (reply: Reply) => void>();
  #socket: WebSocket | null = null;
  #closed = false;
  #attempt = 0;
  #everConnected = false;
  #ready = false;
  #retry: NodeJS.Timeout | null = null;
  #ping: NodeJS.Timeout | null = null;
  #lastHeard = 0;
  #connectedWaiters: (() => void)[] = [];

  constructor(private readonly options: EventBusOptions) {}

  /** Open and registered. */
  get connected(): boolean {
    return this.#socket?.readyState === WebSocket.OPEN && this.#ready;
  }

  /** Adds addresses (registered now if connected, and after every reconnection). */
  async register(...addresses: string[]): Promise<void> {
    const fresh = addresses.filter((address) => !this.#addresses.has(address));
    for (const address of fresh) this.#addresses.add(address);
    if (this.connected) await Promise.all(fresh.map((address) => this.#registerOne(address)));
  }

  start(): void {
    this.#closed = false;
    if (!this.#socket && !this.#retry) this.#connect();
  }

  /** Resolves once connected and registered (tests, benchmarks), or once closed: nothing more will come. */
  whenConnected(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    if (this.connected) return Promise.resolve();
    return new Promise((resolve) => this.#connectedWaiters.push(resolve));
  }

  close(): void {
    this.#closed = true;
    if (this.#retry) clearTimeout(this.#retry);
    this.#retry = null;
    this.#stopPing();
    this.#socket?.terminate();
    this.#socket = null;
    for (const resolve of this.#pending.values()) resolve({ statusCode: 499 });
    this.#pending.clear();
    // A caller still waiting for the first connection (an account starting its push) would wait forever.
    for (const resolve of this.#connectedWaiters.splice(0)) resolve();
  }

  #url(): string {
    const url = new URL(this.options.baseUrl);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    const server = String(Math.floor(Math.random() * 1000)).padStart(3, '0');
    url.pathname = `/eventbus/${server}/${randomBytes(8).toString('hex')}/websocket`;
    return url.href;
  }

  #connect(): void {
    this.#retry = null;
    if (this.#closed) return;
    const url = new URL(this.options.baseUrl);
    const tls = url.protocol === 'https:' ? (this.options.network?.tlsOptions(url.hostname) ?? {}) : {};
    const socket = new WebSocket(this.#url(), { ...tls, handshakeTimeout: 15_000 });
    this.#socket = socket;
    socket.on('message', (data) => this.#onData(socket, data.toString()));
    socket.on('close', () => this.#onClose(socket));
    socket.on('error', () => {
      // 'close' follows and schedules the reconnection
    });
  }

  #onData(socket: WebSocket, text: string): void {
    if (socket !== this.#socket) return;
    this.#lastHeard = Date.now();
    const type = text.charAt(0);
    if (type === 'o') {
      void this.#opened(socket);
      return;
    }
    if (type === 'c') {
      socket.terminate();
      return;
    }
    if (type !== 'a') return; // 'h': heartbeat
    let frames: unknown[];
    try {
      frames = (JSON.parse(text.slice(1)) as string[]).map((frame) => JSON.parse(frame) as unknown);
    } catch {
      return;
    }
    for (const frame of frames) this.#onFrame(frame as Reply);
  }

  #onFrame(frame: Reply): void {
    const requestId = frame.requestId ?? '';
    const waiter = this.#pending.get(requestId);
    if (waiter) {
      this.#pending.delete(requestId);
      waiter(frame);
      return;
    }
    // Events carry the registered address as their requestId.
    if (this.#addresses.has(requestId)) {
      try {
        this.options.onEvent(requestId, frame.body);
      } catch {
        // a failing handler must not take the socket down
      }
    }
  }

  async #opened(socket: WebSocket): Promise<void> {
    try {
      await Promise.all([...this.#addresses].map((address) => this.#registerOne(address)));
    } catch {
      // No session to register with (offline sign-in, account waiting for the user): try again later.
      socket.terminate();
      return;
    }
    if (socket !== this.#socket || socket.readyState !== WebSocket.OPEN) return;
    const reconnected = this.#everConnected;
    this.#everConnected = true;
    this.#ready = true;
    this.#attempt = 0;
    this.#startPing(socket);
    for (const resolve of this.#connectedWaiters.splice(0)) resolve();
    this.options.onConnected?.(reconnected);
  }

  async #registerOne(address: string): Promise<void> {
    let key = await this.options.keys.current();
    let reply = await this.#request({ method: 'register', path: address, key });
    if (reply.statusCode === 200) return;
    if (reply.statusCode === 499) return; // socket gone: registered again on reconnection
    // A refused key and a forbidden address look the same over the socket (500 PERMISSION_DENIED): ask who
    // we are; only a refused session is worth renewing before trying again.
    const whoAmI = await this.#request({ method: 'GET', path: '/api/auth', key });
    if (whoAmI.statusCode === 401) {
      try {
        key = await this.options.keys.renew(key);
      } catch {
        return;
      }
    } else if (whoAmI.statusCode === 499) return;
    reply = await this.#request({ method: 'register', path: address, key });
    if (reply.statusCode === 200 || reply.statusCode === 499) return;
    this.#addresses.delete(address);
    this.options.onRefused?.(address);
  }

  #request(frame: { method: string; path: string; key: string }): Promise<Reply> {
    const socket = this.#socket;
    if (!socket || socket.readyState !== WebSocket.OPEN) return Promise.resolve({ statusCode: 499 });
    const requestId = randomUUID();
    const message = JSON.stringify({
      requestId,
      method: frame.method,
      path: frame.path,
      headers: { 'X-BM-ApiKey': frame.key },
      params: {},
    });
    return new Promise((resolve) => {
      this.#pending.set(requestId, resolve);
      socket.send(JSON.stringify([message]), (error) => {
        if (error) {
          this.#pending.delete(requestId);
          resolve({ statusCode: 499 });
        }
      });
    });
  }

  #startPing(socket: WebSocket): void {
    this.#stopPing();
    const pingMs = this.options.pingMs ?? 20_000;
    const silenceMs = this.options.silenceMs ?? Math.max(pingMs * 3, 60_000);
    this.#lastHeard = Date.now();
    this.#ping = setInterval(() => {
      if (Date.now() - this.#lastHeard > silenceMs) {
        socket.terminate();
        return;
      }
      void this.options.keys
        .current()
        .then((key) => this.#request({ method: 'GET', path: '/api/auth/ping', key }))
        .catch(() => undefined);
    }, pingMs);
    this.#ping.unref();
  }

  #stopPing(): void {
    if (this.#ping) clearInterval(this.#ping);
    this.#ping = null;
  }

  #onClose(socket: WebSocket): void {
    if (socket !== this.#socket) return;
    this.#socket = null;
    if (this.#ready) this.options.onDisconnected?.();
    this.#ready = false;
    this.#stopPing();
    for (const [id, resolve] of this.#pending) {
      this.#pending.delete(id);
      resolve({ statusCode: 499 });
    }
    if (this.#closed) return;
    const min = this.options.minBackoffMs ?? 1_000;
    const max = this.options.maxBackoffMs ?? 60_000;
    const ceiling = Math.min(max, min * 2 ** this.#attempt);
    this.#attempt += 1;
    // Full jitter: many clients dropped by one server restart do not come back in step.
    const delay = min / 2 + Math.random() * Math.max(0, ceiling - min / 2);
    this.#retry = setTimeout(() => this.#connect(), delay);
    this.#retry.unref();
  }
}
