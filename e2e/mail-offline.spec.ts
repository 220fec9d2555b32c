// Issue 4, "done when", end to end (test host: the core reaches the shared Dovecot through loopback proxies of
// this test's own): an IMAP/SMTP account loses its servers (the proxies' ports close), two mails are written and
// queued through the composer, the Mail app says it is offline with two mails waiting; the servers come back and
// each mail reaches the recipient's INBOX and the sender's Sent exactly once (checked on the server by
// Message-ID), and the bar clears. A refused recipient leaves its mail in the outbox with the server's reason,
// and "Modifier" takes it back into the composer.
import { randomUUID } from 'node:crypto';
import type { Locator, Page } from '@playwright/test';
import { chosenTarget, expect, invoke, memorySecrets, test as base } from './fixtures';
import { servers, serversDir } from './servers';
import { countMessageId, withImap } from './servers/mail';
import { startTcpProxy, type TcpProxy } from './servers/tcp-proxy';
import { addImapAccount } from './workspace-helpers';

const test = base.extend<{ imap: TcpProxy; submission: TcpProxy }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright fixtures take their dependencies by destructuring
  imap: async ({}, use) => {
    serversDir();
    const proxy = await startTcpProxy({ host: servers.imap.host, port: servers.imap.port });
    await use(proxy);
    await proxy.close();
  },
  // eslint-disable-next-line no-empty-pattern -- Playwright fixtures take their dependencies by destructuring
  submission: async ({}, use) => {
    const proxy = await startTcpProxy({ host: servers.submission.host, port: servers.submission.port });
    await use(proxy);
    await proxy.close();
  },
  // eslint-disable-next-line no-empty-pattern -- Playwright fixtures take their dependencies by destructuring
  accountsOptions: async ({}, use) => use(memorySecrets()),
});

test.skip(chosenTarget() !== 'host', 'the core must run in the test process to reach the loopback proxies');
test.describe.configure({ timeout: 120_000 });

const sender = { user: 'carol', password: servers.users.carol, address: `carol@${servers.domain}` };
const recipient = { user: 'bob', password: servers.users.bob, address: `bob@${servers.domain}` };

async function addAccount(page: Page, imap: TcpProxy, submission: TcpProxy): Promise<string> {
  const accountId = await addImapAccount(page, 'Carole Martin', {
    user: 'carol',
    imapPort: imap.port,
    submissionPort: submission.port,
  });
  await expect
    .poll(async () => (await invoke(page, 'mail:folders', { accountId })).some((f) => f.role === 'sent'), {
      timeout: 30_000,
    })
    .toBe(true);
  return accountId;
}

/** The Mail app on the account's inbox (new mail is written from the account on screen). */
async function openInbox(page: Page, accountId: string): Promise<void> {
  await page.keyboard.press('Control+6');
  await page.locator(`[role="row"][data-key="${accountId}:INBOX"]`).click();
}

async function writeAndSend(page: Page, to: string, subject: string, body: string): Promise<void> {
  await page.getByRole('button', { name: 'Nouveau message' }).click();
  const form = page.getByRole('form', { name: 'Rédiger un message' });
  await form.getByRole('combobox', { name: 'À', exact: true }).fill(to);
  await form.getByRole('combobox', { name: 'À', exact: true }).press('Enter');
  await form.getByLabel('Objet').fill(subject);
  await form.getByRole('textbox', { name: 'Corps du message' }).fill(body);
  await form.getByRole('button', { name: 'Envoyer' }).click();
  await expect(form).toBeHidden();
}

const statusBar = (page: Page): Locator => page.getByRole('status', { name: 'Connexion et envoi du courrier' });

/** The Message-IDs of the mails of `folder` whose subject contains `subject`. */
async function messageIdsBySubject(
  who: { user: string; password: string },
  folder: string,
  subject: string,
): Promise<string[]> {
  return withImap(servers.imap.port, who.user, who.password, async (client) => {
    const lock = await client.getMailboxLock(folder);
    try {
      const uids = (await client.search({ subject }, { uid: true })) || [];
      if (uids.length === 0) return [];
      const ids: string[] = [];
      for await (const message of client.fetch(uids, { envelope: true }, { uid: true })) {
        ids.push(message.envelope?.messageId ?? '');
      }
      return ids;
    } finally {
      lock.release();
    }
  });
}

test('two mails written offline through the composer are sent exactly once each when the servers are back', async ({
  page,
  imap,
  submission,
}) => {
  const tag = randomUUID().slice(0, 8);
  const accountId = await addAccount(page, imap, submission);
  await openInbox(page, accountId);
  const bar = statusBar(page);
  await expect(bar).toHaveText('');

  // The servers go away: their ports close, as a stopped server's would.
  await imap.offline();
  await submission.offline();
  await expect(bar).toHaveText('Hors ligne', { timeout: 30_000 });

  const subjects = [`Hors ligne ${tag} premier`, `Hors ligne ${tag} second`];
  for (const subject of subjects)
    await writeAndSend(page, recipient.address, subject, `Écrit sans réseau (${subject}).`);
  await expect(bar).toHaveText('Hors ligne — 2 messages en attente d’envoi');
  await expect(page.getByRole('button', { name: /^Boîte d’envoi/ })).toContainText('2');

  // Back: the queue flushes by itself and the bar clears.
  await imap.online();
  await submission.online();
  await expect(bar).toHaveText('', { timeout: 60_000 });
  expect((await invoke(page, 'outbox:status', {})).find((s) => s.accountId === accountId)).toEqual({
    accountId,
    queued: 0,
    failed: 0,
  });

  for (const subject of subjects) {
    const [messageId, ...others] = await messageIdsBySubject(sender, 'Sent', subject);
    expect(others, `${subject}: one copy in Sent`).toEqual([]);
    expect(messageId).toMatch(/^<.+@.+>$/);
    await expect.poll(() => messageIdsBySubject(recipient, 'INBOX', subject), { timeout: 20_000 }).toEqual([messageId]);
    const counts = await Promise.all([
      withImap(servers.imap.port, sender.user, sender.password, (client) => countMessageId(client, 'Sent', messageId!)),
      withImap(servers.imap.port, recipient.user, recipient.password, (client) =>
        countMessageId(client, 'INBOX', messageId!),
      ),
    ]);
    expect(counts, `${subject}: once in Sent, once in the recipient's INBOX`).toEqual([1, 1]);
  }
});

test('a refused recipient leaves the mail in the outbox with the reason, and it can be edited', async ({
  page,
  imap,
  submission,
}) => {
  const subject = `Destinataire refusé ${randomUUID().slice(0, 8)}`;
  const accountId = await addAccount(page, imap, submission);
  await openInbox(page, accountId);
  await writeAndSend(page, 'personne@refuse.invalid', subject, 'Cette adresse n’existe pas.');

  const bar = statusBar(page);
  await expect(bar).toHaveText('1 message n’a pas pu être envoyé', { timeout: 30_000 });
  await page.getByRole('button', { name: /^Boîte d’envoi/ }).click();
  const outbox = page.getByRole('dialog', { name: 'Boîte d’envoi' });
  const item = outbox.getByRole('listitem').filter({ hasText: subject });
  await expect(item).toContainText('Non envoyé');
  await expect(item).toContainText('Le serveur refuse le destinataire personne@refuse.invalid');

  await item.getByRole('button', { name: `Modifier « ${subject} »` }).click();
  await expect(outbox).toBeHidden();
  const form = page.getByRole('form', { name: 'Rédiger un message' });
  await expect(form.getByLabel('Objet')).toHaveValue(subject);
  await expect(bar).toHaveText('');
  expect((await invoke(page, 'outbox:list', { accountId })).map((entry) => entry.subject)).toEqual([]);
});
