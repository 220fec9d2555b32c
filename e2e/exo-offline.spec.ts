// Issue 5, end to end: with the server gone, a post and a chat message are written anyway (shown as waiting),
// kept as persisted tasks, and delivered exactly once when the server is back.
import { startExoEmulator } from './emulators/exo';
import { addExoAccount, expect, openApp, test } from './exo-fixture';

test.setTimeout(120_000);

test('queues a post and a chat message while the server is down, then delivers each once', async ({ page, exo }) => {
  await addExoAccount(page, exo.url);
  const port = Number(new URL(exo.url).port);
  await openApp(page, 'Équipes');
  await page
    .getByRole('listbox', { name: 'Liste des équipes' })
    .getByRole('option', { name: /Projet Lycées connectés/ })
    .click();
  await expect(page.getByRole('list', { name: 'Publications' }).getByRole('article').first()).toBeVisible();

  await exo.close();

  await page.getByRole('combobox', { name: 'Nouvelle publication' }).fill('Écrit dans le train, sans réseau');
  await page.getByRole('button', { name: 'Publier' }).click();
  const post = page
    .getByRole('list', { name: 'Publications' })
    .getByRole('article')
    .filter({ hasText: 'Écrit dans le train' });
  await expect(post).toContainText('En attente d’envoi');

  await openApp(page, 'Conversations');
  await page
    .getByRole('listbox', { name: 'Liste des conversations' })
    .getByRole('option', { name: /Carol Dubois/ })
    .click();
  await page.getByRole('textbox', { name: 'Écrire un message' }).fill('Message écrit hors connexion');
  await page.keyboard.press('Enter');
  const history = page.getByRole('region', { name: 'Messages de la conversation Carol Dubois' });
  const message = history.getByRole('listitem').filter({ hasText: 'Message écrit hors connexion' });
  await expect(message).toContainText('En attente d’envoi');

  // The server comes back (a fresh process on the same address): both go, once.
  const back = await startExoEmulator({ port });
  try {
    await expect(message).not.toContainText('En attente d’envoi', { timeout: 60_000 });
    const room = back.control.directRoomId('alice', 'carol');
    expect(back.control.roomMessages(room).filter((m) => m.msg === 'Message écrit hors connexion')).toHaveLength(1);
    await expect
      .poll(
        () =>
          back.control.activities('projet_lycees_connectes').filter((a) => a.title.includes('Écrit dans le train'))
            .length,
      )
      .toBe(1);
    await openApp(page, 'Équipes');
    await expect(post).not.toContainText('En attente d’envoi');
    // Nothing is sent twice later on (a full sync and a second replay find nothing left to do).
    await page.reload();
    await openApp(page, 'Équipes');
    await page
      .getByRole('listbox', { name: 'Liste des équipes' })
      .getByRole('option', { name: /Projet Lycées connectés/ })
      .click();
    const posts = page.getByRole('list', { name: 'Publications' });
    await expect(posts.getByRole('article').filter({ hasText: 'Écrit dans le train' })).toHaveCount(1);
    expect(back.control.roomMessages(room).filter((m) => m.msg === 'Message écrit hors connexion')).toHaveLength(1);
  } finally {
    await back.close();
  }
});
