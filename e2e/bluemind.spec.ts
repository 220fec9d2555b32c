// Issue 6, BlueMind half, end to end (test host: the core reaches the loopback emulator): an account added with
// `accounts:add` syncs its mail by changesets over REST and shows it in the Mail app, new mail arriving by push;
// a mail written while the network is cut is sent exactly once when it comes back, and still once after a
// restart; a large file leaves as a share link (the core path: draft, outbox, send), received by the recipient.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { cuttableLink, type CuttableLink } from '../main/connectors/bluemind/testing';
import { startBlueMindEmulator, type BlueMindEmulator } from './emulators/bluemind';
import { chosenTarget, expect, invoke, memorySecrets, test as base } from './fixtures';

const test = base.extend<{ bm: BlueMindEmulator; link: CuttableLink }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright fixtures take their dependencies by destructuring
  bm: async ({}, use) => {
    const bm = await startBlueMindEmulator({ bruteForce: false, filehosting: { autoDetachmentLimit: 1_000_000 } });
    await use(bm);
    await bm.close();
  },
  link: async ({ bm }, use) => {
    const link = await cuttableLink(bm.url);
    await use(link);
    await link.close();
  },
  // eslint-disable-next-line no-empty-pattern -- Playwright fixtures take their dependencies by destructuring
  accountsOptions: async ({}, use) => use(memorySecrets()),
});

test.skip(chosenTarget() !== 'host', 'the core must run in the test process to reach the loopback emulator');
test.describe.configure({ timeout: 90_000 });

async function addAlice(page: Page, link: CuttableLink): Promise<string> {
  const result = await invoke(page, 'accounts:add', {
    kindId: 'bluemind',
    server: { type: 'web', url: link.url },
    username: 'alice@example.test',
    password: 'alicepw',
  });
  if (result.status !== 'signed-in') throw new Error('not signed in');
  return result.account.id;
}

async function openInbox(page: Page, accountId: string) {
  await page.keyboard.press('Control+6');
  await page.locator(`[role="row"][data-key="${accountId}:INBOX"]`).click();
  return page.getByRole('listbox', { name: /^Messages du dossier/ });
}

test('a BlueMind account syncs its mail by changesets into the Mail app, and new mail comes by push', async ({
  page,
  bm,
  link,
}) => {
  const accountId = await addAlice(page, link);
  await expect.poll(() => bm.control.requestLog().some((e) => e.path.endsWith('/_filteredChangesetById'))).toBe(true);
  const list = await openInbox(page, accountId);
  for (const mail of bm.control.mails('alice', 'INBOX').slice(0, 3)) {
    await expect(list.getByRole('option', { name: new RegExp(escape(mail.subject)) }).first()).toBeVisible({
      timeout: 20_000,
    });
  }
  bm.control.injectMail({ from: 'bob', to: ['alice'], subject: 'Arrivé par le bus', text: 'Poussé sans attendre.' });
  await expect(list.getByRole('option', { name: /Arrivé par le bus/ })).toBeVisible({ timeout: 20_000 });
});

test('a mail written while offline is sent exactly once when the network is back, and not again after a restart', async ({
  page,
  bm,
  link,
  app,
}) => {
  const accountId = await addAlice(page, link);
  await expect
    .poll(async () => (await invoke(page, 'mail:folders', { accountId })).length, { timeout: 20_000 })
    .toBeGreaterThan(5);

  await link.cut();
  const draft = await invoke(page, 'drafts:create', { accountId });
  await invoke(page, 'drafts:save', {
    id: draft.id,
    to: [{ name: 'Bob', address: 'bob@example.test' }],
    subject: 'Rédigé hors connexion',
    bodyText: 'Ce message attendait le retour du réseau.',
  });
  await invoke(page, 'outbox:send', { draftId: draft.id });
  const sent = () => bm.control.sent().filter((s) => s.subject === 'Rédigé hors connexion');
  expect(sent()).toHaveLength(0);

  await link.restore();
  await expect.poll(() => sent().length, { timeout: 45_000 }).toBe(1);
  const { messageId } = sent()[0]!;
  await expect.poll(() => bm.control.findByMessageId('bob', messageId).length).toBe(1);
  await expect
    .poll(async () => (await invoke(page, 'outbox:status', {})).find((s) => s.accountId === accountId)?.queued)
    .toBe(0);

  const restarted = await app.restart();
  await expect
    .poll(async () => (await invoke(restarted, 'accounts:list', {})).some((a) => a.id === accountId))
    .toBe(true);
  await invoke(restarted, 'mail:sync', { accountId });
  expect(bm.control.sentCount(messageId)).toBe(1);
  const sentFolder = (await invoke(restarted, 'mail:folders', { accountId })).find((f) => f.role === 'sent')!;
  await expect
    .poll(async () => (await invoke(restarted, 'mail:list', { folderId: sentFolder.id })).items.map((m) => m.subject), {
      timeout: 20_000,
    })
    .toContain('Rédigé hors connexion');
});

test('a large file is sent as a share link, which the recipient receives', async ({ page, bm, link }) => {
  const accountId = await addAlice(page, link);
  await expect
    .poll(async () => (await invoke(page, 'mail:folders', { accountId })).length, { timeout: 20_000 })
    .toBeGreaterThan(5);
  const policy = await invoke(page, 'attachments:policy', { accountId });
  expect(policy).toMatchObject({ linksAvailable: true, offerAboveBytes: 1_000_000 });

  const dir = mkdtempSync(join(tmpdir(), 'bastide-e2e-link-'));
  try {
    const path = join(dir, 'Plans du bâtiment.pdf');
    writeFileSync(path, Buffer.alloc(policy.forceAboveBytes! + 1024 * 1024, 'plans'));
    const draft = await invoke(page, 'drafts:create', { accountId });
    await invoke(page, 'drafts:save', {
      id: draft.id,
      to: [{ name: 'Bob', address: 'bob@example.test' }],
      subject: 'Plans du bâtiment',
      bodyText: 'Les plans sont trop lourds pour une pièce jointe.',
      attachments: [{ path }],
    });
    await invoke(page, 'outbox:send', { draftId: draft.id });

    const received = () => bm.control.mails('bob', 'INBOX').find((m) => m.subject === 'Plans du bâtiment');
    await expect.poll(() => received() !== undefined, { timeout: 45_000 }).toBe(true);
    const [share] = bm.control.shares();
    expect(share).toMatchObject({ name: 'Plans du bâtiment.pdf', size: readFileSync(path).length });
    expect(received()!.text).toContain(share!.url);
    expect(bm.control.sentCount(received()!.messageId)).toBe(1);
    const download = await fetch(share!.url);
    expect(Buffer.from(await download.arrayBuffer()).equals(readFileSync(path))).toBe(true);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
