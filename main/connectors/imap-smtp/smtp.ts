// Submission over SMTP, one connection kept open across messages (an outbox flush sends many in a row) and
// closed when idle. The message is streamed from its file; its size is declared (SIZE), so that a server
// with a limit refuses it before a byte is sent.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import SMTPConnection from 'nodemailer/lib/smtp-connection';
import type { Envelope, SubmitResult } from '../../core/mail/remote';
import { CoreError } from '../../core/errors';
import { prepareMailTls, smtpOptions, type MailServerAccess } from './connection';
import { smtpError } from './errors';

const IDLE_CLOSE_MS = 30_000;
/** Servers cap the messages of one session (OpenSMTPD: 100): a new connection well before. */
const MESSAGES_PER_CONNECTION = 50;

type Connection = InstanceType<typeof SMTPConnection>;

interface SmtpFailure {
  code?: string;
  command?: string;
  responseCode?: number;
  response?: string;
}

export class SmtpSession {
  #connection: Connection | null = null;
  #messages = 0;
  #queue: Promise<unknown> = Promise.resolve();
  #idleTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly access: MailServerAccess,
    private readonly options: { messagesPerConnection?: number } = {},
  ) {}

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
    if (this.#messages >= (this.options.messagesPerConnection ?? MESSAGES_PER_CONNECTION)) this.#drop();
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
      const { code, command, responseCode, response } = error as SmtpFailure;
      // The session will take no more messages (421, or "too many" at MAIL FROM): this one was not sent.
      const sessionFull =
        responseCode === 421 || (command === 'MAIL FROM' && responseCode === 452 && /too many/i.test(response ?? ''));
      if (sessionFull && reused && mayRetry) {
        this.#drop();
        return this.#attempt(envelope, file, size, false);
      }
      const refused = (code === 'EENVELOPE' || code === 'EMESSAGE') && responseCode !== 421;
      if (refused) {
        // The server refused this message; the session itself is fine once reset, unless the server hung up.
        if (!(await resetSession(connection, this.access.network.timeoutMs))) this.#drop();
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
      await prepareMailTls(network, outgoing, 'smtp');
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
    // A connection the server closed on its own is replaced here, not through #drop: count from zero again.
    this.#messages = 0;
    return connection;
  }

  #drop(): void {
    const connection = this.#connection;
    this.#connection = null;
    this.#messages = 0;
    if (connection && !connection.destroyed) connection.quit();
  }
}

/**
 * RSET after a refused message. A server may hang up instead (Dovecot's submission does after a 452 at MAIL
 * FROM), and nodemailer never calls back a command on a closed connection: its end settles it too.
 */
function resetSession(connection: Connection, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    if (connection.destroyed) return resolve(false);
    const settle = (usable: boolean) => {
      clearTimeout(timer);
      connection.off('end', onEnd);
      resolve(usable);
    };
    const onEnd = () => settle(false);
    const timer = setTimeout(() => settle(false), timeoutMs);
    connection.once('end', onEnd);
    connection.reset((error) => settle(!error));
  });
}

/** nodemailer refuses locally what is above the SIZE the server announced: the same error as the server's. */
function tooLarge(error: unknown): CoreError | null {
  const match = /larger than allowed (\d+)/.exec((error as { message?: string }).message ?? '');
  return match ? new CoreError('outbox.tooLarge', { limit: Number(match[1]) }) : null;
}
