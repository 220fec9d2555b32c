// Mail over REST against the emulator (4.8 and 5.x), through the mail engine's remote interface into the shared
// store tables: the first sync by changesets, deltas (new mail, flags, deletions, folders), cursors that survive
// a restart, bodies and attachments read on demand, flags and moves, and the 4.8/5.x differences.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { mailSyncRepository } from '../../store/repositories/mail-sync';
import { ACCOUNT_ID, startHarness, type Harness } from './testing';

let harness: Harness | null = null;
afterEach(async () => {
  await harness?.close();
  harness = null;
});

const routes = (h: Harness) => h.emu.control.requestLog().map((entry) => `${entry.method} ${entry.path}`);
const folderId = (path: string) => `${ACCOUNT_ID}:${path}`;
const messages = (h: Harness, path: string) => h.store.mail.list(folderId(path), 0, 500).items;
const cursorOf = (h: Harness, path: string) => mailSyncRepository(h.store.db).target(ACCOUNT_ID).folder(path)!.cursor();

describe.each(['4.8', '5'] as const)('BlueMind %s mail over REST', (version) => {
  it('fills folders and headers from changesets, the mailbox root resolved from the directory uid', async () => {
    harness = await startHarness({ emulator: { version } });
    const { emu, store } = harness;
    await harness.syncMail();

    const alice = emu.control.user('alice');
    expect(alice.uid).not.toBe('alice');
    const paths = routes(harness);
    expect(paths.some((p) => p.includes(`/api/mail_folders/example_test/user.${alice.uid}/`))).toBe(true);
    expect(paths.some((p) => p.includes('user.alice/'))).toBe(false);
    expect(paths.some((p) => p.endsWith(version === '5' ? '/_mgetById' : '/_multipleById'))).toBe(true);
    expect(emu.control.requestLog().every((entry) => entry.accept === 'application/json')).toBe(true);

    const folders = new Map(store.mail.folders(ACCOUNT_ID).map((f) => [f.path, f]));
    expect(folders.get('INBOX')?.role).toBe('inbox');
    expect(folders.get('Sent')?.role).toBe('sent');
    expect(folders.get('Outbox')?.role).toBe('outbox');
    expect(folders.get('Projets/Bastide')?.parentId).toBe(folderId('Projets'));
    for (const info of emu.control.folders('alice')) {
      expect(folders.get(info.fullName)?.total, info.fullName).toBe(emu.control.mails('alice', info.fullName).length);
    }
    const first = emu.control.mails('alice', 'INBOX')[0]!;
    const local = messages(harness, 'INBOX').find((m) => m.subject === first.subject)!;
    expect(local.unread).toBe(!first.flags.includes('\\Seen'));
    // The cursor is the folder's changeset version.
    expect(Number(cursorOf(harness, 'INBOX')!.highestModseq)).toBeGreaterThan(0);
  });

  it('applies only what changed: new mail, flags from another device, expunges, a new folder', async () => {
    harness = await startHarness({ emulator: { version } });
    const { emu } = harness;
    await harness.syncMail();
    const before = messages(harness, 'INBOX').length;
    const [victim, flagged] = emu.control.mails('alice', 'INBOX');

    emu.control.injectMail({ from: 'bob', to: ['alice'], subject: 'Ordre du jour du CTS', text: 'Bonjour Alice' });
    emu.control.setMailFlags('alice', 'INBOX', flagged!.id, { add: ['\\Flagged', '\\Seen'] });
    emu.control.deleteMail('alice', 'INBOX', victim!.id);
    emu.control.createFolder('alice', 'Dossiers/Marchés publics');
    emu.control.clearRequestLog();

    await harness.syncMail();
    const inbox = messages(harness, 'INBOX');
    expect(inbox.length).toBe(before);
    expect(inbox.some((m) => m.subject === 'Ordre du jour du CTS')).toBe(true);
    expect(inbox.some((m) => m.subject === victim!.subject && m.date)).toBe(
      emu.control.mails('alice', 'INBOX').some((m) => m.subject === victim!.subject),
    );
    const updated = inbox.find((m) => m.subject === flagged!.subject)!;
    expect(updated).toMatchObject({ flagged: true, unread: false });
    expect(harness.store.mail.folders(ACCOUNT_ID).some((f) => f.path === 'Dossiers/Marchés publics')).toBe(true);
    // Items were fetched in INBOX only (the other folders' changesets said nothing changed).
    const inboxUid = emu.control.folder('alice', 'INBOX').uid;
    const gets = routes(harness).filter((p) => /_mgetById|_multipleById/.test(p) && p.includes('/mail_items/'));
    expect(gets).toEqual([expect.stringContaining(`/api/mail_items/${inboxUid}/`)]);
  });

  it('keeps its cursors across a restart: a second run with nothing new fetches no item', async () => {
    harness = await startHarness({ emulator: { version } });
    await harness.syncMail();
    harness.stopRuntime();
    const again = harness.reopen();
    harness.emu.control.clearRequestLog();
    await harness.syncMail(again.mail);
    const paths = routes(harness);
    expect(paths.filter((p) => p.includes('/mail_items/') && /_mgetById|_multipleById|\/part\//.test(p))).toEqual([]);
    expect(paths.filter((p) => p.includes('_filteredChangesetById')).length).toBe(
      harness.emu.control.folders('alice').length,
    );
  });

  it('reads bodies and attachments on demand, from the references stored with the headers', async () => {
    harness = await startHarness({ emulator: { version } });
    const { emu, store } = harness;
    emu.control.injectMail({
      from: 'bob',
      to: ['alice'],
      subject: 'Pièce jointe',
      text: 'Le rapport est joint. Accentué : é à ç.',
      html: true,
      attachments: [{ fileName: 'rapport.pdf', mime: 'application/pdf', content: Buffer.from('%PDF-1.4 rapport') }],
    });
    await harness.syncMail();
    const summary = messages(harness, 'INBOX').find((m) => m.subject === 'Pièce jointe')!;
    const repo = mailSyncRepository(store.db);
    const location = repo.location(summary.id)!;
    expect(location.bodyFetched).toBe(false);
    const body = await harness.mail.fetchBody(location, location.bodyParts!);
    expect(body.text).toContain('Accentué : é à ç.');
    expect(body.html).toContain('Le rapport est joint.');
    const message = store.mail.get(summary.id)!;
    expect(message.attachments).toEqual([
      expect.objectContaining({ name: 'rapport.pdf', mimeType: 'application/pdf' }),
    ]);
    const part = message.attachments[0]!.id.slice(summary.id.length + 1);
    const dir = mkdtempSync(join(tmpdir(), 'bastide-part-'));
    try {
      await harness.mail.downloadPart(location, part, join(dir, 'rapport.pdf'));
      expect(readFileSync(join(dir, 'rapport.pdf'), 'utf8')).toBe('%PDF-1.4 rapport');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads pre-2020 flag objects and writes flags back in the same form', async () => {
    harness = await startHarness({ emulator: { version, flagsAsObjects: true } });
    const { emu, mail, runtime } = harness;
    await harness.syncMail();
    const unread = emu.control.mails('alice', 'INBOX').find((m) => !m.flags.includes('\\Seen'))!;
    expect(messages(harness, 'INBOX').find((m) => m.subject === unread.subject)!.unread).toBe(true);
    expect(runtime.generation.flagsAsObjects).toBe(true);
    expect(runtime.generation.flag('\\Seen')).toEqual({ flag: '\\Seen', value: 16 });
    await mail.setFlags('INBOX', [unread.id], { unread: false, flagged: true });
    expect(emu.control.mails('alice', 'INBOX').find((m) => m.id === unread.id)!.flags).toEqual(
      expect.arrayContaining(['\\Seen', '\\Flagged']),
    );
    await mail.setFlags('INBOX', [unread.id], { flagged: false });
    expect(emu.control.mails('alice', 'INBOX').find((m) => m.id === unread.id)!.flags).not.toContain('\\Flagged');
  });
});

describe('BlueMind mail actions', () => {
  it('moves by item ids and tells the new ids; finds a message by Message-ID; expunges', async () => {
    harness = await startHarness();
    const { emu } = harness;
    const remote = harness.mail;
    await harness.syncMail();
    const [mail, other] = emu.control.mails('alice', 'INBOX');
    const moved = await remote.move('INBOX', [mail!.id], 'Archives/2024');
    const [where] = emu.control.findByMessageId('alice', mail!.messageId);
    expect(where).toEqual({ folder: 'Archives/2024', id: moved.get(mail!.id) });
    expect(await remote.findByMessageId('Archives/2024', mail!.messageId)).toEqual([where!.id]);
    expect(await remote.findByMessageId('INBOX', mail!.messageId)).toEqual([]);
    await remote.expunge('INBOX', [other!.id]);
    expect(emu.control.findByMessageId('alice', other!.messageId)).toEqual([]);
  });

  it('renews an expired session once and replays the call', async () => {
    harness = await startHarness();
    const { emu, keys } = harness;
    await harness.syncMail();
    emu.control.expireSessions('alice');
    emu.control.injectMail({ from: 'bob', to: ['alice'], subject: 'Après expiration', text: 'x' });
    await harness.syncMail();
    expect(keys.renewals).toBe(1);
    expect(messages(harness, 'INBOX').some((m) => m.subject === 'Après expiration')).toBe(true);
  });

  it('turns server refusals into translatable errors and survives a dropped connection', async () => {
    harness = await startHarness();
    const { emu } = harness;
    emu.control.failNext('badGateway', { pathPrefix: '/api/mail_folders/' });
    await expect(harness.syncMail()).rejects.toMatchObject({ code: 'server.unavailable' });
    emu.control.failNext('loginPage', { pathPrefix: '/api/mail_items/' });
    await expect(harness.syncMail()).rejects.toMatchObject({ code: 'server.htmlInsteadOfJson' });
    emu.control.failNext('drop', { pathPrefix: '/api/mail_items/' });
    await expect(harness.syncMail()).rejects.toMatchObject({ code: expect.stringMatching(/^network\./) });
    emu.control.failNext('fault500', { pathPrefix: '/api/mail_items/' });
    await expect(harness.syncMail()).rejects.toMatchObject({ code: 'server.fault' });
    await harness.syncMail();
    expect(harness.store.mail.folders(ACCOUNT_ID).length).toBe(emu.control.folders('alice').length);
  });

  it('resyncs, at the next start, a folder whose stored version the server never reached', async () => {
    harness = await startHarness();
    await harness.syncMail();
    const target = mailSyncRepository(harness.store.db).target(ACCOUNT_ID).folder('INBOX')!;
    target.setCursor({ ...target.cursor()!, highestModseq: '999999' });
    harness.emu.control.deleteMail('alice', 'INBOX', harness.emu.control.mails('alice', 'INBOX')[0]!.id);
    harness.stopRuntime();
    await harness.syncMail(harness.reopen().mail);
    expect(messages(harness, 'INBOX').length).toBe(harness.emu.control.mails('alice', 'INBOX').length);
  });
});
