// RGAA, keyboard only (no mouse click, no pointer): read → reply → send a mail and compose one with an attachment
// on the real Dovecot (alice's IMAP account, mail delivered by LMTP, checked in bob's mailbox with imapflow), chat
// in a conversation and upload a file on an eXo account (emulator, documents on the real WebDAV server). Only Tab,
// arrows, Enter, typing and the app's shortcuts move through the app; the accounts are set up through the bridge.
import { randomUUID } from 'node:crypto';
import type { Locator, Page } from '@playwright/test';
import { addExoAccount, test as exoTest } from './exo-fixture';
import { chosenTarget, expect, invoke, memorySecrets, test } from './fixtures';
import { servers, serversDir } from './servers';
import { deliver, simpleMessage } from './servers/mail';
import { addImapAccount, ALICE, rawMessagesIn, shellReady } from './workspace-helpers';

const BOB = `bob@${servers.domain}`;

// Evaluated in the page: the browser's globals this file uses (the Node project has no DOM library).
declare const document: { activeElement: unknown };
declare function getComputedStyle(element: unknown): { outlineStyle: string };

const isFocused = (target: Locator) =>
  target
    .evaluate((element) => element === document.activeElement || element.contains(document.activeElement))
    .catch(() => false);

/** Presses `key` (Tab by default) until `target` has the focus. */
async function moveFocusTo(page: Page, target: Locator, key = 'Tab', max = 80): Promise<void> {
  await expect(target).toBeVisible();
  for (let presses = 0; presses < max && !(await isFocused(target)); presses++) await page.keyboard.press(key);
  expect(await isFocused(target), `focus reached ${String(target)} with ${key}`).toBe(true);
}

const composer = (page: Page) => page.getByRole('form', { name: 'Rédiger un message' });

test('the first Tab shows "Aller au contenu"; Enter takes the focus into the main content', async ({ page }) => {
  await shellReady(page);
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Aller au contenu' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press('Enter');
  const main = page.getByRole('main');
  await expect(main).toBeFocused();
  // The next Tab stays in the content, past the top bar and the rail.
  await page.keyboard.press('Tab');
  expect(await isFocused(main)).toBe(true);
});

test.describe('mail, keyboard only', () => {
  test.skip(chosenTarget() !== 'host', 'the core must run in the test process to reach the loopback servers');
  test.setTimeout(120_000);
  test.beforeAll(() => void serversDir());
  test.use({ accountsOptions: memorySecrets() });

  test.beforeEach(async ({ page }) => {
    await shellReady(page);
    await addImapAccount(page, 'Messagerie académique');
  });

  test('reads a mail, replies and sends, with the keyboard alone', async ({ page }) => {
    const subject = `Note à relire ${randomUUID().slice(0, 8)}`;
    await deliver(
      servers.lmtp.port,
      [ALICE],
      simpleMessage({ from: `Bob Lefèvre <${BOB}>`, to: ALICE, subject, body: 'Peux-tu relire la note ?' }),
    );
    await expect
      .poll(async () => (await invoke(page, 'search:query', { q: subject, limit: 5 })).length, { timeout: 60_000 })
      .toBeGreaterThan(0);

    // Find it from the search box (Ctrl+E), open it with the arrows and Enter.
    await page.keyboard.press('Control+6');
    await page.keyboard.press('Control+e');
    const search = page.getByRole('combobox', { name: 'Rechercher' });
    await expect(search).toBeFocused();
    await page.keyboard.type(subject);
    const result = page.getByRole('listbox', { name: 'Résultats de recherche' }).getByRole('option').first();
    await expect(result).toContainText(subject);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    const main = page.getByRole('main');
    await expect(main.getByRole('heading', { name: subject }).first()).toBeVisible();
    await expect(main.getByRole('region', { name: 'Lecture du message' })).toContainText('Peux-tu relire la note ?');

    // Reply: Tab to the button, Enter; write in the body; Tab to Send, Enter.
    await moveFocusTo(page, main.getByRole('button', { name: 'Répondre', exact: true }));
    await page.keyboard.press('Enter');
    const form = composer(page);
    await expect(form.getByRole('textbox', { name: 'Objet' })).toHaveValue(`RE : ${subject}`);
    await expect(form.getByRole('grid', { name: 'Destinataires (À)' })).toContainText('Bob Lefèvre');
    await moveFocusTo(page, form.getByRole('textbox', { name: 'Corps du message' }));
    await page.keyboard.press('Control+Home');
    await page.keyboard.type('Relue : tout est bon pour moi.');
    await moveFocusTo(page, form.getByRole('button', { name: 'Envoyer' }));
    await page.keyboard.press('Enter');
    await expect(form).toBeHidden();

    await expect.poll(async () => (await rawMessagesIn('bob', `RE : ${subject}`)).length, { timeout: 60_000 }).toBe(1);
    const [raw] = await rawMessagesIn('bob', `RE : ${subject}`);
    expect(raw).toContain('Relue : tout est bon pour moi.');
    expect(raw).toMatch(/^In-Reply-To: <[^>]+>/m);
  });

  test('writes a new mail with an attachment chosen from the keyboard', async ({ page }) => {
    const subject = `Rapport clavier ${randomUUID().slice(0, 8)}`;
    const attachment = `Rapport annuel ${subject}\n`;
    await page.keyboard.press('Control+6');
    const main = page.getByRole('main');
    await moveFocusTo(page, main.getByRole('button', { name: 'Nouveau message' }));
    await page.keyboard.press('Enter');
    const form = composer(page);
    await expect(form).toBeVisible();
    await expect(form.getByText(`De : Messagerie académique <${ALICE}>`)).toBeVisible();

    await moveFocusTo(page, form.getByRole('combobox', { name: 'À', exact: true }));
    await page.keyboard.type(BOB);
    await page.keyboard.press('Enter');
    await expect(form.getByRole('grid', { name: 'Destinataires (À)' })).toContainText('bob');
    await moveFocusTo(page, form.getByRole('textbox', { name: 'Objet' }));
    await page.keyboard.type(subject);
    await moveFocusTo(page, form.getByRole('textbox', { name: 'Corps du message' }));
    await page.keyboard.type('Bonjour Bob, voici le rapport.');

    // The file chooser opens from the keyboard on "Joindre des fichiers".
    await moveFocusTo(page, form.getByRole('button', { name: 'Joindre des fichiers' }));
    const chooser = page.waitForEvent('filechooser');
    await page.keyboard.press('Enter');
    await (await chooser).setFiles({ name: 'rapport.txt', mimeType: 'text/plain', buffer: Buffer.from(attachment) });
    await expect(form.getByRole('list', { name: 'Pièces jointes' })).toContainText('rapport.txt');
    await expect(form.getByRole('progressbar')).toHaveCount(0);

    await moveFocusTo(page, form.getByRole('button', { name: 'Envoyer' }));
    await page.keyboard.press('Enter');
    await expect(form).toBeHidden();
    await expect.poll(async () => (await rawMessagesIn('bob', subject)).length, { timeout: 60_000 }).toBe(1);
    const [raw] = await rawMessagesIn('bob', subject);
    expect(raw).toMatch(/filename="?rapport\.txt"?/);
    expect(raw).toContain(Buffer.from(attachment).toString('base64'));
    expect(raw).toContain('Bonjour Bob, voici le rapport.');
  });
});

exoTest.describe('chat and files, keyboard only', () => {
  exoTest.use({ webdav: true });
  exoTest.setTimeout(90_000);

  exoTest('opens a conversation and sends a message with the keyboard alone', async ({ page, exo }) => {
    await addExoAccount(page, exo.url);
    await shellReady(page);
    await page.keyboard.press('Control+2');
    const conversations = page.getByRole('listbox', { name: 'Liste des conversations' });
    const withBob = conversations.getByRole('option', { name: /Bob Lefèvre/ });
    await moveFocusTo(page, conversations.getByRole('option').first());
    await moveFocusTo(page, withBob, 'ArrowDown', 40);
    await page.keyboard.press('Enter');
    await expect(page.getByRole('region', { name: 'Bob Lefèvre', exact: true })).toBeVisible();

    const text = `Message au clavier ${randomUUID().slice(0, 8)}`;
    await moveFocusTo(page, page.getByRole('textbox', { name: 'Écrire un message' }));
    await page.keyboard.type(text);
    await page.keyboard.press('Enter');
    const history = page.getByRole('region', { name: 'Messages de la conversation Bob Lefèvre' });
    await expect(history).toContainText(text);
    const room = exo.control.directRoomId('alice', 'bob');
    await expect.poll(() => exo.control.roomMessages(room).filter((m) => m.msg === text).length).toBe(1);
  });

  exoTest('uploads a file from the keyboard', async ({ page, exo }) => {
    await addExoAccount(page, exo.url);
    await shellReady(page);
    await page.keyboard.press('Control+5');
    const libraries = page.getByRole('listbox', { name: 'Bibliothèques' });
    const mine = libraries.getByRole('option', { name: 'Mes fichiers' });
    await moveFocusTo(page, libraries.getByRole('option').first());
    await moveFocusTo(page, mine, 'ArrowDown', 20);
    await page.keyboard.press('Enter');
    const table = page.getByRole('grid', { name: 'Contenu du dossier Mes fichiers' });
    await expect(table.getByRole('row').nth(1)).toBeVisible();

    const name = `Compte rendu ${randomUUID().slice(0, 8)}.txt`;
    const content = 'Compte rendu du comité, saisi au clavier\n';
    await moveFocusTo(page, page.getByLabel('Importer des fichiers…'));
    // The input itself is hidden: the button drawn around it shows the keyboard focus.
    const picker = page.locator('label', { hasText: 'Importer des fichiers…' });
    expect(await picker.evaluate((label) => getComputedStyle(label).outlineStyle)).not.toBe('none');
    const chooser = page.waitForEvent('filechooser');
    await page.keyboard.press('Enter');
    await (await chooser).setFiles({ name, mimeType: 'text/plain', buffer: Buffer.from(content) });
    const row = table.getByRole('row', { name: new RegExp(name.replace('.', '\\.')) });
    await expect(row).toBeVisible();
    await expect(row).not.toContainText('en attente d’envoi');
    const path = `${exo.control.personalDrivePath('alice')}/${name}`;
    await expect.poll(async () => (await exo.control.readDocument(path))?.toString()).toBe(content);
  });
});
