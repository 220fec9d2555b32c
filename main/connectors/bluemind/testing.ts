// Test support for the BlueMind connector: the emulator, a real profile store on a temporary file with one
// BlueMind account, and session keys obtained the way the app gets them (login.ts: password sign-in, then the
// device API key to renew).
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  startBlueMindEmulator,
  type BlueMindEmulator,
  type BlueMindEmulatorOptions,
} from '../../../e2e/emulators/bluemind/index';
import type { DriverContext, Secrets } from '../../core/accounts/driver';
import { CoreError } from '../../core/errors';
import { openStore, type Store } from '../../store/store';
import { createHttpClient } from '../http/http-client';
import type { Network } from '../http/network';
import { createNodeFetch } from '../http/node-fetch';
import { BlueMindAccount } from './account';
import { BlueMindMailRemote } from './mail-remote';
import { BlueMindRuntime } from './runtime';
import type { SessionKeys } from './client';
import { bluemindDriver } from './login';
import MailComposer from 'nodemailer/lib/mail-composer';
import type { Envelope, MailRemote } from '../../core/mail/remote';
import { mailSyncRepository } from '../../store/repositories/mail-sync';
import { SEND_AS_LINK_HEADER } from './message-file';
import { localCalendarOf, localPeopleOf } from './local-pim';
import { keyValueOf } from './state';

export const ACCOUNT_ID = 'bm1';

/** Sees every request after the server answered it; throwing loses the answer (a cut connection, a crash). */
export type AfterResponse = (method: string, url: URL, status: number) => void;

export function testNetwork(timeoutMs = 5_000, after?: () => AfterResponse | null): Network {
  const fetch = createNodeFetch(() => ({}));
  return {
    fetch: async (input, init) => {
      const response = await fetch(input, init);
      after?.()?.(init?.method ?? 'GET', new URL(input instanceof URL ? input.href : input), response.status);
      return response;
    },
    tlsOptions: () => ({}),
    certificateRefusal: async (endpoint) => new CoreError('tls.untrusted', { host: endpoint.host, fingerprint: '' }),
    timeoutMs,
  };
}

export function testContext(timeoutMs?: number, after?: () => AfterResponse | null): DriverContext {
  const network = testNetwork(timeoutMs, after);
  return { network, http: createHttpClient(network), client: { name: 'Bastide', version: 'test', device: 'vitest' } };
}

/** Keys from a password sign-in, renewed with the device API key, counting renewals. */
export class TestKeys implements SessionKeys {
  key: string | null = null;
  secrets: Secrets = {};
  renewals = 0;

  constructor(
    private readonly context: DriverContext,
    private readonly url: string,
    private readonly login: string,
    private readonly password: string,
  ) {}

  private setup() {
    return { server: { type: 'web' as const, url: this.url }, username: this.login, method: 'password' as const };
  }

  async current(): Promise<string> {
    if (this.key) return this.key;
    const step = await bluemindDriver.signIn(this.context, this.setup(), {
      method: 'password',
      password: this.password,
    });
    if (step.status !== 'signed-in') throw new Error('two-factor?');
    this.key = step.session.auth.headers?.['X-BM-ApiKey'] ?? null;
    this.secrets = Object.fromEntries(
      Object.entries(step.session.secrets).filter(([, value]) => typeof value === 'string'),
    ) as Secrets;
    if (!this.key) throw new Error('no key');
    return this.key;
  }

  #renewal: Promise<string> | null = null;

  /** Like the session manager: concurrent callers share one renewal. */
  renew(refused: string): Promise<string> {
    if (this.key && this.key !== refused) return Promise.resolve(this.key);
    this.#renewal ??= (async () => {
      this.renewals += 1;
      const session = await bluemindDriver.resume(this.context, this.setup(), this.secrets, 'expired');
      this.key = session.auth.headers?.['X-BM-ApiKey'] ?? null;
      if (!this.key) throw new Error('no key');
      return this.key;
    })().finally(() => (this.#renewal = null));
    return this.#renewal;
  }
}

export interface Opened {
  runtime: BlueMindRuntime;
  mail: BlueMindMailRemote;
  account: BlueMindAccount;
  close(): void;
}

export interface Harness extends Opened {
  emu: BlueMindEmulator;
  store: Store;
  keys: TestKeys;
  /** Syncs mail into the store the way the mail engine does (the BlueMind remote into the store's target). */
  syncMail(mail?: BlueMindMailRemote): Promise<void>;
  /** Watches like the mail engine: every change the remote reports runs a sync (counted here). */
  startMailPush(mail?: BlueMindMailRemote): Promise<void>;
  mailSyncs: number;
  /** Set to cut the answer of chosen requests (see AfterResponse). */
  afterResponse: AfterResponse | null;
  /** A second runtime on the same store and server (a restart of the app). */
  reopen(options?: OpenOptions): Opened;
  /** Stops the first runtime (the app stopping), leaving server and store up. */
  stopRuntime(): void;
  /** Waits for the mail syncs push started. */
  settled(): Promise<void>;
  close(): Promise<void>;
}

export interface OpenOptions {
  now?: () => number;
  eventBus?: { pingMs?: number; minBackoffMs?: number; maxBackoffMs?: number };
}

export interface HarnessOptions extends OpenOptions {
  emulator?: BlueMindEmulatorOptions;
  login?: string;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const emu = await startBlueMindEmulator({ bruteForce: false, ...options.emulator });
  const dir = mkdtempSync(join(tmpdir(), 'bastide-bm-'));
  const store = openStore(join(dir, 'profile.sqlite'));
  const login = options.login ?? 'alice';
  store.accounts.put(
    {
      id: ACCOUNT_ID,
      kindId: 'bluemind',
      displayName: login,
      address: `${login}@example.test`,
      selfPersonId: null,
      capabilities: ['mail', 'calendar', 'directory'],
      state: 'online',
    },
    new Date(),
  );
  let afterResponse: AfterResponse | null = null;
  const context = testContext(undefined, () => afterResponse);
  const keys = new TestKeys(context, emu.url, `${login}@example.test`, `${login.split('.')[0]}pw`);
  const opened: Opened[] = [];
  const target = mailSyncRepository(store.db).target(ACCOUNT_ID);
  let running: Promise<void> = Promise.resolve();
  const open = (extra: OpenOptions = {}): Opened => {
    const eventBus = { pingMs: 1_000, minBackoffMs: 20, maxBackoffMs: 200, ...options.eventBus, ...extra.eventBus };
    const now = extra.now ?? options.now;
    const runtime = new BlueMindRuntime({
      baseUrl: emu.url,
      http: context.http,
      keys,
      state: keyValueOf(store, ACCOUNT_ID),
      sleep: async () => undefined,
      ...(now ? { now } : {}),
    });
    const mail = new BlueMindMailRemote({ runtime, push: eventBus });
    const account = new BlueMindAccount({
      accountId: ACCOUNT_ID,
      runtime,
      people: localPeopleOf(store, ACCOUNT_ID),
      calendar: localCalendarOf(store, ACCOUNT_ID),
      eventBus,
    });
    const handle = {
      runtime,
      mail,
      account,
      close: () => {
        account.close();
        void mail.close();
      },
    };
    opened.push(handle);
    return handle;
  };
  const first = open();
  const harness: Harness = {
    ...first,
    emu,
    store,
    keys,
    mailSyncs: 0,
    async syncMail(mail = first.mail) {
      await mail.sync(target);
    },
    async startMailPush(mail = first.mail) {
      mail.watch('INBOX', () => {
        harness.mailSyncs += 1;
        running = running
          .then(() => mail.sync(target))
          .then(
            () => undefined,
            () => undefined,
          );
      });
      await until(() => mail.pushConnected);
    },
    get afterResponse() {
      return afterResponse;
    },
    set afterResponse(value) {
      afterResponse = value;
    },
    reopen: (extra = {}) => open(extra),
    stopRuntime: () => first.close(),
    settled: async () => {
      let current;
      do {
        current = running;
        await current;
      } while (current !== running);
    },
    async close() {
      for (const handle of opened) handle.close();
      await harness.settled().catch(() => undefined);
      await emu.close();
      store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return harness;
}

/** Resolves when `check` holds, checking again every few milliseconds (no fixed sleeps, a generous bound). */
export async function until(check: () => boolean | Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A TCP relay in front of a server that the test can cut (the network goes away) and restore, same port. */
export interface CuttableLink {
  url: string;
  port: number;
  cut(): Promise<void>;
  restore(): Promise<void>;
  close(): Promise<void>;
}

export async function cuttableLink(target: string): Promise<CuttableLink> {
  const { port: targetPort, hostname } = new URL(target);
  const sockets = new Set<Socket>();
  let server: Server | null = null;
  let port = 0;
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const next = createServer((client) => {
        const upstream = connect(Number(targetPort), hostname);
        for (const socket of [client, upstream]) {
          sockets.add(socket);
          socket.on('close', () => sockets.delete(socket));
          socket.on('error', () => socket.destroy());
        }
        client.pipe(upstream).pipe(client);
        client.on('close', () => upstream.destroy());
        upstream.on('close', () => client.destroy());
      });
      next.once('error', reject);
      next.listen(port, '127.0.0.1', () => {
        port = (next.address() as AddressInfo).port;
        server = next;
        resolve();
      });
    });
  const stop = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      if (!server) return resolve();
      server.close(() => resolve());
      server = null;
    });
  await listen();
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    cut: stop,
    restore: listen,
    close: stop,
  };
}

export interface TestMail {
  messageId?: string;
  from: string;
  to: string[];
  cc?: string[];
  /** Delivered, absent from the headers (the engine passes them in the envelope only). */
  bcc?: string[];
  subject: string;
  text: string;
  html?: string;
  /** Files to attach; `asLink` marks the composer's "send as a link" choice on the part. */
  attachments?: { path: string; asLink?: boolean }[];
}

const addressOf = (entry: string) => /<([^>]+)>/.exec(entry)?.[1] ?? entry;

/** The message file the mail engine would write for this mail, and its envelope. */
export async function messageFile(
  dir: string,
  mail: TestMail,
): Promise<{ file: string; envelope: Envelope; messageId: string }> {
  const messageId = mail.messageId ?? `<${randomUUID()}@bastide.test>`;
  const eml = await new MailComposer({
    messageId,
    from: mail.from,
    to: mail.to,
    ...(mail.cc ? { cc: mail.cc } : {}),
    subject: mail.subject,
    text: mail.text,
    ...(mail.html ? { html: mail.html } : {}),
    attachments: (mail.attachments ?? []).map((attachment) => ({
      path: attachment.path,
      ...(attachment.asLink ? { headers: { [SEND_AS_LINK_HEADER]: 'yes' } } : {}),
    })),
  })
    .compile()
    .build();
  const file = join(dir, `${randomUUID()}.eml`);
  writeFileSync(file, eml);
  const envelope = {
    from: addressOf(mail.from),
    to: [...mail.to, ...(mail.cc ?? []), ...(mail.bcc ?? [])].map(addressOf),
  };
  return { file, envelope, messageId };
}

/** Sends as the mail engine's outbox does: `submit` of the message file (replays use the same file). */
export async function sendThrough(remote: MailRemote, dir: string, mail: TestMail) {
  const written = await messageFile(dir, mail);
  return { ...written, send: () => remote.submit(written.envelope, written.file) };
}
