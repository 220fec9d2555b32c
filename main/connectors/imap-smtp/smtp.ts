// Submission over SMTP, one connection kept open across messages (an outbox flush sends many in a row) and
// closed when idle. The message is streamed from its file; its size is declared (SIZE), so that a server
// with a limit refuses it before a byte is sent.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import SMTPConnection from 'nodemailer/lib/smtp-connection';
import type { Envelope, SubmitResult } from '../../core/mail/remote';
import { CoreError } from '../../core/errors';
import { smtpOptions, type MailServerAccess } from './connection';
import { smtpError } from './errors';

const IDLE_CLOSE_MS = 30_000;

type Connection = InstanceType<typeof SMTPConnection>;

export class SmtpSession {
  #connection: Connection | null = null;
  #messages = 0;
  #queue: Promise<unknown> = Promise.resolve();
  #idleTimer: NodeJS.Timeout | null = null;

  constructor(private readonly access: MailServerAccess) {}

  /** Sends one message file; recipients the server refused are listed, all of them refused is an error. */
  submit(envelope: Envelope, file: string): Promise<SubmitResult> {
    const run = this.#queue.then(() => this.#submit(envelope, file));
    this.#queue = run.catch(() => {});
    return run;
  }

  close(): void {
    if (this.#idleTimer) clearTimeout(this.#idleTimer);
    this.#idleTimer = null;
    this.#drop();
  }

  async #submit(envelope: Envelope, file: string): Promise<SubmitResult> {
    if (this.#idleTimer) clearTimeout(this.#idleTimer);
    const { size } = await stat(file);
    try {
      return await this.#attempt(envelope, file, size, true);
    } catch (error) {
      throw tooLarge(error) ?? (await smtpError(error, this.access));
    } finally {
      this.#idleTimer = setTimeout(() => this.#drop(), IDLE_CLOSE_MS);
      this.#idleTimer.unref();
    }
  }

  async #attempt(envelope: Envelope, file: string, size: number, mayRetry: boolean): Promise<SubmitResult> {
    const reused = this.#connection !== null && this.#messages > 0;
    const connection = await this.#connect();
    const stream = createReadStream(file);
    try {
      const info = await new Promise<SMTPConnection.SentMessageInfo>((resolve, reject) => {
        connection.send({ from: envelope.from, to: envelope.to, size }, stream, (error, result) =>
          error ? reject(error) : resolve(result!),
        );
      });
      this.#messages++;
      return { accepted: info.accepted.map(String), rejected: info.rejected.map(String) };
    } catch (error) {
      const code = (error as { code?: string; responseCode?: number }).code;
      const refused =
        (code === 'EENVELOPE' || code === 'EMESSAGE') && (error as { responseCode?: number }).responseCode !== 421;
      if (refused) {
        // The server refused this message; the session itself is fine once reset.
        await new Promise<void>((resolve) =>
          connection.reset((resetError) => (resetError ? this.#drop() : null, resolve())),
        );
        throw error;
      }
      this.#drop();
      // A kept connection the server closed in the meantime: nothing of the message left, it may go again.
      if (reused && mayRetry && stream.bytesRead === 0) return this.#attempt(envelope, file, size, false);
      throw error;
    } finally {
      stream.destroy();
    }
  }

  async #connect(): Promise<Connection> {
    if (this.#connection && !this.#connection.destroyed) return this.#connection;
    const connection = await this.access.withLogin(async (login) => {
      const { outgoing, network } = this.access;
      const candidate = new SMTPConnection(smtpOptions(outgoing, network.tlsOptions(outgoing.host), network.timeoutMs));
      candidate.on('error', () => {}); // reported through the callbacks below
      try {
        await new Promise<void>((resolve, reject) => candidate.connect((error) => (error ? reject(error) : resolve())));
        await new Promise<void>((resolve, reject) =>
          candidate.login({ credentials: { user: login.username, pass: login.password } }, (error) =>
            error ? reject(error) : resolve(),
          ),
        );
        return candidate;
      } catch (error) {
        candidate.close();
        throw await smtpError(error, this.access);
      }
    });
    connection.once('end', () => {
      if (this.#connection === connection) this.#connection = null;
    });
    this.#connection = connection;
    this.#messages = 0;
    return connection;
  }

  #drop(): void {
    const connection = this.#connection;
    this.#connection = null;
    if (connection && !connection.destroyed) connection.quit();
  }
}

/** nodemailer refuses locally what is above the SIZE the server announced: the same error as the server's. */
function tooLarge(error: unknown): CoreError | null {
  const match = /larger than allowed (\d+)/.exec((error as { message?: string }).message ?? '');
  return match ? new CoreError('outbox.tooLarge', { limit: Number(match[1]) }) : null;
}
