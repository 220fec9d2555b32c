// One IMAP connection, opened when first needed and again after it dropped, running one piece of work at a
// time. Any failure comes out as a translatable error; one that broke the connection drops it, so the next
// piece of work starts on a fresh one.
import type { ImapFlow } from 'imapflow';
import { createImapClient, prepareMailTls, type MailServerAccess } from './connection';
import { imapError } from './errors';

export interface ImapSessionOptions {
  /** Let imapflow IDLE on the selected folder between commands (the watching connection). */
  idle?: boolean;
  /** Called with each new connection, to subscribe to its events. */
  onConnect?: (client: ImapFlow) => void;
}

const AUTO_IDLE_DELAY_MS = 50;

export class ImapSession {
  #client: ImapFlow | null = null;
  #queue: Promise<unknown> = Promise.resolve();
  #closed = false;

  constructor(
    private readonly access: MailServerAccess,
    private readonly options: ImapSessionOptions = {},
  ) {}

  run<T>(work: (client: ImapFlow) => Promise<T>): Promise<T> {
    const result = this.#queue.then(() => this.#run(work));
    this.#queue = result.catch(() => {});
    return result;
  }

  /** The live connection, if any (for events and capabilities); never opens one. */
  get current(): ImapFlow | null {
    return this.#client?.usable ? this.#client : null;
  }

  async close(): Promise<void> {
    this.#closed = true;
    const client = this.#client;
    this.#client = null;
    if (!client) return;
    try {
      await Promise.race([client.logout(), new Promise((resolve) => setTimeout(resolve, 2_000).unref())]);
    } catch {
      // closing anyway
    }
    client.close();
  }

  async #run<T>(work: (client: ImapFlow) => Promise<T>): Promise<T> {
    const client = await this.#connect();
    try {
      return await work(client);
    } catch (error) {
      if (!client.usable && this.#client === client) this.#client = null;
      throw await imapError(error, this.access);
    }
  }

  async #connect(): Promise<ImapFlow> {
    if (this.#closed) throw await imapError(Object.assign(new Error('closed'), { code: 'NoConnection' }), this.access);
    if (this.#client?.usable) return this.#client;
    this.#client?.close();
    this.#client = null;
    const client = await this.access.withLogin(async (login) => {
      await prepareMailTls(this.access.network, this.access.incoming, 'imap');
      const candidate = createImapClient(this.access, login, this.options.idle ? AUTO_IDLE_DELAY_MS : undefined);
      candidate.on('error', () => {}); // failures surface through the commands that meet them
      try {
        await candidate.connect();
        return candidate;
      } catch (error) {
        candidate.close();
        throw await imapError(error, this.access);
      }
    });
    client.on('close', () => {
      if (this.#client === client) this.#client = null;
    });
    this.options.onConnect?.(client);
    this.#client = client;
    return client;
  }
}
