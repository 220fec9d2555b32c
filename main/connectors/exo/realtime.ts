// Realtime over CometD (brief §2.6, §3.4): one Bayeux session on the platform endpoint, authenticated by
// `exoId` + `exoToken` on the handshake and on every subscribe. It carries chat events (`/service/chat`, data as
// a JSON *string*), web notifications and activity-stream hints, and it is also what makes the user "online"
// for everybody else (presence = a live CometD session). A refused handshake means the in-memory CometD token
// changed (server restart): the token is fetched again and the session restarted, with a growing delay.
// Bayeux runs over the account's network (cometd-transport.ts): a WebSocket with the account's TLS trust, and
// long-polling through the account's fetch when WebSocket is refused.
import { CometD, type Message } from 'cometd';
import type { LiveEvent } from '../../core/spaces/ports';
import { endpointOf } from '../http/http-client';
import { tlsOptionsFor, type Network } from '../http/network';
import type { ChatServer } from './chat-server';
import { type Chat, messageSchema, presenceOf } from './chat';
import { FetchLongPollingTransport, TrustedWebSocketTransport } from './cometd-transport';
import type { ExoIds } from './ids';

export const CHAT_CHANNEL = '/service/chat';
export const NOTIFICATION_CHANNEL = '/eXo/Application/web/NotificationMessage';
export const ACTIVITY_CHANNEL = '/eXo/Application/ActivityStream';

const RESTART_DELAYS_MS = [1_000, 5_000, 15_000, 60_000];

/**
 * The CometD library runs against a browser's `window`: give it timers and a console. It only reads
 * `XMLHttpRequest.UNSENT` of the XMLHttpRequest (requests go through our transports).
 */
function installCometdGlobals(): void {
  const global = globalThis as unknown as { window?: Record<string, unknown> };
  const window = (global.window ??= {});
  window.setTimeout ??= setTimeout;
  window.clearTimeout ??= clearTimeout;
  window.console ??= console;
  window.XMLHttpRequest ??= { UNSENT: 0 };
}

function parseData(data: unknown): Record<string, unknown> | null {
  if (typeof data === 'string') {
    try {
      const parsed = JSON.parse(data) as unknown;
      return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : null;
    } catch {
      return null;
    }
  }
  return data && typeof data === 'object' ? (data as Record<string, unknown>) : null;
}

export class Realtime {
  #cometd: CometD | null = null;
  #listeners = new Set<(event: LiveEvent) => void>();
  #online = false;
  #stopped = true;
  #restarts = 0;
  #timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly server: ChatServer,
    private readonly chat: Chat,
    private readonly ids: ExoIds,
    private readonly origin: URL,
    private readonly network: Network,
    /** The account's session cookies, sent with long-polling requests as a browser would. */
    private readonly cookieHeader: () => string | undefined,
  ) {}

  get online(): boolean {
    return this.#online;
  }

  listen(listener: (event: LiveEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async start(): Promise<void> {
    this.#stopped = false;
    await this.open();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    const cometd = this.#cometd;
    this.#cometd = null;
    this.setOnline(false);
    if (cometd && !cometd.isDisconnected()) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 2_000);
        cometd.disconnect(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Publishes our chat status to the other users (`user-status-changed`, brief §2.5). */
  async publishStatus(status: string): Promise<void> {
    const settings = await this.server.settings();
    this.#cometd?.publish(
      CHAT_CHANNEL,
      JSON.stringify({
        event: 'user-status-changed',
        sender: settings.username,
        token: settings.token,
        data: { status },
      }),
    );
  }

  private emit(event: LiveEvent): void {
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch {
        // a failing listener must not stop the others
      }
    }
  }

  private setOnline(online: boolean): void {
    if (online === this.#online) return;
    this.#online = online;
    this.emit({ type: 'connection', online });
  }

  private async open(): Promise<void> {
    installCometdGlobals();
    const settings = await this.server.settings();
    if (this.#stopped) return;
    const credentials = { exoId: settings.username, exoToken: settings.cometdToken ?? settings.token };
    const endpoint = new URL(settings.wsEndpoint || '/cometd/cometd', this.origin);
    const tls = endpoint.protocol === 'https:' ? await tlsOptionsFor(this.network, endpointOf(endpoint)) : {};
    if (this.#stopped) return;
    const cometd = new CometD();
    this.#cometd = cometd;
    cometd.unregisterTransports();
    cometd.registerTransport('websocket', new TrustedWebSocketTransport(tls));
    cometd.registerTransport(
      'long-polling',
      new FetchLongPollingTransport({ fetch: this.network.fetch, cookieHeader: this.cookieHeader }),
    );
    cometd.configure({ url: endpoint.href, logLevel: 'warn', maxNetworkDelay: 30_000 });
    cometd.addListener('/meta/handshake', (message: Message) => {
      if (cometd !== this.#cometd) return;
      if (!message.successful) {
        this.setOnline(false);
        // 403::handshake_denied: the token is refused; the library would give up (advice "none").
        if (String(message.error ?? '').startsWith('403')) this.restart();
        return;
      }
      this.#restarts = 0;
      cometd.batch(() => {
        cometd.subscribe(CHAT_CHANNEL, (m: Message) => this.onChat(m.data), credentials);
        cometd.subscribe(NOTIFICATION_CHANNEL, () => this.emit({ type: 'notification' }), credentials);
        cometd.subscribe(ACTIVITY_CHANNEL, (m: Message) => this.onActivity(m.data), credentials);
      });
    });
    cometd.addListener('/meta/connect', (message: Message) => {
      if (cometd !== this.#cometd || cometd.isDisconnected()) return;
      this.setOnline(message.successful === true);
    });
    cometd.handshake(credentials);
  }

  /** A new Bayeux session with tokens fetched again, after a growing delay. */
  private restart(): void {
    if (this.#stopped || this.#timer) return;
    const old = this.#cometd;
    this.#cometd = null;
    old?.disconnect();
    const delay = RESTART_DELAYS_MS[Math.min(this.#restarts, RESTART_DELAYS_MS.length - 1)]!;
    this.#restarts += 1;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.server.forget();
      this.open().catch(() => this.restart());
    }, delay);
    this.#timer.unref?.();
  }

  private onChat(raw: unknown): void {
    const envelope = parseData(raw);
    if (!envelope) return;
    const event = String(envelope.event ?? '');
    const room = typeof envelope.room === 'string' ? envelope.room : null;
    const data = parseData(envelope.data);
    switch (event) {
      case 'message-sent':
      case 'message-read':
      case 'message-updated':
      case 'message-deleted': {
        if (!room) return;
        const conversationId = this.ids.of('room', room);
        const parsed = data ? messageSchema.safeParse(data) : null;
        if (parsed?.success) {
          const message = this.chat.toMessage(conversationId, parsed.data);
          if (message) this.emit({ type: 'chat-message', message });
        } else if (event === 'message-read') {
          this.emit({ type: 'chat-read', conversationId });
        }
        return;
      }
      case 'user-status-changed': {
        const sender = typeof envelope.sender === 'string' ? envelope.sender : null;
        const status = typeof data?.status === 'string' ? data.status : null;
        if (sender && status) {
          this.emit({ type: 'presence', personId: this.ids.of('user', sender), presence: presenceOf(status) });
        }
        return;
      }
      case 'room-updated':
      case 'room-deleted':
      case 'room-member-joined':
      case 'room-member-left':
      case 'notification-count-updated':
        this.emit({ type: 'stream', spaceId: null });
        return;
    }
  }

  private onActivity(raw: unknown): void {
    const data = parseData(raw);
    const spaceId =
      data && (typeof data.spaceId === 'string' || typeof data.spaceId === 'number') ? String(data.spaceId) : null;
    this.emit({ type: 'stream', spaceId: spaceId ? this.ids.of('space', spaceId) : null });
  }
}
