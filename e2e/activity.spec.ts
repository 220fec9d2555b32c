// Issue 8 §1, end to end (test host): one activity feed across an eXo account (emulator: a mention notified by
// the server, and a chat message naming the user) and an IMAP account on the real Dovecot (an important mail: flagged, delivered by LMTP). Both show,
// newest first; the kind and account filters keep only what they name; each item opens its target.
import { randomUUID } from 'node:crypto';
import { chosenTarget } from './fixtures';
import { addExoAccount, expect, test } from './exo-fixture';
import { serversDir } from './servers';
import { addImapAccount, deliverToAlice, shellReady, openApp } from './workspace-helpers';

test.skip(chosenTarget() !== 'host', 'the core must run in the test process to reach the loopback servers');
test.setTimeout(90_000);

test('one feed across an eXo and an IMAP account: filters, and each item opens its target', async ({ page, exo }) => {
  serversDir();
  const token = randomUUID().slice(0, 8);
  const subject = `Arbitrage budgétaire ${token}`;
  await deliverToAlice(subject, 'Merci de valider avant vendredi.', { flagged: true });
  const activityId = exo.control.post(
    'bob',
    { space: 'direction_du_numerique' },
    `<p>Relecture du marché ${token}</p>`,
  );
  exo.control.notify({
    to: 'alice',
    plugin: 'ActivityMentionPlugin',
    from: 'bob',
    spaceId: exo.control.spaceId('direction_du_numerique'),
    text: `vous a mentionné(e) : relecture ${token}.`,
    parameters: { activityId },
    link: `/portal/dw/activity?id=${activityId}`,
  });

  await shellReady(page);
  await addExoAccount(page, exo.url);
  await addImapAccount(page, 'Messagerie académique');
  // In the space's chat room, Bob names Alice (live, once her client is connected).
  await expect.poll(() => exo.control.cometdSessionCount('alice'), { timeout: 30_000 }).toBeGreaterThan(0);
  const chatText = `@alice peux-tu valider le marché ${token} ?`;
  exo.control.sendChatMessage('bob', exo.control.spaceRoomId('direction_du_numerique'), chatText);

  await openApp(page, 'Activité');
  const feed = page.getByRole('grid', { name: 'Fil d’activité' });
  const mention = feed.getByRole('row').filter({ hasText: `relecture ${token}` });
  const mail = feed.getByRole('row').filter({ hasText: subject });
  const chatMention = feed.getByRole('row').filter({ hasText: `valider le marché ${token}` });
  await expect(mention).toBeVisible({ timeout: 30_000 });
  await expect(mail).toBeVisible({ timeout: 30_000 });
  await expect(chatMention).toBeVisible({ timeout: 30_000 });
  await expect(mention).toContainText('Bob Lefèvre');
  await expect(chatMention).toContainText('Bob Lefèvre');
  await expect(mail).toContainText('Hélène Dupré');
  await expect(mail).toContainText('Non lu');

  // By account: the mail account alone, then the eXo account alone.
  const accounts = page.getByRole('radiogroup', { name: 'Filtrer par compte' });
  await accounts.getByRole('radio', { name: 'Messagerie académique' }).click();
  await expect(mail).toBeVisible();
  await expect(mention).toHaveCount(0);
  await accounts.getByRole('radio', { name: 'Tous les comptes' }).click();
  await expect(mention).toBeVisible();

  // By kind: mentions only.
  const kinds = page.getByRole('radiogroup', { name: 'Filtrer par type' });
  await kinds.getByRole('radio', { name: 'Mentions' }).click();
  await expect(mention).toBeVisible();
  await expect(chatMention).toBeVisible();
  await expect(mail).toHaveCount(0);

  // The chat mention opens its conversation.
  await chatMention.press('Enter');
  await expect(page.getByRole('main').getByRole('heading', { level: 1 })).toHaveText('Conversations');
  await expect(
    page
      .getByRole('main')
      .getByRole('region', { name: /^Messages de la conversation/ })
      .getByText(chatText),
  ).toBeVisible();
  await openApp(page, 'Activité');
  await kinds.getByRole('radio', { name: 'Mentions' }).press('Enter');

  // The mention opens its post in its space; the mail opens in the Mail app.
  await mention.click();
  const main = page.getByRole('main');
  await expect(main.getByRole('heading', { level: 1 })).toHaveText('Équipes');
  await expect(main.getByRole('article').filter({ hasText: `Relecture du marché ${token}` })).toBeVisible();

  // (keyboard here: the memory-only secrets banner may cover the bottom of a small window)
  await openApp(page, 'Activité');
  await kinds.getByRole('radio', { name: 'Courriers' }).press('Enter');
  await mail.press('Enter');
  await expect(main.getByRole('heading', { level: 1 })).toHaveText('Courrier');
  await expect(main.getByRole('heading', { name: subject })).toBeVisible();
  // Opened, the mail is read: the feed says so.
  await openApp(page, 'Activité');
  await expect(mail).toBeVisible();
  await expect(mail).not.toContainText('Non lu');
});
