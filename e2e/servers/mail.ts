// Mail test helpers for the real servers: delivery by LMTP (as a mail server would deliver, never by writing
// the store), a direct IMAP look at a mailbox, and the two Dovecot profiles described once for suites that
// run against both.
import type { Readable } from 'node:stream';
import { ImapFlow } from 'imapflow';
import SMTPConnection from 'nodemailer/lib/smtp-connection';
import { servers } from './index';

export interface MailProfile {
  name: 'full' | 'limited';
  domain: string;
  imapPort: number;
  lmtpPort: number;
  submissionPort: number;
}

export const mailProfiles: readonly MailProfile[] = [
  {
    name: 'full',
    domain: servers.domain,
    imapPort: servers.imap.port,
    lmtpPort: servers.lmtp.port,
    submissionPort: servers.submission.port,
  },
  {
    name: 'limited',
    domain: servers.limited.domain,
    imapPort: servers.limited.imap,
    lmtpPort: servers.limited.lmtp,
    submissionPort: servers.limited.submission,
  },
];

export const HOST = '127.0.0.1';

/** One open LMTP session: many messages over one connection (PIPELINING), for fast seeding. */
export async function openLmtp(port: number): Promise<{
  deliver(to: string[], raw: string | Buffer | Readable, from?: string): Promise<void>;
  close(): void;
}> {
  const connection = new SMTPConnection({ host: HOST, port, lmtp: true, ignoreTLS: true, logger: false });
  connection.on('error', () => {});
  await new Promise<void>((resolve, reject) => connection.connect((error) => (error ? reject(error) : resolve())));
  return {
    deliver: (to, raw, from = 'sender@outside.test') =>
      new Promise<void>((resolve, reject) =>
        connection.send({ from, to }, raw, (error, info) => {
          if (error) return reject(error);
          if (info && info.rejected.length > 0) return reject(new Error(`LMTP refused ${info.rejected.join(', ')}`));
          resolve();
        }),
      ),
    close: () => connection.quit(),
  };
}

export async function deliver(port: number, to: string[], raw: string | Buffer | Readable): Promise<void> {
  const lmtp = await openLmtp(port);
  try {
    await lmtp.deliver(to, raw);
  } finally {
    lmtp.close();
  }
}

/** A plain IMAP session as the given user, to look at (or change) a mailbox behind the client's back. */
export async function withImap<T>(
  port: number,
  user: string,
  password: string,
  work: (client: ImapFlow) => Promise<T>,
): Promise<T> {
  const client = new ImapFlow({
    host: HOST,
    port,
    secure: false,
    doSTARTTLS: false,
    auth: { user, pass: password },
    logger: false,
  });
  client.on('error', () => {});
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.logout().catch(() => client.close());
  }
}

/** How many messages of a folder carry this Message-ID. */
export async function countMessageId(client: ImapFlow, path: string, messageId: string): Promise<number> {
  const lock = await client.getMailboxLock(path);
  try {
    const found = await client.search({ header: { 'message-id': messageId } }, { uid: true });
    return Array.isArray(found) ? found.length : 0;
  } finally {
    lock.release();
  }
}

/** A simple message, as an RFC 5322 string. */
export function simpleMessage(fields: {
  from?: string;
  to: string;
  subject: string;
  body?: string;
  messageId?: string;
  date?: Date;
  extra?: string;
}): string {
  const date = (fields.date ?? new Date()).toUTCString().replace('GMT', '+0000');
  return [
    `From: ${fields.from ?? 'Sender <sender@outside.test>'}`,
    `To: ${fields.to}`,
    `Subject: ${fields.subject}`,
    `Date: ${date}`,
    `Message-ID: ${fields.messageId ?? `<${Math.random().toString(36).slice(2)}.${Date.now()}@outside.test>`}`,
    ...(fields.extra ? [fields.extra] : []),
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    fields.body ?? 'Bonjour,\r\nceci est un message de test.',
    '',
  ].join('\r\n');
}
