// Issue 4 §3–4, the writing side, end to end on the real Dovecot (test host): alice's IMAP account writes to bob
// with an attachment picked in the composer and bob receives it once; reply-all to a mail delivered by LMTP
// answers the right people with the quote; a draft autosaved survives a restart of the core and reopens intact;
// the recipients field proposes an address already written to.
import { randomUUID } from 'node:crypto';
import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import PostalMime from 'postal-mime';
import { chosenTarget, expect, invoke, memorySecrets, test as base } from './fixtures';
import { servers, serversDir } from './servers';
import { deliver } from './servers/mail';
import { addImapAccount, ALICE, openApp, openMailBySubject, rawMessagesIn } from './workspace-helpers';

// Account passwords in memory (the same store serves the core again after a restart).
const test = base.extend({
  // eslint-disable-next-line no-empty-pattern -- Playwright fixtures take their dependencies by destructuring
  accountsOptions: async ({}, use) => use(memorySecrets()),
});
test.skip(chosenTarget() !== 'host', 'the core must run in the test process to reach the loopback servers');
test.setTimeout(120_000);
test.beforeAll(() => void serversDir());

const BOB = `bob@${servers.domain}`;
const CAROL = `carol@${servers.domain}`;
const DAVE = `dave@${servers.domain}`;

/**
 * The app is up (its bridge with it), then alice's IMAP account is added, signed in with her address (Dovecot
 * takes the local part): an IMAP account's address is its user name, which the From of what she writes shows.
 */
async function start(page: Page): Promise<void> {
  await expect(page.getByRole('navigation', { name: 'Applications' })).toBeVisible();
  await addImapAccount(page, 'Alice Martin');
}

const composer = (page: Page) => page.getByRole('form', { name: 'Rédiger un message' });

async function addRecipient(form: Locator, field: string, address: string) {
  const input = form.getByRole('combobox', { name: field, exact: true });
  await input.fill(address);
  await input.press('Enter');
  // The chip may carry the name the address is known by (completion); its accessible name has both.
  const chips = form.getByRole('grid', { name: `Destinataires (${field})` });
  await expect(chips.getByRole('row', { name: new RegExp(address.replace(/[.]/g, '\\.')) })).toBeVisible();
}

async function deliverToAlice(subject: string) {
  await deliver(
    servers.lmtp.port,
    [ALICE],
    [
      'From: Carole Petit <carol@example.test>',
      `To: Alice <${ALICE}>, Bob <${BOB}>`,
      `Cc: Dave <${DAVE}>`,
      `Subject: ${subject}`,
      `Date: ${new Date().toUTCString()}`,
      `Message-ID: <${randomUUID()}@example.test>`,
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Pouvez-vous confirmer votre présence au comité ?',
      '',
    ].join('\r\n'),
  );
}

test('writes to bob with an attachment; bob receives it once; his address is proposed next time', async ({ page }) => {
  const word = randomUUID().slice(0, 8);
  await start(page);
  const invitation = `Invitation ${word}`;
  await deliverToAlice(invitation);
  await openApp(page, 'Courrier');
  await openMailBySubject(page, invitation);

  await page.getByRole('button', { name: 'Nouveau message' }).click();
  const form = composer(page);
  await expect(form).toBeVisible();
  await expect(form.getByText(ALICE)).toBeVisible();
  await addRecipient(form, 'À', BOB);
  const subject = `Rapport ${word}`;
  await form.getByRole('textbox', { name: 'Objet' }).fill(subject);
  const body = form.getByRole('textbox', { name: 'Corps du message' });
  await body.click();
  await page.keyboard.press('Control+Home');
  await page.keyboard.type('Bonjour Bob, voici le rapport.');
  await form.locator('input[type=file]').setInputFiles({
    name: 'rapport.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from(`Rapport annuel ${word}\n`),
  });
  await expect(form.getByRole('list', { name: 'Pièces jointes' })).toContainText('rapport.txt');
  await expect(form.getByRole('progressbar')).toHaveCount(0);
  await form.getByRole('button', { name: 'Envoyer' }).click();
  await expect(form).toBeHidden();

  await expect.poll(async () => (await rawMessagesIn('bob', subject)).length, { timeout: 60_000 }).toBe(1);
  const [raw] = await rawMessagesIn('bob', subject);
  const received = await PostalMime.parse(raw!);
  expect(received.attachments.map((a) => [a.filename, a.mimeType])).toEqual([['rapport.txt', 'text/plain']]);
  expect(Buffer.from(received.attachments[0]!.content as ArrayBuffer).toString()).toBe(`Rapport annuel ${word}\n`);
  expect(received.text).toContain('Bonjour Bob, voici le rapport.');
  expect(received.from?.address).toBe(ALICE);
  // Sent once, and only once, however long we wait for the outbox.
  await expect.poll(async () => (await invoke(page, 'outbox:list', {})).length, { timeout: 30_000 }).toBe(0);
  expect(await rawMessagesIn('bob', subject)).toHaveLength(1);

  // Next time, "bo" proposes bob: he was written to.
  await page.getByRole('button', { name: 'Nouveau message' }).click();
  const again = composer(page);
  await again.getByRole('combobox', { name: 'À', exact: true }).fill('bob');
  await expect(again.getByRole('option', { name: new RegExp(BOB) })).toBeVisible();
  await again.getByRole('option', { name: new RegExp(BOB) }).click();
  await expect(
    again.getByRole('grid', { name: 'Destinataires (À)' }).getByRole('row', { name: new RegExp(BOB) }),
  ).toBeVisible();
  await again.getByRole('button', { name: 'Supprimer le brouillon' }).click();
  await expect(again).toBeHidden();
});

test('replies to all with the right recipients and the quote', async ({ page }) => {
  const subject = `Comité ${randomUUID().slice(0, 8)}`;
  await start(page);
  await deliverToAlice(subject);
  await openApp(page, 'Courrier');
  await openMailBySubject(page, subject);

  await page.getByRole('button', { name: 'Répondre à tous' }).click();
  const form = composer(page);
  await expect(form.getByRole('textbox', { name: 'Objet' })).toHaveValue(`RE : ${subject}`);
  const to = form.getByRole('grid', { name: 'Destinataires (À)' }).getByRole('row');
  const cc = form.getByRole('grid', { name: 'Destinataires (Cc)' }).getByRole('row');
  await expect(to).toHaveText(['Carole Petit', 'Bob']);
  await expect(cc).toHaveText(['Dave']);
  const body = form.getByRole('textbox', { name: 'Corps du message' });
  await expect(body).toContainText('Carole Petit <carol@example.test> a écrit');
  const audit = await new AxeBuilder({ page })
    .include('form.composer')
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  expect(audit.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`)).toEqual([]);
  await expect(body).toContainText('Pouvez-vous confirmer votre présence au comité ?');
  await body.click();
  await page.keyboard.press('Control+Home');
  await page.keyboard.type('Je serai présente.');
  await form.getByRole('button', { name: 'Envoyer' }).click();
  await expect(form).toBeHidden();

  await expect.poll(async () => (await rawMessagesIn('carol', `RE : ${subject}`)).length, { timeout: 60_000 }).toBe(1);
  const [raw] = await rawMessagesIn('carol', `RE : ${subject}`);
  expect(raw).toMatch(/^To: .*carol@example\.test.*bob@example\.test/m);
  expect(raw).toMatch(/^Cc: .*dave@example\.test/m);
  expect(raw).not.toMatch(/^(To|Cc): .*alice@example\.test/m);
  expect(raw).toMatch(/^In-Reply-To: <[^>]+@example\.test>/m);
  const reply = await PostalMime.parse(raw!);
  expect(reply.text).toMatch(/^Je serai présente\.\n/);
  expect(reply.text).toContain('a écrit :\n> Pouvez-vous confirmer votre présence au comité ?');
  expect(reply.html).toMatch(/<blockquote type="cite">[\s\S]*Pouvez-vous confirmer votre présence au comité/);
});

test('a draft saved on its own survives a restart and reopens intact', async ({ app, page }) => {
  const word = randomUUID().slice(0, 8);
  await start(page);
  const seed = `Amorce ${word}`;
  await deliverToAlice(seed);
  await openApp(page, 'Courrier');
  await openMailBySubject(page, seed);

  await page.getByRole('button', { name: 'Nouveau message' }).click();
  const form = composer(page);
  await addRecipient(form, 'À', CAROL);
  await addRecipient(form, 'Cci', DAVE);
  const subject = `Brouillon ${word}`;
  await form.getByRole('textbox', { name: 'Objet' }).fill(subject);
  const body = form.getByRole('textbox', { name: 'Corps du message' });
  await body.click();
  await page.keyboard.press('Control+Home');
  await page.keyboard.type('Premier jet ');
  await page.keyboard.press('Control+b');
  await page.keyboard.type('important');
  await form.locator('input[type=file]').setInputFiles({
    name: 'annexe.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from('Annexe'),
  });
  await expect(form.getByRole('progressbar')).toHaveCount(0);
  // Saved without any action of the user.
  await expect(form.getByRole('status').filter({ hasText: 'Brouillon enregistré' })).toBeVisible();
  await expect
    .poll(async () => (await invoke(page, 'drafts:list', {})).find((d) => d.subject === subject)?.attachments.length)
    .toBe(1);

  // The draft reaches the server's Drafts folder, then the core restarts.
  await expect
    .poll(async () => (await invoke(page, 'drafts:list', {})).find((d) => d.subject === subject)?.savedOnServer, {
      timeout: 30_000,
    })
    .toBe(true);
  await app.restart();
  await openApp(page, 'Courrier');
  // Chosen in the Drafts folder, the draft opens in the composer.
  await openMailBySubject(page, subject);
  const reopened = composer(page);
  await expect(reopened.getByRole('textbox', { name: 'Objet' })).toHaveValue(subject);
  for (const [field, address] of [
    ['À', CAROL],
    ['Cci', DAVE],
  ] as const) {
    const rows = reopened.getByRole('grid', { name: `Destinataires (${field})` }).getByRole('row');
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toHaveAccessibleName(new RegExp(address));
  }
  const text = reopened.getByRole('textbox', { name: 'Corps du message' });
  await expect(text).toContainText('Premier jet important');
  await expect(text.locator('b, strong')).toHaveText('important');
  await expect(reopened.getByRole('list', { name: 'Pièces jointes' })).toContainText('annexe.txt');
  // The same draft, not a copy.
  expect((await invoke(page, 'drafts:list', {})).filter((d) => d.subject === subject)).toHaveLength(1);
});
