// The IMAP/SMTP connector against the real servers, on both Dovecot profiles: "full" (CONDSTORE, QRESYNC,
// MOVE) and "limited" (none of them, as BlueMind 5). Mail arrives by LMTP, as a server would deliver it.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { countMessageId, deliver, mailProfiles, simpleMessage, withImap } from '../../../e2e/servers/mail';
import { servers, serversDir } from '../../../e2e/servers/index';
import { startTcpProxy } from '../../../e2e/servers/tcp-proxy';
import { CoreError } from '../../core/errors';
import type { MailRemote } from '../../core/mail/remote';
import { testAccess, type TestMailAccount } from '../../core/mail/testing/fixtures';
import { openStore, type Store } from '../../store/store';
import { folderIdOf, mailSyncRepository } from '../../store/repositories/mail-sync';
import { createImapSmtpRemote } from './remote';

serversDir();

const now = () => new Date();

describe.each(mailProfiles)('IMAP/SMTP connector on Dovecot "$name"', (profile) => {
  const user = 'alice';
  const address = `alice@${profile.domain}`;
  const account: TestMailAccount = {
    id: `acc-${profile.name}`,
    user,
    password: servers.users.alice,
    address,
    imapPort: profile.imapPort,
    smtpPort: profile.submissionPort,
  };
  let dir: string;
  let store: Store;
  let remote: MailRemote;
  const cleanups: (() => Promise<void> | void)[] = [];

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'bastide-imap-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const open = (access = testAccess(account)) => {
    store = openStore(join(dir, `${randomUUID()}.sqlite`));
    store.accounts.put(
      {
        id: account.id,
        kindId: 'imap',
        displayName: address,
        address,
        selfPersonId: null,
        capabilities: ['mail'],
        state: 'online',
      },
      now(),
    );
    remote = createImapSmtpRemote(access, { now });
    cleanups.push(
      () => remote.close(),
      () => store.close(),
    );
    return { store, remote, sync: mailSyncRepository(store.db) };
  };
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  const messagesIn = (store: Store, path: string) => store.mail.list(folderIdOf(account.id, path), 0, 500).items;

  it('lists folders with their roles and syncs the inbox headers', async () => {
    const { store, remote, sync } = open();
    const subject = `Réunion ${randomUUID()}`;
    await deliver(
      profile.lmtpPort,
      [address],
      simpleMessage({ to: address, subject, body: 'Ordre du jour : budget.' }),
    );
    const reports = await remote.sync(sync.target(account.id));
    const roles = Object.fromEntries(store.mail.folders(account.id).map((folder) => [folder.path, folder.role]));
    expect(roles).toMatchObject({
      INBOX: 'inbox',
      Sent: 'sent',
      Drafts: 'drafts',
      Trash: 'trash',
      Junk: 'junk',
      Archive: 'archive',
    });
    expect(reports.find((report) => report.path === 'INBOX')?.added).toBeGreaterThan(0);
    const message = messagesIn(store, 'INBOX').find((item) => item.subject === subject);
    expect(message).toMatchObject({ unread: true, from: { address: 'sender@outside.test' } });
    expect(store.mail.get(message!.id)?.bodyAvailable).toBe(false);
  });

  it('syncs nothing when nothing changed, then only what changed: new mail, flags, expunges', async () => {
    const { store, remote, sync } = open();
    const target = sync.target(account.id);
    await remote.sync(target);
    const again = await remote.sync(target);
    expect(again.every((report) => report.added + report.changed + report.removed === 0 && !report.reset)).toBe(true);

    const subject = `Incrément ${randomUUID()}`;
    await deliver(profile.lmtpPort, [address], simpleMessage({ to: address, subject }));
    await remote.sync(target);
    const message = messagesIn(store, 'INBOX').find((item) => item.subject === subject)!;
    expect(message.unread).toBe(true);

    // Another client reads it, then deletes it.
    const location = sync.location(message.id)!;
    await withImap(profile.imapPort, user, account.password, async (client) => {
      const lock = await client.getMailboxLock('INBOX');
      try {
        await client.messageFlagsAdd(String(location.uid), ['\\Seen', '\\Flagged'], { uid: true });
      } finally {
        lock.release();
      }
    });
    // Without CONDSTORE only a full flags sweep sees it.
    await remote.sync(target, { sweepFlags: (_cursor, modseq) => !modseq });
    expect(store.mail.get(message.id)).toMatchObject({ unread: false, flagged: true });

    await withImap(profile.imapPort, user, account.password, async (client) => {
      const lock = await client.getMailboxLock('INBOX');
      try {
        await client.messageDelete(String(location.uid), { uid: true });
      } finally {
        lock.release();
      }
    });
    await remote.sync(target);
    expect(store.mail.get(message.id)).toBeUndefined();
  });

  it('resyncs a folder whose UIDVALIDITY changed', async () => {
    const { store, remote, sync } = open();
    // As the engine's scheduler always does: without a watched folder the syncing connection would stay in the
    // folder it synced last and IDLE there, and Dovecot (maildir) fails the other client's DELETE/CREATE of a
    // mailbox another session holds open ("Command failed", "indexid changed" in its log).
    remote.watch('INBOX', () => {});
    const path = `Projets-${randomUUID().slice(0, 8)}`;
    const subject = `Avant ${randomUUID()}`;
    await withImap(profile.imapPort, user, account.password, async (client) => {
      await client.mailboxCreate(path);
      await client.append(path, simpleMessage({ to: address, subject }));
    });
    const target = sync.target(account.id);
    await remote.sync(target);
    const before = messagesIn(store, path);
    expect(before.map((item) => item.subject)).toEqual([subject]);

    // Deleted and created again under the same name: a new UIDVALIDITY, the old UIDs mean nothing.
    const after = `Après ${randomUUID()}`;
    await withImap(profile.imapPort, user, account.password, async (client) => {
      await client.mailboxDelete(path);
      await client.mailboxCreate(path);
      await client.append(path, simpleMessage({ to: address, subject: after }));
    });
    const reports = await remote.sync(target);
    expect(reports.find((report) => report.path === path)).toMatchObject({ reset: true });
    expect(messagesIn(store, path).map((item) => item.subject)).toEqual([after]);
    await withImap(profile.imapPort, user, account.password, (client) => client.mailboxDelete(path));
  });

  it('fetches a body on demand and streams a large attachment to disk', async () => {
    const { store, remote, sync } = open();
    const subject = `Pièce jointe ${randomUUID()}`;
    const attachment = Buffer.alloc(3 * 1024 * 1024, 'Bastide ');
    const raw = multipart(address, subject, 'Voir le rapport joint.', attachment);
    await deliver(profile.lmtpPort, [address], raw);
    await remote.sync(sync.target(account.id));
    const message = messagesIn(store, 'INBOX').find((item) => item.subject === subject)!;
    expect(message.hasAttachments).toBe(true);
    const location = sync.location(message.id)!;
    const body = await remote.fetchBody(location, location.bodyParts!);
    expect(body.text).toContain('Voir le rapport joint.');
    const [info] = store.mail.get(message.id)!.attachments;
    expect(info).toMatchObject({ name: 'rapport annuel.pdf', mimeType: 'application/pdf' });
    const file = join(dir, `${randomUUID()}.pdf`);
    await remote.downloadPart(location, sync.attachment(info!.id)!.part, file);
    expect(statSync(file).size).toBe(attachment.length);
    expect(readFileSync(file).equals(attachment)).toBe(true);
  });

  it('reports a connection dropped in the middle of a download, and works again afterwards', async () => {
    const proxy = await startTcpProxy({ host: '127.0.0.1', port: profile.imapPort });
    cleanups.push(() => proxy.close());
    const { store, remote, sync } = open(testAccess({ ...account, imapPort: proxy.port }));
    const subject = `Coupure ${randomUUID()}`;
    await deliver(
      profile.lmtpPort,
      [address],
      multipart(address, subject, 'Gros fichier.', Buffer.alloc(8 * 1024 * 1024, 7)),
    );
    await remote.sync(sync.target(account.id));
    const message = messagesIn(store, 'INBOX').find((item) => item.subject === subject)!;
    const location = sync.location(message.id)!;
    const part = sync.attachment(store.mail.get(message.id)!.attachments[0]!.id)!.part;
    const file = join(dir, `${randomUUID()}.bin`);
    const start = proxy.bytesFromServer;
    const download = remote.downloadPart(location, part, file);
    while (proxy.bytesFromServer - start < 512 * 1024) await new Promise((resolve) => setTimeout(resolve, 1));
    proxy.cut();
    const error = await download.then(
      () => null,
      (failure: unknown) => failure,
    );
    expect(error).toBeInstanceOf(CoreError);
    expect((error as CoreError).code).toMatch(/^network\./);
    expect(() => statSync(file)).toThrow();
    await remote.downloadPart(location, part, file);
    expect(statSync(file).size).toBe(8 * 1024 * 1024);
  });

  it('says so when APPEND hits a full mailbox quota', async () => {
    const { quotaUser } = servers;
    const { remote } = open(testAccess({ ...account, user: quotaUser.username, password: quotaUser.password }));
    const big = join(dir, `${randomUUID()}.eml`);
    const { writeFileSync } = await import('node:fs');
    writeFileSync(
      big,
      multipart(`${quotaUser.username}@${profile.domain}`, 'Trop gros', 'x', Buffer.alloc(quotaUser.quotaBytes * 2, 1)),
    );
    const error = await remote.append('Sent', big, ['\\Seen']).then(
      () => null,
      (failure: unknown) => failure,
    );
    expect(error).toBeInstanceOf(CoreError);
    expect((error as CoreError).code).toBe('mail.quotaExceeded');
  });

  it('submits over SMTP and files the same message in Sent; a refused recipient is a clear error', async () => {
    const { remote } = open();
    const messageId = `<${randomUUID()}@${profile.domain}>`;
    const file = join(dir, `${randomUUID()}.eml`);
    const { writeFileSync } = await import('node:fs');
    writeFileSync(
      file,
      simpleMessage({ from: address, to: `bob@${profile.domain}`, subject: 'Envoi direct', messageId }),
    );
    const result = await remote.submit({ from: address, to: [`bob@${profile.domain}`] }, file);
    expect(result.rejected).toEqual([]);
    await remote.append('Sent', file, ['\\Seen']);
    expect(await remote.findByMessageId('Sent', messageId)).toHaveLength(1);
    await withImapEventually(profile.imapPort, 'bob', servers.users.bob, messageId);

    const refused = await remote.submit({ from: address, to: ['personne@refuse.invalid'] }, file).then(
      () => null,
      (failure: unknown) => failure,
    );
    expect(refused).toBeInstanceOf(CoreError);
    expect((refused as CoreError).code).toBe('outbox.recipientRejected');
    expect((refused as CoreError).params).toEqual({ recipients: 'personne@refuse.invalid' });
  });
});

async function withImapEventually(port: number, user: string, password: string, messageId: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const count = await withImap(port, user, password, (client) => countMessageId(client, 'INBOX', messageId));
    if (count === 1) return;
    if (count > 1 || Date.now() > deadline) throw new Error(`${messageId} is ${count} times in ${user}'s INBOX`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function multipart(to: string, subject: string, text: string, attachment: Buffer): string {
  const boundary = `b-${randomUUID()}`;
  return [
    'From: Sender <sender@outside.test>',
    `To: ${to}`,
    `Subject: =?UTF-8?Q?${encodeURIComponent(subject).replace(/%/g, '=')}?=`,
    `Date: ${new Date().toUTCString()}`,
    `Message-ID: <${randomUUID()}@outside.test>`,
    'MIME-Version: 1.0',
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    text,
    `--${boundary}`,
    'Content-Type: application/pdf; name="rapport annuel.pdf"',
    'Content-Disposition: attachment; filename="rapport annuel.pdf"',
    'Content-Transfer-Encoding: base64',
    '',
    attachment.toString('base64').replace(/.{76}/g, '$&\r\n'),
    `--${boundary}--`,
    '',
  ].join('\r\n');
}
