// Large attachments as links: the policy the composer reads (threshold from the server, forced above what a
// message can carry, nothing without the role), and the send path that shares the file and sends the link.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { linkChoices } from './filehosting';
import { sendThrough, startHarness, type Harness } from './testing';

let harness: Harness | null = null;
afterEach(async () => {
  await harness?.close();
  harness = null;
});

const dir = mkdtempSync(join(tmpdir(), 'bastide-fh-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, size: number): string {
  const path = join(dir, name);
  const content = Buffer.alloc(size);
  for (let i = 0; i < size; i++) content[i] = 97 + (i % 26);
  writeFileSync(path, content);
  return path;
}

/** A mail to Bob and an outside contractor (whose copy shows the message as it left), as the outbox submits it. */
const outgoing = (from: string, attachments: { path: string; asLink?: boolean }[]) =>
  sendThrough(harness!.mail, dir, {
    from: `${from}@example.test`,
    to: ['bob@example.test', 'Prestataire <contact@prestataire.example>'],
    subject: 'Dossier de consultation',
    text: 'Veuillez trouver le dossier.',
    attachments,
  });

describe('BlueMind attachment policy', () => {
  it('offers links above the server threshold and forces them above what a message can carry', async () => {
    harness = await startHarness({ emulator: { filehosting: { autoDetachmentLimit: 1_000_000 } } });
    const policy = await harness.account.attachmentPolicy();
    expect(policy).toEqual({
      linksAvailable: true,
      offerAboveBytes: 1_000_000,
      forceAboveBytes: expect.any(Number),
      maxLinkBytes: null,
    });
    expect(policy.forceAboveBytes!).toBeGreaterThan(7 * 1024 * 1024);
    expect(policy.forceAboveBytes!).toBeLessThan(8 * 1024 * 1024);

    harness.emu.control.setFilehosting({ autoDetachmentLimit: 0, maxFilesize: 50_000_000 });
    expect(await harness.reopen().account.attachmentPolicy()).toMatchObject({
      offerAboveBytes: null,
      maxLinkBytes: 50_000_000,
    });
  });

  it('offers nothing to a user without the file-hosting role', async () => {
    harness = await startHarness({ login: 'carol', emulator: { filehosting: { autoDetachmentLimit: 1_000_000 } } });
    expect(await harness.account.attachmentPolicy()).toEqual({
      linksAvailable: false,
      offerAboveBytes: null,
      forceAboveBytes: null,
      maxLinkBytes: null,
    });
  });

  it('links the chosen files, any file over the forced limit, then the largest until the rest fits', () => {
    const policy = { linksAvailable: true, offerAboveBytes: 1_000, forceAboveBytes: 10_000, maxLinkBytes: null };
    const files = [
      { key: 'a', size: 6_000 },
      { key: 'b', size: 5_000 },
      { key: 'c', size: 12_000 },
      { key: 'd', size: 500 },
    ];
    expect([...linkChoices(policy, files, ['d'])].sort()).toEqual(['a', 'c', 'd']);
    expect([...linkChoices({ ...policy, linksAvailable: false }, files, ['d'])]).toEqual([]);
  });
});

describe.each(['4.8', '5'] as const)('BlueMind %s large files as links', (version) => {
  it('sends a chosen file as a share link: the link in the mail, the file downloadable, no attachment', async () => {
    harness = await startHarness({ emulator: { version, filehosting: { autoDetachmentLimit: 1_000_000 } } });
    const { emu } = harness;
    const big = file('dossier-consultation.pdf', 2_000_000);
    const mail = await outgoing('alice', [{ path: big, asLink: true }]);
    await mail.send();

    expect(emu.control.sentCount(mail.messageId)).toBe(1);
    const [share] = emu.control.shares();
    expect(share).toMatchObject({ name: 'dossier-consultation.pdf', size: 2_000_000 });
    const received = emu.control.mails('bob', 'INBOX').find((m) => m.messageId === mail.messageId)!;
    expect(received.text).toContain(share!.url);
    const download = await fetch(share!.url);
    expect(Buffer.from(await download.arrayBuffer()).equals(readFileSync(big))).toBe(true);
    const eml = emu.control.outbound().find((o) => o.messageId === mail.messageId)!.eml;
    expect(eml.length).toBeLessThan(100_000);
    expect(eml).toMatch(/X-BM-Disposition: filehosting;url=/i);
  });

  it('attaches a file under the forced limit when the user did not choose a link', async () => {
    harness = await startHarness({ emulator: { version, filehosting: { autoDetachmentLimit: 1_000_000 } } });
    const { emu } = harness;
    const mail = await outgoing('alice', [{ path: file('annexe.odt', 1_500_000) }]);
    await mail.send();
    expect(emu.control.shares()).toEqual([]);
    const eml = emu.control.outbound().find((o) => o.messageId === mail.messageId)!.eml;
    expect(eml.length).toBeGreaterThan(1_500_000);
    expect(eml).toContain('annexe.odt');
  });

  it('forces a link for a file a message cannot carry, even unchosen', async () => {
    harness = await startHarness({ emulator: { version } });
    const { emu } = harness;
    const mail = await outgoing('alice', [{ path: file('plans.zip', 9 * 1024 * 1024) }]);
    await mail.send();
    expect(emu.control.sentCount(mail.messageId)).toBe(1);
    expect(emu.control.shares()).toEqual([expect.objectContaining({ name: 'plans.zip' })]);
  });

  it('leaves a mail too large for the server unsent, with a readable error, when links are unavailable', async () => {
    harness = await startHarness({ login: 'carol', emulator: { version } });
    const { emu } = harness;
    const mail = await outgoing('carol', [{ path: file('trop-gros.zip', 9 * 1024 * 1024) }]);
    await expect(mail.send()).rejects.toMatchObject({ code: 'mail.tooLarge' });
    expect(emu.control.sentCount(mail.messageId)).toBe(0);
  });

  it('shares once even when the send is retried after the share', async () => {
    harness = await startHarness({ emulator: { version } });
    const { emu } = harness;
    const big = file('rapport-annuel.pdf', 9 * 1024 * 1024);
    const mail = await outgoing('alice', [{ path: big }]);
    emu.control.failNextFlush();
    await expect(mail.send()).rejects.toMatchObject({ code: 'mail.sendFailed' });
    await mail.send();
    expect(emu.control.sentCount(mail.messageId)).toBe(1);
    expect(emu.control.shares()).toHaveLength(1);
  });
});
