// Issue 5, end to end: an eXo account's spaces in the Teams app — browse a space's activity, post with a
// mention chosen from the completion, comment, like; the server (emulator) receives each exactly once.
import { addExoAccount, expect, openApp, test } from './exo-fixture';

test('browses the spaces, posts with a mention, comments and likes', async ({ page, exo }) => {
  await addExoAccount(page, exo.url);
  await openApp(page, 'Équipes');
  const spaces = page.getByRole('listbox', { name: 'Liste des équipes' });
  await spaces.getByRole('option', { name: /Direction du numérique/ }).click();

  const posts = page.getByRole('list', { name: 'Publications' });
  const seeded = exo.control.activities('direction_du_numerique')[0]!;
  await expect(posts.getByRole('article').first()).toBeVisible();
  await expect(posts).toContainText(seeded.title.replace(/<[^>]+>/g, '').slice(0, 30));

  // A post with a mention picked from the completion list.
  const composer = page.getByRole('combobox', { name: 'Nouvelle publication' });
  await composer.fill('Point projet jeudi avec @Bo');
  const choice = page
    .getByRole('listbox', { name: 'Personnes à mentionner' })
    .getByRole('option', { name: /Bob Lefèvre/ });
  await choice.click();
  await composer.pressSequentially('merci de préparer les chiffres');
  await page.getByRole('button', { name: 'Publier' }).click();
  const mine = posts.getByRole('article').filter({ hasText: 'Point projet jeudi' });
  // Delivered: the server's copy replaced the local one, the mention became a highlighted name.
  await expect(mine).not.toContainText('En attente d’envoi');
  await expect(mine.locator('.mention')).toHaveText('Bob Lefèvre');
  await expect
    .poll(() => exo.control.activities('direction_du_numerique').filter((a) => a.title.includes('Point projet jeudi')))
    .toHaveLength(1);
  const posted = exo.control.activities('direction_du_numerique').find((a) => a.title.includes('Point projet jeudi'))!;
  expect(posted.mentions).toContain('bob');

  // A comment and a like on the post just published.
  await mine.getByRole('button', { name: 'Commenter' }).click();
  await mine.getByRole('combobox', { name: 'Nouveau commentaire' }).fill('Je m’en occupe.');
  await mine.getByRole('button', { name: 'Envoyer' }).click();
  await expect(mine.getByRole('list', { name: /^Commentaires/ })).toContainText('Je m’en occupe.');
  await mine.getByRole('button', { name: 'J’aime' }).click();
  await expect(mine.getByRole('button', { name: 'Je n’aime plus' })).toBeVisible();
  await expect
    .poll(() => exo.control.comments(posted.id).map((c) => c.title))
    .toEqual([expect.stringContaining('Je m’en occupe.')]);
  await expect.poll(() => exo.control.state.activities.get(posted.id)?.likes).toEqual(['alice']);

  // The space's files are one click away.
  await page.getByRole('button', { name: 'Fichiers de l’équipe' }).click();
  await expect(page.getByRole('grid', { name: 'Contenu du dossier Direction du numérique' })).toBeVisible();
});
