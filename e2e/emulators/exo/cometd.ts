// CometD 3 / Bayeux server for /cometd/cometd (brief §2.6, §3.4): long-polling and WebSocket transports, the eXo
// security policy (exoId + exoToken on handshake and on every subscribe), per-user delivery (Seti) and presence.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { randomBytes } from 'node:crypto';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Emu, Realtime } from './context';
import { type Ctx, sendJson, sendText } from './http';

type BayeuxMessage = Record<string, unknown> & { channel?: string; id?: string; clientId?: string };

interface BayeuxSession {
  clientId: string;
  username: string;
  subscriptions: Set<string>;
  queue: BayeuxMessage[];
  transport: 'long-polling' | 'websocket' | 'fake';
  lastSeen: number;
  connected: boolean;
  pending: { flush: () => void; timer: NodeJS.Timeout } | null;
  ws: WebSocket | null;
}

export type ServiceHandler = (username: string, channel: string, data: unknown) => void;

function channelMatches(subscription: string, channel: string): boolean {
  if (subscription === channel) return true;
  if (subscription.endsWith('/**')) return channel.startsWith(subscription.slice(0, -2));
  if (subscription.endsWith('/*')) {
    const base = subscription.slice(0, -1);
    return channel.startsWith(base) && !channel.slice(base.length).includes('/');
  }
  return false;
}

export class CometdServer implements Realtime {
  private readonly sessions = new Map<string, BayeuxSession>();
  private readonly tokens = new Map<string, string>();
  private readonly lastActive = new Map<string, number>();
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly sweeper: NodeJS.Timeout;
  private serviceHandler: ServiceHandler = () => {};
  private presenceListener: (username: string, online: boolean) => void = () => {};

  constructor(private readonly emu: Emu) {
    this.sweeper = setInterval(() => this.sweep(), 250);
    this.sweeper.unref();
  }

  setServiceHandler(fn: ServiceHandler): void {
    this.serviceHandler = fn;
  }

  onPresence(fn: (username: string, online: boolean) => void): void {
    this.presenceListener = fn;
  }

  /** The in-memory ContinuationService token (changes when the server restarts: see rotateTokens). */
  cometdToken(username: string): string {
    let t = this.tokens.get(username);
    if (!t) {
      t = BigInt('0x' + randomBytes(8).toString('hex'))
        .toString(36)
        .slice(0, 12);
      this.tokens.set(username, t);
    }
    return t;
  }

  rotateTokens(): void {
    this.tokens.clear();
  }

  isOnline(username: string): boolean {
    for (const s of this.sessions.values()) if (s.username === username) return true;
    return false;
  }

  onlineUsers(): string[] {
    return [...new Set([...this.sessions.values()].map((s) => s.username))];
  }

  lastActivity(username: string): number {
    return this.lastActive.get(username) ?? 0;
  }

  sessionCount(username?: string): number {
    return [...this.sessions.values()].filter((s) => username === undefined || s.username === username).length;
  }

  /** A presence without a client (control.setOnline). */
  addFakeSession(username: string): string {
    const s = this.newSession(username, 'fake');
    return s.clientId;
  }

  removeSessionsOf(username: string): void {
    for (const s of [...this.sessions.values()]) if (s.username === username) this.remove(s);
  }

  deliverToUser(username: string, channel: string, data: unknown): void {
    for (const s of this.sessions.values()) if (s.username === username) this.enqueue(s, { channel, data });
  }

  deliverToAll(channel: string, data: unknown): void {
    for (const s of this.sessions.values()) this.enqueue(s, { channel, data });
  }

  broadcast(channel: string, data: unknown): void {
    for (const s of this.sessions.values()) {
      if ([...s.subscriptions].some((sub) => channelMatches(sub, channel))) this.enqueue(s, { channel, data });
    }
  }

  private newSession(username: string, transport: BayeuxSession['transport']): BayeuxSession {
    const wasOnline = this.isOnline(username);
    const s: BayeuxSession = {
      clientId: randomBytes(12).toString('base64url'),
      username,
      subscriptions: new Set(),
      queue: [],
      transport,
      lastSeen: Date.now(),
      connected: false,
      pending: null,
      ws: null,
    };
    this.sessions.set(s.clientId, s);
    this.lastActive.set(username, this.emu.nowMs());
    if (!wasOnline) this.presenceListener(username, true);
    return s;
  }

  private remove(s: BayeuxSession): void {
    if (!this.sessions.delete(s.clientId)) return;
    // A held /meta/connect is answered now; the next one gets 402::session_unknown.
    s.pending?.flush();
    if (!this.isOnline(s.username)) this.presenceListener(s.username, false);
  }

  private enqueue(s: BayeuxSession, msg: BayeuxMessage): void {
    if (s.transport === 'fake') return;
    if (s.transport === 'websocket' && s.ws) {
      s.ws.send(JSON.stringify([msg]));
      return;
    }
    s.queue.push(msg);
    s.pending?.flush();
  }

  private sweep(): void {
    const now = Date.now();
    for (const s of [...this.sessions.values()]) {
      if (s.transport === 'long-polling' && !s.pending && now - s.lastSeen > this.emu.opts.cometdMaxIntervalMs) {
        this.remove(s);
      }
    }
  }

  private checkUser(m: BayeuxMessage): string | null {
    const exoId = typeof m.exoId === 'string' ? m.exoId : null;
    const exoToken = typeof m.exoToken === 'string' ? m.exoToken : null;
    if (!exoId || !exoToken) return null;
    const user = this.emu.state.users.get(exoId);
    if (!user?.enabled) return null;
    return this.tokens.get(exoId) === exoToken ? exoId : null;
  }

  private advice(): Record<string, unknown> {
    return { reconnect: 'retry', interval: 0, timeout: this.emu.opts.cometdTimeoutMs };
  }

  private async processOne(
    m: BayeuxMessage,
    transport: 'long-polling' | 'websocket',
    ws: WebSocket | null,
  ): Promise<BayeuxMessage[]> {
    const channel = m.channel ?? '';
    const base: BayeuxMessage = { channel, ...(m.id !== undefined ? { id: m.id } : {}) };
    if (channel === '/meta/handshake') {
      const username = this.checkUser(m);
      if (!username) {
        return [
          { ...base, successful: false, error: '403::handshake_denied', advice: { reconnect: 'none', interval: 0 } },
        ];
      }
      const s = this.newSession(username, transport);
      s.ws = ws;
      return [
        {
          ...base,
          version: '1.0',
          minimumVersion: '1.0',
          supportedConnectionTypes: ['websocket', 'long-polling'],
          clientId: s.clientId,
          successful: true,
          advice: this.advice(),
        },
      ];
    }
    const s = typeof m.clientId === 'string' ? this.sessions.get(m.clientId) : undefined;
    if (!s) {
      return [
        { ...base, successful: false, error: '402::session_unknown', advice: { reconnect: 'handshake', interval: 0 } },
      ];
    }
    s.lastSeen = Date.now();
    this.lastActive.set(s.username, this.emu.nowMs());
    base.clientId = s.clientId;
    switch (channel) {
      case '/meta/connect':
        return this.connect(s, base, m);
      case '/meta/subscribe':
      case '/meta/unsubscribe': {
        const subs = Array.isArray(m.subscription) ? m.subscription.map(String) : [String(m.subscription ?? '')];
        if (channel === '/meta/subscribe' && !this.checkUser(m)) {
          return [{ ...base, subscription: m.subscription, successful: false, error: '403::subscribe_denied' }];
        }
        for (const sub of subs) {
          if (channel === '/meta/subscribe') s.subscriptions.add(sub);
          else s.subscriptions.delete(sub);
        }
        return [{ ...base, subscription: m.subscription, successful: true }];
      }
      case '/meta/disconnect':
        this.remove(s);
        return [{ ...base, successful: true }];
      default: {
        if (channel.startsWith('/meta/')) return [{ ...base, successful: false, error: '400::unknown_meta_channel' }];
        if (channel.startsWith('/service/')) this.serviceHandler(s.username, channel, m.data);
        else this.broadcast(channel, m.data);
        return [{ ...base, successful: true }];
      }
    }
  }

  private connect(s: BayeuxSession, base: BayeuxMessage, m: BayeuxMessage): Promise<BayeuxMessage[]> {
    const reply = (): BayeuxMessage[] => {
      s.lastSeen = Date.now();
      const out = s.queue.splice(0);
      return [...out, { ...base, successful: true, advice: this.advice() }];
    };
    if (!s.connected) {
      s.connected = true;
      return Promise.resolve(reply());
    }
    if (s.queue.length > 0 || s.transport === 'fake') return Promise.resolve(reply());
    const requested = (m.advice as { timeout?: unknown } | undefined)?.timeout;
    const hold =
      typeof requested === 'number'
        ? Math.min(requested, this.emu.opts.cometdTimeoutMs)
        : this.emu.opts.cometdTimeoutMs;
    return new Promise((resolve) => {
      if (s.pending) {
        clearTimeout(s.pending.timer);
        s.pending.flush();
      }
      const flush = (): void => {
        if (s.pending?.flush !== flush) return;
        clearTimeout(s.pending.timer);
        s.pending = null;
        resolve(reply());
      };
      s.pending = { flush, timer: setTimeout(flush, hold) };
    });
  }

  private async processBatch(
    batch: BayeuxMessage[],
    transport: 'long-polling' | 'websocket',
    ws: WebSocket | null,
  ): Promise<BayeuxMessage[]> {
    const results = await Promise.all(batch.map((m) => this.processOne(m, transport, ws)));
    return results.flat();
  }

  private parse(raw: string): BayeuxMessage[] | null {
    try {
      const v: unknown = JSON.parse(raw);
      const arr = Array.isArray(v) ? v : [v];
      return arr.filter((x): x is BayeuxMessage => typeof x === 'object' && x !== null);
    } catch {
      return null;
    }
  }

  /** Long-polling transport: POST /cometd/cometd[/handshake|/connect|…]. */
  async handleHttp(ctx: Ctx): Promise<void> {
    if (ctx.method !== 'POST') {
      sendText(ctx.res, 400, 'Bayeux requests must be POSTed');
      return;
    }
    const batch = this.parse((await ctx.body()).toString('utf8'));
    if (!batch) {
      sendText(ctx.res, 400, 'Invalid Bayeux message');
      return;
    }
    const replies = await this.processBatch(batch, 'long-polling', null);
    if (ctx.res.destroyed) return;
    sendJson(ctx.res, 200, replies, { 'Content-Type': 'application/json;charset=UTF-8' });
  }

  /** WebSocket transport on the same path. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      const mine = new Set<string>();
      ws.on('message', (raw) => {
        const batch = this.parse(String(raw));
        if (!batch) return;
        void this.processBatch(batch, 'websocket', ws).then((replies) => {
          for (const r of replies) {
            if (r.channel === '/meta/handshake' && typeof r.clientId === 'string') mine.add(r.clientId);
          }
          if (ws.readyState === ws.OPEN && replies.length > 0) ws.send(JSON.stringify(replies));
        });
      });
      ws.on('close', () => {
        for (const id of mine) {
          const s = this.sessions.get(id);
          if (s) this.remove(s);
        }
      });
    });
  }

  close(): void {
    clearInterval(this.sweeper);
    for (const s of this.sessions.values()) {
      s.pending?.flush();
      s.ws?.terminate();
    }
    this.sessions.clear();
    for (const c of this.wss.clients) c.terminate();
    this.wss.close();
  }
}
