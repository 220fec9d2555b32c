// Issue 6, Zimbra half, end to end (test host: the core reaches the loopback emulator over SOAP): an account added
// with `accounts:add` mirrors its Briefcase into the Files app and its calendar into the Calendar app; a document
// saved on the server appears by push (WaitSet doorbell, no polling); upload (staged and queued, as for every
// library), new version and a conflicting edit (both copies kept, the user told) go through the Files app;
// recipients complete from the organisation's directory, kept locally (people search). Mail over IMAP, rung by
// the same doorbell: e2e/zimbra-imap-push.spec.ts.
import type { Page } from '@playwright/test';
import { startZimbraEmulator, type ZimbraEmulator } from './emulators/zimbra';
import { chosenTarget, expect, invoke, memorySecrets, test as base } from './fixtures';

const test = base.extend<{ zimbra: ZimbraEmulator }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright fixtures take their dependencies by destructuring
  zimbra: async ({}, use) => {
    const zimbra = await startZimbraEmulator();
    await use(zimbra);
    await zimbra.close();
  },
  // eslint-disable-next-line no-empty-pattern -- Playwright fixtures take their dependencies by destructuring
  accountsOptions: async ({}, use) => use(memorySecrets()),
});

test.skip(chosenTarget() !== 'host', 'the core must run in the test process to reach the loopback emulator');
test.describe.configure({ timeout: 60_000 });

async function addAlice(page: Page, zimbra: ZimbraEmulator): Promise<string> {
  const result = await invoke(page, 'accounts:add', {
    kindId: 'zimbra',
    server: { type: 'web', url: zimbra.url },
    username: 'alice',
    password: 'alicepw',
  });
  if (result.status !== 'signed-in') throw new Error('not signed in');
  return result.account.id;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

async function openFiles(page: Page) {
  await page.keyboard.press('Control+5');
  return page.getByRole('grid', { name: 'Contenu du dossier Mes fichiers' });
}

const row = (table: ReturnType<Page['getByRole']>, name: string) =>
  table.getByRole('row', { name: new RegExp(`^${escape(name)}\\s*, fichier`) });

test('the Briefcase shows in the Files app, and a document saved on the server appears by push', async ({
  page,
  zimbra,
}) => {
  await addAlice(page, zimbra);
  const table = await openFiles(page);
  await expect(row(table, 'Note de cadrage Bastide.txt')).toBeVisible({ timeout: 20_000 });
  await expect(table.getByRole('row', { name: /^Modèles\s*, dossier/ })).toBeVisible();

  zimbra.control.createDocument('alice', { name: 'Arrivé par push.txt', content: 'bonjour', by: 'bob' });
  await expect(row(table, 'Arrivé par push.txt')).toBeVisible({ timeout: 20_000 });
  // The doorbell, not a timer: the long-poll returned and a delta sync followed.
  const soap = zimbra.control.requests().flatMap((entry) => entry.requests);
  expect(soap).toContain('WaitSetRequest');
  expect(soap).toContain('SyncRequest');
});

test('upload, new version, and a conflicting edit kept beside the server version', async ({ page, zimbra }) => {
  await addAlice(page, zimbra);
  const table = await openFiles(page);
  await expect(row(table, 'Note de cadrage Bastide.txt')).toBeVisible({ timeout: 20_000 });

  // Upload into the top of the user's files: staged, queued, then sent (the same path as a drop).
  await page.getByLabel('Importer des fichiers…').setInputFiles({
    name: 'Rapport e2e.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from('première version'),
  });
  await expect(row(table, 'Rapport e2e.txt')).toBeVisible();
  await expect
    .poll(() => zimbra.control.document('alice', 'Rapport e2e.txt')?.versions.map((v) => v.text))
    .toEqual(['première version']);
  const uploaded = zimbra.control.document('alice', 'Rapport e2e.txt');
  await expect(row(table, 'Rapport e2e.txt')).toHaveCount(1);

  // A new version from the file's detail.
  await row(table, 'Rapport e2e.txt').click();
  const detail = page.getByRole('region', { name: 'Rapport e2e.txt' });
  const versions = detail.getByRole('list', { name: 'Versions' });
  await expect(versions.getByRole('listitem')).toHaveCount(1);
  await detail.getByLabel('Nouvelle version').setInputFiles({
    name: 'Rapport e2e.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from('deuxième version'),
  });
  await expect(detail.getByRole('status')).toContainText('La nouvelle version de « Rapport e2e.txt » est enregistrée');
  await expect(versions.getByRole('listitem')).toHaveCount(2);

  // The user takes a copy, Bob saves in the meantime, then the user's edit comes back: both are kept.
  const download = page.waitForEvent('download');
  await detail.getByRole('button', { name: 'Télécharger' }).click();
  expect((await download).suggestedFilename()).toBe('Rapport e2e.txt');
  zimbra.control.saveDocumentVersion('alice', uploaded!.id, { content: 'version de Bob', by: 'bob' });
  await detail.getByLabel('Nouvelle version').setInputFiles({
    name: 'Rapport e2e.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from('ma version'),
  });
  await expect(detail.getByRole('alert')).toContainText('Rapport e2e (copie locale).txt');
  await expect(row(table, 'Rapport e2e (copie locale).txt')).toBeVisible();
  expect(zimbra.control.document('alice', uploaded!.id)?.versions.at(-1)?.text).toBe('version de Bob');
  expect(zimbra.control.document('alice', 'Rapport e2e (copie locale).txt')?.versions.at(-1)?.text).toBe('ma version');

  // Lock and unlock.
  await detail.getByRole('button', { name: 'Verrouiller' }).click();
  await expect(detail.getByText('Verrouillé par alice@example.test')).toBeVisible();
  expect(zimbra.control.document('alice', uploaded!.id)?.lock?.owner).toBe('alice@example.test');
  await detail.getByRole('button', { name: 'Déverrouiller' }).click();
  await expect(detail.getByText(/^Verrouillé par/)).toHaveCount(0);
});

test('the calendar of the account shows in the Calendar app', async ({ page, zimbra }) => {
  await addAlice(page, zimbra);
  await page.keyboard.press('Control+4');
  const week = page.getByRole('group', { name: 'Semaine de travail' });
  await expect(week).toBeVisible();
  // The seeded week is the current one (Monday to Friday around now, Europe/Paris).
  await expect(page.getByText('Comité de pilotage SI').first()).toBeVisible({ timeout: 20_000 });
  await expect(page.getByText('Formation RGPD').first()).toBeVisible();
  await expect(page.getByText('Réunion annulée : revue budgétaire')).toHaveCount(0);
});

test('recipients complete from the directory, kept locally for the people search', async ({ page, zimbra }) => {
  const accountId = await addAlice(page, zimbra);
  const completed = await invoke(page, 'directory:complete', { q: 'garn' });
  expect(completed.map((person) => person.address)).toContain('bob@example.test');

  // The organisation's directory (GAL) is mirrored: the search box finds people in it.
  const search = page.getByRole('combobox', { name: 'Rechercher' });
  await search.fill('Bernard');
  await expect(page.getByRole('option', { name: /Hélène Bernard/ })).toBeVisible({ timeout: 20_000 });
  expect(accountId).toBeTruthy();
});
