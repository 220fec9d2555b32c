// P8: the outbox flushing 1,000 mails queued offline, once the server is back (Sent check, SMTP, APPEND and
// the outbox's own bookkeeping), against a bare SMTP submission + APPEND of the same mails over the same
// connections (both through the same loopback proxy, which lets the account go offline).
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';
import SMTPConnection from 'nodemailer/lib/smtp-connection';
import { HOST, type MailProfile } from '../../../e2e/servers/mail';
import { servers } from '../../../e2e/servers/index';
import { startTcpProxy } from '../../../e2e/servers/tcp-proxy';
import { writeMessage } from '../../../main/core/mail/compose';
import { eventually, openTestEngine, removeProfile } from '../../../main/core/mail/testing/fixtures';
import type { DraftContent } from '../../../main/core/model';
import { ratio, seconds, type Result } from './report';
import { empty } from './seed';
import { account } from './sync';

function content(index: number, to: string): DraftContent {
  return {
    to: [{ name: 'Bob', address: to }],
    cc: [],
    bcc: [],
    subject: `Envoi groupé ${index}`,
    bodyText: `Bonjour Bob,\n\nvoici le compte rendu n°${index} de la commission.\n\nCordialement,\nCarol`,
    bodyHtml: null,
    attachments: [],
    inReplyTo: null,
    references: [],
  };
}

/** Servers cap the messages of one SMTP session (OpenSMTPD: 100): both sides open a new one every 50. */
const MESSAGES_PER_SESSION = 50;

async function smtpSession(port: number, user: string, password: string): Promise<SMTPConnection> {
  const smtp = new SMTPConnection({ host: HOST, port, ignoreTLS: true, logger: false });
  smtp.on('error', () => {});
  await new Promise<void>((resolve, reject) => smtp.connect((error) => (error ? reject(error) : resolve())));
  await new Promise<void>((resolve, reject) =>
    smtp.login({ credentials: { user, pass: password } }, (error) => (error ? reject(error) : resolve())),
  );
  return smtp;
}

async function bare(
  profile: MailProfile,
  imapPort: number,
  smtpPort: number,
  files: string[],
  to: string,
): Promise<number> {
  const who = account(profile, 'carol');
  const imap = new ImapFlow({
    host: HOST,
    port: imapPort,
    secure: false,
    doSTARTTLS: false,
    auth: { user: who.user, pass: who.password },
    logger: false,
  });
  imap.on('error', () => {});
  await imap.connect();
  const start = performance.now();
  let smtp: SMTPConnection | null = null;
  for (const [index, file] of files.entries()) {
    if (index % MESSAGES_PER_SESSION === 0) {
      smtp?.quit();
      smtp = await smtpSession(smtpPort, who.user, who.password);
    }
    const send = (session: SMTPConnection) =>
      new Promise<void>((resolve, reject) =>
        session.send({ from: who.address, to: [to] }, createReadStream(file), (error) =>
          error ? reject(error) : resolve(),
        ),
      );
    // A temporary refusal (4xx) is tried again on a new session, as the outbox does.
    await send(smtp!).catch(async (error: { responseCode?: number }) => {
      if (!error.responseCode || error.responseCode >= 500) throw error;
      smtp?.quit();
      smtp = await smtpSession(smtpPort, who.user, who.password);
      await send(smtp);
    });
    await imap.append('Sent', await readFile(file), ['\\Seen']);
  }
  const elapsed = performance.now() - start;
  smtp?.quit();
  await imap.logout();
  return elapsed;
}

export async function benchOutboxFlush(profile: MailProfile, count: number): Promise<Result> {
  const who = account(profile, 'carol');
  const to = `bob@${profile.domain}`;
  const imap = await startTcpProxy({ host: HOST, port: profile.imapPort });
  const smtp = await startTcpProxy({ host: HOST, port: profile.submissionPort });
  const dir = mkdtempSync(join(tmpdir(), 'bastide-bench-outbox-'));
  const reset = async () => {
    await empty(profile, who.user, who.password, 'Sent');
    await empty(profile, 'bob', servers.users.bob, 'INBOX');
  };
  try {
    await reset();
    const files: string[] = [];
    for (let index = 0; index < count; index++) {
      const file = join(dir, `${index}.eml`);
      await writeMessage(file, {
        from: { name: 'Carol', address: who.address },
        content: content(index, to),
        messageId: `<bench-outbox-${index}-${Date.now()}@${profile.domain}>`,
        date: new Date(),
        attachmentPath: () => '',
        keepBcc: false,
      });
      files.push(file);
    }
    const bareMs = await bare(profile, imap.port, smtp.port, files, to);
    await reset();

    const test = openTestEngine({
      accounts: [{ ...who, displayName: 'Carol', imapPort: imap.port, smtpPort: smtp.port }],
      timings: { draftPushDelayMs: 600_000, checkEveryMs: 600_000 },
    });
    try {
      test.engine.start();
      await test.engine.settled();
      const runtime = test.engine.runtime(who.id)!;
      await imap.offline();
      await smtp.offline();
      runtime.scheduler.request();
      await eventually(() => !runtime.reachability.state.reachable, 'the account offline');
      for (let index = 0; index < count; index++) {
        const draft = await test.engine.drafts.create(who.id);
        await test.engine.drafts.save(draft.id, content(index, to));
        await test.engine.drafts.send(draft.id);
      }
      await imap.online();
      await smtp.online();
      const start = performance.now();
      runtime.reachability.retryNow();
      await eventually(
        () => test.engine.mail.tasks.list(who.id, 'mail.send').length === 0,
        'the outbox flushed',
        600_000,
      );
      const oursMs = performance.now() - start;
      return {
        id: 'P8',
        title: `outbox flush of ${count.toLocaleString('en')} mails queued offline, on reconnection (Dovecot ${profile.name})`,
        figures: `ours ${seconds(oursMs)}, bare SMTP submission + APPEND ${seconds(bareMs)}, ratio ${ratio(oursMs / bareMs)}`,
        target: '≤ 1.2x',
        pass: oursMs / bareMs <= 1.2,
      };
    } finally {
      await test.close();
      removeProfile(test.profileDir);
    }
  } finally {
    await reset().catch(() => {});
    await imap.close();
    await smtp.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
