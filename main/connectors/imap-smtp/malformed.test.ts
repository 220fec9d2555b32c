// Hostile or broken mail, delivered for real (LMTP) and read through the connector on both profiles: broken
// MIME boundaries, lying or missing charsets, invalid base64, raw 8-bit headers, absurd nesting, endless
// header lines, a 50 MB attachment. Nothing may crash the sync, and each message must stay readable.
import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliver, mailProfiles, openLmtp } from '../../../e2e/servers/mail';
import { servers, serversDir } from '../../../e2e/servers/index';
import type { MailRemote } from '../../core/mail/remote';
import { testAccess } from '../../core/mail/testing/fixtures';
import { folderIdOf, mailSyncRepository } from '../../store/repositories/mail-sync';
import { openStore, type Store } from '../../store/store';
import { createImapSmtpRemote } from './remote';

// A full collection on demand, for the memory bound below (tests only; the app never exposes the GC).
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

serversDir();

const CRLF = '\r\n';
const join_ = (lines: (string | Buffer)[]) =>
  Buffer.concat(
    lines.map((line) => Buffer.concat([Buffer.isBuffer(line) ? line : Buffer.from(line, 'utf8'), Buffer.from(CRLF)])),
  );

function headers(tag: string, extra: string[] = []): string[] {
  return [
    `From: Expéditeur <x@outside.test>`,
    `To: alice`,
    `Subject: ${tag}`,
    `Date: Thu, 12 Mar 2026 10:00:00 +0100`,
    `Message-ID: <${randomUUID()}@outside.test>`,
    ...extra,
  ];
}

/** Each case: a raw message whose subject is its tag, and what its body must (at least) contain. */
function cases(tag: (name: string) => string): { name: string; raw: Buffer; text?: RegExp }[] {
  const deep = 300;
  const nested: string[] = [];
  for (let level = 0; level < deep; level++)
    nested.push(`Content-Type: multipart/mixed; boundary="n${level}"`, '', `--n${level}`);
  nested.push(
    'Content-Type: text/plain',
    '',
    'au fond',
    ...Array.from({ length: deep }, (_, level) => `--n${deep - 1 - level}--`),
  );
  return [
    {
      name: 'broken-boundary',
      raw: join_([
        ...headers(tag('broken-boundary'), ['MIME-Version: 1.0', 'Content-Type: multipart/mixed; boundary="declared"']),
        '',
        '--other',
        'Content-Type: text/plain; charset=utf-8',
        '',
        'limite cassée',
        '--other--',
      ]),
    },
    {
      name: 'unterminated-multipart',
      raw: join_([
        ...headers(tag('unterminated-multipart'), [
          'MIME-Version: 1.0',
          'Content-Type: multipart/alternative; boundary="b"',
        ]),
        '',
        '--b',
        'Content-Type: text/plain; charset=utf-8',
        '',
        'jamais fermé',
      ]),
      text: /jamais fermé/,
    },
    {
      name: 'wrong-charset',
      raw: join_([
        ...headers(tag('wrong-charset'), [
          'MIME-Version: 1.0',
          'Content-Type: text/plain; charset=utf-8',
          'Content-Transfer-Encoding: 8bit',
        ]),
        '',
        Buffer.from('R\xe9union d\xe9plac\xe9e', 'latin1'),
      ]),
      text: /union/,
    },
    {
      name: 'unknown-charset',
      raw: join_([
        ...headers(tag('unknown-charset'), ['MIME-Version: 1.0', 'Content-Type: text/plain; charset=x-nimportequoi']),
        '',
        'texte clair',
      ]),
      text: /texte clair/,
    },
    {
      name: 'missing-charset-8bit',
      raw: join_([
        ...headers(tag('missing-charset-8bit'), ['Content-Type: text/plain']),
        '',
        Buffer.from('caf\xe9 cr\xe8me', 'latin1'),
      ]),
      text: /caf/,
    },
    {
      name: 'invalid-base64',
      raw: join_([
        ...headers(tag('invalid-base64'), [
          'MIME-Version: 1.0',
          'Content-Type: text/plain; charset=utf-8',
          'Content-Transfer-Encoding: base64',
        ]),
        '',
        '@@@ ceci n est pas du base64 !!! ===',
        'Qm9uam91cg==',
      ]),
    },
    {
      name: '8bit-headers',
      raw: join_([
        Buffer.from(`From: Hélène Dupré <helene@outside.test>`, 'utf8'),
        Buffer.from('To: =?bogus?Q?x?= <alice@example.test>', 'utf8'),
        Buffer.from(`Subject: ${tag('8bit-headers')} Réunion à 10h`, 'utf8'),
        Buffer.from('Comments: caf\xe9', 'latin1'),
        'Date: not a date at all',
        '',
        'corps',
      ]),
      text: /corps/,
    },
    { name: 'deep-nesting', raw: join_([...headers(tag('deep-nesting'), ['MIME-Version: 1.0']), ...nested]) },
    {
      name: 'huge-header-lines',
      raw: join_([
        ...headers(tag('huge-header-lines'), [
          `X-Long: ${'a'.repeat(200_000)}`,
          `References: ${Array.from({ length: 5_000 }, (_, n) => `<r${n}@outside.test>`).join(' ')}`,
        ]),
        '',
        'en-têtes démesurés',
      ]),
      text: /démesurés/,
    },
    {
      name: 'many-parts',
      raw: join_([
        ...headers(tag('many-parts'), ['MIME-Version: 1.0', 'Content-Type: multipart/mixed; boundary="m"']),
        '',
        ...Array.from({ length: 2_000 }, (_, n) => [
          `--m`,
          `Content-Type: application/octet-stream; name="f${n}.bin"`,
          '',
          'x',
        ]).flat(),
        '--m--',
      ]),
    },
    { name: 'no-headers-at-all', raw: join_([`Subject: ${tag('no-headers-at-all')}`, '', '']) },
  ];
}

describe.each(mailProfiles)('malformed mail on Dovecot "$name"', (profile) => {
  const address = `alice@${profile.domain}`;
  const account = {
    id: `bad-${profile.name}`,
    user: 'alice',
    password: servers.users.alice,
    address,
    imapPort: profile.imapPort,
    smtpPort: profile.submissionPort,
  };
  let dir: string;
  let store: Store;
  let remote: MailRemote;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'bastide-bad-'));
    store = openStore(join(dir, 'bastide.sqlite'));
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
      new Date(),
    );
    remote = createImapSmtpRemote(testAccess(account), { now: () => new Date() });
  });
  afterAll(async () => {
    await remote.close();
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('syncs and reads every broken message without failing', async () => {
    const run = randomUUID().slice(0, 8);
    const tag = (name: string) => `malformed-${run}-${name}`;
    const lmtp = await openLmtp(profile.lmtpPort);
    const all = cases(tag);
    try {
      for (const entry of all) await lmtp.deliver([address], entry.raw);
    } finally {
      lmtp.close();
    }
    const sync = mailSyncRepository(store.db);
    await remote.sync(sync.target(account.id));
    const inbox = store.mail.list(folderIdOf(account.id, 'INBOX'), 0, 500).items;
    for (const entry of all) {
      const summary = inbox.find((item) => item.subject.startsWith(tag(entry.name)));
      expect(summary, entry.name).toBeDefined();
      const location = sync.location(summary!.id)!;
      const body = await remote.fetchBody(location, location.bodyParts ?? {});
      expect(typeof body.text, entry.name).toBe('string');
      if (entry.text) expect(body.text, entry.name).toMatch(entry.text);
    }
    const eightBit = inbox.find((item) => item.subject.startsWith(tag('8bit-headers')))!;
    expect(eightBit.subject).toContain('Réunion');
    expect(eightBit.from.name).toBe('Hélène Dupré');
    expect(Number.isNaN(Date.parse(eightBit.date))).toBe(false);
    const huge = store.mail.get(inbox.find((item) => item.subject.startsWith(tag('huge-header-lines')))!.id)!;
    expect(huge.subject.length).toBeLessThan(1_000);
    const many = store.mail.get(inbox.find((item) => item.subject.startsWith(tag('many-parts')))!.id)!;
    expect(many.attachments.length).toBeGreaterThan(0);
    expect(many.attachments.length).toBeLessThanOrEqual(500);
  });

  it('streams a 50 MB attachment to disk without holding it in memory', { timeout: 120_000 }, async () => {
    const subject = `Cinquante mégaoctets ${randomUUID()}`;
    const size = 50 * 1024 * 1024;
    const eml = join(dir, 'big.eml');
    await writeBigMessage(eml, subject, size);
    await deliver(profile.lmtpPort, [address], createReadStream(eml));
    const sync = mailSyncRepository(store.db);
    await remote.sync(sync.target(account.id));
    const summary = store.mail
      .list(folderIdOf(account.id, 'INBOX'), 0, 500)
      .items.find((item) => item.subject === subject)!;
    const attachment = store.mail.get(summary.id)!.attachments[0]!;
    expect(attachment.size).toBeGreaterThan(size - 1024 * 1024);
    const file = join(dir, 'archive.bin');
    // What the process holds alive, after a collection: freed chunks waiting for the GC do not count, so the figure
    // no longer depends on when the GC happens to run (RSS did, and swung with the machine's load).
    const live = () => {
      collectGarbage();
      const usage = process.memoryUsage();
      return usage.heapUsed + usage.arrayBuffers;
    };
    const before = live();
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, live())), 20);
    try {
      await remote.downloadPart(sync.location(summary.id)!, sync.attachment(attachment.id)!.part, file);
    } finally {
      clearInterval(sampler);
    }
    expect(statSync(file).size).toBe(size);
    // Holding the attachment whole would keep at least its decoded size alive; streaming keeps only the chunks
    // in flight.
    expect(peak - before).toBeLessThan(size / 4);
  });
});

/** A message with one attachment of `size` bytes, written in chunks (the test holds none of it in memory). */
async function writeBigMessage(path: string, subject: string, size: number): Promise<void> {
  const out = createWriteStream(path);
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  const boundary = 'big';
  await write(
    [
      ...headers(subject, ['MIME-Version: 1.0', `Content-Type: multipart/mixed; boundary="${boundary}"`]),
      '',
      `--${boundary}`,
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Le fichier est joint.',
      `--${boundary}`,
      'Content-Type: application/octet-stream; name="archive.bin"',
      'Content-Disposition: attachment; filename="archive.bin"',
      'Content-Transfer-Encoding: base64',
      '',
      '',
    ].join(CRLF),
  );
  const chunk = Buffer.alloc(57 * 1024, 'Bastide-');
  for (let written = 0; written < size; written += chunk.length) {
    const piece = chunk.subarray(0, Math.min(chunk.length, size - written));
    await write(`${piece.toString('base64').replace(/.{76}/g, `$&${CRLF}`)}${CRLF}`);
  }
  await write(`--${boundary}--${CRLF}`);
  out.end();
  await once(out, 'close');
}
