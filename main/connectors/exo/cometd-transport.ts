// CometD's transports on the account's network: long-polling through the same fetch as every other HTTP call
// of the account, and a WebSocket opened with the account's TLS options (the certificates the user and the
// organisation trust). The library would otherwise use the process-wide XMLHttpRequest and WebSocket, which
// open connections with none of it.
import * as cometdModule from 'cometd';
import type { Transport } from 'cometd';
import type { ConnectionOptions } from 'node:tls';
import { WebSocket } from 'ws';
import type { FetchLike } from '../http/network';

/** What CometD's `LongPollingTransport` hands to `xhrSend`. */
interface XhrPacket {
  url: string;
  headers?: Record<string, string>;
  body: string;
  onSuccess(response: string): void;
  onError(reason: string, exception?: unknown): void;
}

type LongPollingTransportClass = new () => Transport & { xhrSend(packet: XhrPacket): unknown };
type WebSocketTransportClass = new () => Transport & {
  accept(version: string, crossDomain: boolean, url: string): boolean;
  send(envelope: unknown, metaConnect: boolean): void;
};

// The classes exist in the library but not in its type declarations.
const { LongPollingTransport, WebSocketTransport } = cometdModule as unknown as {
  LongPollingTransport: LongPollingTransportClass;
  WebSocketTransport: WebSocketTransportClass;
};

/** The part of an XMLHttpRequest CometD reads of a request in flight: its state, its status, abort(). */
class Exchange {
  readyState = 1; // OPENED
  status = 0;
  readonly #controller = new AbortController();

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  abort(): void {
    this.#controller.abort();
  }
}

export interface CometdHttp {
  fetch: FetchLike;
  /** The account's session cookies (a load balancer routes the Bayeux session with them). */
  cookieHeader(): string | undefined;
}

export class FetchLongPollingTransport extends LongPollingTransport {
  /** Cookies the Bayeux server sets (BAYEUX_BROWSER), sent back as a browser would. */
  readonly #cookies = new Map<string, string>();

  constructor(private readonly http: CometdHttp) {
    super();
  }

  override xhrSend(packet: XhrPacket): Exchange {
    const exchange = new Exchange();
    void this.#send(packet, exchange);
    return exchange;
  }

  async #send(packet: XhrPacket, exchange: Exchange): Promise<void> {
    let outcome: { ok: true; text: string } | { ok: false; reason: string; error?: unknown };
    try {
      const response = await this.http.fetch(packet.url, {
        method: 'POST',
        headers: { ...packet.headers, 'Content-Type': 'application/json', ...this.#cookieHeader() },
        body: packet.body,
        signal: exchange.signal,
        redirect: 'manual',
      });
      exchange.status = response.status;
      this.#keepCookies(response.headers);
      const text = await response.text();
      outcome = response.status === 200 ? { ok: true, text } : { ok: false, reason: response.statusText };
    } catch (error) {
      outcome = { ok: false, reason: error instanceof Error ? error.message : 'network error', error };
    }
    exchange.readyState = 4; // DONE
    if (outcome.ok) packet.onSuccess(outcome.text);
    else packet.onError(outcome.reason, outcome.error);
  }

  #cookieHeader(): { Cookie?: string } {
    const cookies = [this.http.cookieHeader(), ...this.#cookies.values()].filter(Boolean);
    return cookies.length > 0 ? { Cookie: cookies.join('; ') } : {};
  }

  #keepCookies(headers: Headers): void {
    for (const line of headers.getSetCookie()) {
      const pair = line.split(';', 1)[0]!.trim();
      const name = pair.slice(0, pair.indexOf('='));
      if (name) this.#cookies.set(name, pair);
    }
  }
}

/**
 * The WebSocket transport with the account's TLS options. The library builds its socket from
 * `window.WebSocket`, synchronously inside `send` and `accept`: ours is put there for exactly that call.
 */
export class TrustedWebSocketTransport extends WebSocketTransport {
  readonly #socketClass: new (url: string, protocols?: string | string[]) => WebSocket;

  constructor(tls: ConnectionOptions) {
    super();
    this.#socketClass = class extends WebSocket {
      constructor(url: string, protocols?: string | string[]) {
        super(url, protocols, { ...tls, handshakeTimeout: 30_000 });
      }
    };
  }

  override accept(version: string, crossDomain: boolean, url: string): boolean {
    return this.#withSocketClass(() => super.accept(version, crossDomain, url));
  }

  override send(envelope: unknown, metaConnect: boolean): void {
    this.#withSocketClass(() => super.send(envelope, metaConnect));
  }

  #withSocketClass<T>(work: () => T): T {
    const window = (globalThis as unknown as { window: Record<string, unknown> }).window;
    const previous = window.WebSocket;
    window.WebSocket = this.#socketClass;
    try {
      return work();
    } finally {
      window.WebSocket = previous;
    }
  }
}
