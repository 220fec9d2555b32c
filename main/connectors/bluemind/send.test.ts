// Sending exactly once through Drafts → Outbox → flush, whatever fails on the way: a flush in error, answers
// lost after the server acted, a session expiring with temporary parts uploaded, and the app stopping at each
// step (a new runtime on the same profile finishes the job). The server's count of submissions decides.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Mail from 'nodemailer/lib/mailer';
import MailComposer from 'nodemailer/lib/mail-composer';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { MailRemote } from '../../core/mail/remote';
import { sendThrough, startHarness, type AfterResponse, type Harness } from './testing';

let harness: Harness | null = null;
afterEach(async () => {
  await harness?.close();
  harness = null;
});

const files = mkdtempSync(join(tmpdir(), 'bastide-send-'));
afterAll(() => rmSync(files, { recursive: true, force: true }));

/** A mail from Alice to Bob, as the engine's outbox would submit it. */
const outgoing = (remote: MailRemote, subject: string) =>
  sendThrough(remote, files, {
    from: 'Alice Martin <alice@example.test>',
    to: ['Bob <bob@example.test>'],
    subject,
    text: 'Bonjour Bob,\n\nVoici le compte rendu.\n',
  });

/** Cuts the answer of the first request matching `method path`, after the server has acted on it. */
function loseAnswer(method: string, pattern: RegExp, error: () => Error): AfterResponse {
  let done = false;
  return (m, url) => {
    if (done || m !== method || !pattern.test(url.pathname)) return;
    done = true;
    throw error();
  };
}

const connectionReset = () => Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
class Crash extends Error {}

describe.each(['4.8', '5'] as const)('BlueMind %s sending', (version) => {
  it('sends once through Outbox: delivered, in Sent, out of Drafts and Outbox', async () => {
    harness = await startHarness({ emulator: { version } });
    const { emu } = harness;
    const mail = await outgoing(harness.mail, 'Compte rendu du comité');
    await mail.send();
    expect(emu.control.sentCount(mail.messageId)).toBe(1);
    expect(emu.control.findByMessageId('alice', mail.messageId)).toEqual([{ folder: 'Sent', id: expect.any(Number) }]);
    expect(emu.control.findByMessageId('bob', mail.messageId)).toEqual([{ folder: 'INBOX', id: expect.any(Number) }]);
    const received = emu.control.mails('bob', 'INBOX').find((m) => m.messageId === mail.messageId)!;
    expect(received.text).toContain('Voici le compte rendu.');
    expect(received.headers.some((h) => h.name.toLowerCase().startsWith('x-bm-draft'))).toBe(false);
    // The draft was created with a reserved id (createById), not a server-allocated one.
    const log = emu.control.requestLog().map((e) => `${e.method} ${e.path}`);
    expect(log.some((p) => p.endsWith('/_allocateOfflineIds'))).toBe(true);
    expect(log.some((p) => /^PUT \/api\/mail_items\/[^/]+\/id\/\d+$/.test(p))).toBe(true);
    // A replay of the task is a no-op.
    await mail.send();
    expect(emu.control.sentCount(mail.messageId)).toBe(1);
  });

  it('keeps the mail in Outbox when the flush fails, and sends it once on the retry', async () => {
    harness = await startHarness({ emulator: { version } });
    const { emu } = harness;
    const mail = await outgoing(harness.mail, 'Relance du marché');
    emu.control.failNextFlush();
    await expect(mail.send()).rejects.toMatchObject({ code: 'mail.sendFailed' });
    expect(emu.control.sentCount(mail.messageId)).toBe(0);
    expect(emu.control.findByMessageId('alice', mail.messageId)).toEqual([
      { folder: 'Outbox', id: expect.any(Number) },
    ]);
    await mail.send();
    expect(emu.control.sentCount(mail.messageId)).toBe(1);
  });

  it.each([
    ['the draft creation', 'PUT', /\/api\/mail_items\/[^/]+\/id\/\d+$/],
    ['the move to Outbox', 'PUT', /\/importItems\//],
    ['the flush', 'POST', /\/api\/outbox\/.+\/flush$/],
    ['the task status', 'GET', /\/api\/tasks\/[^/]+$/],
  ])('sends once when the answer to %s is lost', async (_step, method, pattern) => {
    harness = await startHarness({ emulator: { version } });
    const { emu } = harness;
    const mail = await outgoing(harness.mail, 'Réponse perdue');
    harness.afterResponse = loseAnswer(method, pattern, connectionReset);
    await expect(mail.send()).rejects.toMatchObject({ code: 'network.unreachable' });
    harness.afterResponse = null;
    await mail.send();
    expect(emu.control.sentCount(mail.messageId)).toBe(1);
    expect(emu.control.findByMessageId('bob', mail.messageId)).toHaveLength(1);
    expect(emu.control.findByMessageId('alice', mail.messageId)).toEqual([{ folder: 'Sent', id: expect.any(Number) }]);
  });

  it.each([
    ['after reserving ids', 'POST', /_allocateOfflineIds$/],
    ['after creating the draft', 'PUT', /\/api\/mail_items\/[^/]+\/id\/\d+$/],
    ['after moving it to Outbox', 'PUT', /\/importItems\//],
    ['after the flush', 'POST', /\/flush$/],
    ['after the task succeeded', 'GET', /\/api\/tasks\/[^/]+$/],
  ])('sends once when the app stops %s and a new run retries', async (_step, method, pattern) => {
    harness = await startHarness({ emulator: { version, taskPollsBeforeDone: 0 } });
    const { emu } = harness;
    const mail = await outgoing(harness.mail, 'Arrêt en plein envoi');
    harness.afterResponse = loseAnswer(method, pattern, () => new Crash('process killed'));
    await expect(mail.send()).rejects.toBeInstanceOf(Crash);
    harness.stopRuntime();
    harness.afterResponse = null;
    const restarted = harness.reopen();
    await restarted.mail.submit(mail.envelope, mail.file);
    expect(emu.control.sentCount(mail.messageId)).toBe(1);
    expect(emu.control.findByMessageId('alice', mail.messageId)).toEqual([{ folder: 'Sent', id: expect.any(Number) }]);
    expect(emu.control.findByMessageId('alice', mail.messageId).some((f) => f.folder === 'Drafts')).toBe(false);
  });

  it('uploads the parts again when the session expires between the upload and the creation', async () => {
    harness = await startHarness({ emulator: { version } });
    const { emu, keys } = harness;
    const mail = await outgoing(harness.mail, 'Session expirée');
    await harness.syncMail();
    let expired = false;
    harness.afterResponse = (method, url) => {
      if (!expired && method === 'PUT' && url.pathname.endsWith('/_part')) {
        expired = true;
        emu.control.expireSessions('alice');
      }
    };
    await mail.send();
    expect(keys.renewals).toBe(1);
    expect(emu.control.sentCount(mail.messageId)).toBe(1);
  });
});

describe.each(['4.8', '5'] as const)('BlueMind %s remote: submit and append of message files', (version) => {
  const dir = mkdtempSync(join(tmpdir(), 'bastide-eml-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function messageFile(options: Mail.Options): Promise<string> {
    const eml = await new MailComposer(options).compile().build();
    const file = join(dir, `${randomUUID()}.eml`);
    writeFileSync(file, eml);
    return file;
  }

  it('submits once, Bcc delivered but hidden, and appending the Sent copy adds nothing', async () => {
    harness = await startHarness({ emulator: { version } });
    const { emu } = harness;
    const messageId = `<${randomUUID()}@bastide.test>`;
    const file = await messageFile({
      messageId,
      from: 'Alice Martin <alice@example.test>',
      to: 'Bob <bob@example.test>',
      subject: 'Note de service',
      text: 'Bonjour à tous,\nla note est jointe.',
      html: '<p>Bonjour à tous,<br>la note est <b>jointe</b>.</p>',
      attachments: [{ filename: 'note.odt', content: Buffer.from('contenu de la note') }],
    });
    const envelope = { from: 'alice@example.test', to: ['bob@example.test', 'jean.dupont@example.test'] };
    expect(await harness.mail.submit(envelope, file)).toEqual({ accepted: envelope.to, rejected: [] });
    expect(await harness.mail.submit(envelope, file)).toEqual({ accepted: envelope.to, rejected: [] });
    expect(emu.control.sentCount(messageId)).toBe(1);
    const atJean = emu.control.mails('jean.dupont', 'INBOX').find((m) => m.messageId === messageId)!;
    expect(atJean.text).toContain('la note est jointe.');
    expect(emu.control.mails('bob', 'INBOX').find((m) => m.messageId === messageId)!.headers).not.toContainEqual(
      expect.objectContaining({ name: 'Bcc' }),
    );
    const sentId = await harness.mail.append('Sent', file, ['\\Seen']);
    expect(emu.control.findByMessageId('alice', messageId)).toEqual([{ folder: 'Sent', id: sentId }]);
  });

  it('files each revision of a draft (same Message-ID, new content) as the engine pushes them', async () => {
    harness = await startHarness({ emulator: { version } });
    const { emu } = harness;
    const remote = harness.mail;
    const messageId = `<${randomUUID()}@bastide.test>`;
    const revision = (text: string) =>
      messageFile({ messageId, from: 'alice@example.test', to: 'bob@example.test', subject: 'Rapport', text });
    const first = await remote.append('Drafts', await revision('version 1'), ['\\Draft', '\\Seen']);
    const second = await remote.append('Drafts', await revision('version 2'), ['\\Draft', '\\Seen']);
    expect(second).not.toBe(first);
    const copies = await remote.findByMessageId('Drafts', messageId);
    expect(copies.sort()).toEqual([first, second].sort());
    await remote.expunge(
      'Drafts',
      copies.filter((uid) => uid !== second),
    );
    const left = emu.control.mails('alice', 'Drafts').filter((m) => m.messageId === messageId);
    expect(left.map((m) => [m.id, m.text.trim()])).toEqual([[second, 'version 2']]);
  });

  it('files a draft once even when the append is replayed after a lost answer', async () => {
    harness = await startHarness({ emulator: { version } });
    const { emu } = harness;
    const messageId = `<${randomUUID()}@bastide.test>`;
    const file = await messageFile({
      messageId,
      from: 'alice@example.test',
      to: 'bob@example.test',
      subject: 'Brouillon',
      text: 'v1',
    });
    harness.afterResponse = (method, url) => {
      if (method === 'PUT' && /\/id\/\d+$/.test(url.pathname)) {
        harness!.afterResponse = null;
        throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
      }
    };
    await expect(harness.mail.append('Drafts', file, ['\\Seen', '\\Draft'])).rejects.toMatchObject({
      code: 'network.unreachable',
    });
    const id = await harness.mail.append('Drafts', file, ['\\Seen', '\\Draft']);
    expect(emu.control.findByMessageId('alice', messageId)).toEqual([{ folder: 'Drafts', id }]);
    expect(emu.control.mails('alice', 'Drafts').find((m) => m.id === id)!.flags).toContain('\\Draft');
  });
});
