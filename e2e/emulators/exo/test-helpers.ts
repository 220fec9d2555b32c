// Helpers for the emulator's own tests: a cookie-jar HTTP client and a long-polling Bayeux client.
import { startExoEmulator, type ExoEmulator } from './index';
import type { ExoEmulatorOptions } from './context';

export class Client {
  readonly jar = new Map<string, string>();

  constructor(readonly base: string) {}

  async fetch(
    path: string,
    init: RequestInit & { json?: unknown; form?: Record<string, string> } = {},
  ): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.jar.size) headers.set('Cookie', [...this.jar].map(([k, v]) => `${k}=${v}`).join('; '));
    let body = init.body;
    if (init.json !== undefined) {
      headers.set('Content-Type', 'application/json');
      body = JSON.stringify(init.json);
    }
    if (init.form) {
      headers.set('Content-Type', 'application/x-www-form-urlencoded');
      body = new URLSearchParams(init.form).toString();
    }
    const res = await fetch(this.base + path, { ...init, headers, body, redirect: 'manual' });
    for (const c of res.headers.getSetCookie()) {
      const [pair = '', ...attrs] = c.split(';');
      const i = pair.indexOf('=');
      const name = pair.slice(0, i).trim();
      const value = pair.slice(i + 1).trim();
      if (attrs.some((a) => /^\s*max-age=0\s*$/i.test(a)) || value === '') this.jar.delete(name);
      else this.jar.set(name, value);
    }
    return res;
  }

  async json<T = Record<string, unknown>>(path: string, init: Parameters<Client['fetch']>[1] = {}): Promise<T> {
    const res = await this.fetch(path, init);
    if (res.status !== 200) throw new Error(`${init.method ?? 'GET'} ${path} → ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }

  async login(username: string, password: string, rememberme = false): Promise<Response> {
    return this.fetch('/portal/login', {
      method: 'POST',
      form: { username, password, ...(rememberme ? { rememberme: 'true' } : {}), initialURI: '/portal/dw' },
    });
  }
}

export async function loggedIn(base: string, username: string, password = `${username}pw`): Promise<Client> {
  const c = new Client(base);
  const res = await c.login(username, password);
  if (res.status !== 302) throw new Error(`login ${username} failed: ${res.status}`);
  return c;
}

export function basic(username: string, password = `${username}pw`): Record<string, string> {
  return { Authorization: 'Basic ' + Buffer.from(`${username}:${password}`).toString('base64') };
}

type Msg = Record<string, unknown>;

/** A minimal CometD long-polling client (what chatCometd3.js does, without the browser). */
export class Bayeux {
  clientId = '';
  readonly received: Msg[] = [];
  private running = false;
  private loop: Promise<void> | null = null;
  private nextId = 1;
  private waiters: (() => void)[] = [];

  constructor(
    readonly base: string,
    readonly exoId: string,
    readonly exoToken: string,
  ) {}

  async post(messages: Msg[], path = '/cometd/cometd'): Promise<Msg[]> {
    const res = await fetch(this.base + path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(messages.map((m) => ({ id: String(this.nextId++), ...m }))),
    });
    return (await res.json()) as Msg[];
  }

  async handshake(token = this.exoToken): Promise<Msg> {
    const [reply] = await this.post(
      [
        {
          channel: '/meta/handshake',
          version: '1.0',
          minimumVersion: '1.0',
          supportedConnectionTypes: ['long-polling'],
          exoId: this.exoId,
          exoToken: token,
        },
      ],
      '/cometd/cometd/handshake',
    );
    if (reply?.successful) this.clientId = String(reply.clientId);
    return reply ?? {};
  }

  async subscribe(channel: string, token = this.exoToken): Promise<Msg> {
    const [reply] = await this.post([
      {
        channel: '/meta/subscribe',
        clientId: this.clientId,
        subscription: channel,
        exoId: this.exoId,
        exoToken: token,
      },
    ]);
    return reply ?? {};
  }

  async publish(channel: string, data: unknown): Promise<Msg> {
    const [reply] = await this.post([{ channel, clientId: this.clientId, data }]);
    return reply ?? {};
  }

  /** Starts the /meta/connect loop; delivered messages accumulate in `received`. */
  start(): void {
    this.running = true;
    this.loop = (async () => {
      while (this.running) {
        let replies: Msg[];
        try {
          replies = await this.post(
            [{ channel: '/meta/connect', clientId: this.clientId, connectionType: 'long-polling' }],
            '/cometd/cometd/connect',
          );
        } catch {
          return;
        }
        for (const r of replies) {
          if (r.channel === '/meta/connect') {
            if (!r.successful) this.running = false;
          } else this.received.push(r);
        }
        for (const w of this.waiters.splice(0)) w();
      }
    })();
  }

  /** Data of delivered messages on a channel, JSON-parsed when it is a string. */
  events(channel = '/service/chat'): Msg[] {
    return this.received
      .filter((m) => m.channel === channel)
      .map((m) => (typeof m.data === 'string' ? (JSON.parse(m.data) as Msg) : (m.data as Msg)));
  }

  async waitFor(pred: (e: Msg) => boolean, channel = '/service/chat', timeoutMs = 5000): Promise<Msg> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const hit = this.events(channel).find(pred);
      if (hit) return hit;
      if (Date.now() > deadline)
        throw new Error(`no matching event on ${channel}: ${JSON.stringify(this.events(channel))}`);
      await new Promise<void>((r) => {
        this.waiters.push(r);
        setTimeout(r, 100);
      });
    }
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.post([{ channel: '/meta/disconnect', clientId: this.clientId }]).catch(() => undefined);
    await this.loop;
  }
}

export async function withEmulator(options: ExoEmulatorOptions = {}): Promise<ExoEmulator> {
  return startExoEmulator({ cometd: { timeoutMs: 1500, maxIntervalMs: 2000 }, ...options });
}
