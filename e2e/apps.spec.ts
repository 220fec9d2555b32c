// The demo workspace seen through each app: a mail and its body, a chat, a space's posts, a folder.
import { expect, test } from './fixtures';

test('Courrier: opening a message shows its body and marks it read', async ({ page }) => {
  await page.keyboard.press('Control+6');
  const list = page.getByRole('listbox', { name: /^Messages du dossier/ });
  await expect(list.getByRole('option').first()).toBeVisible();
  const unread = list.locator('[role="option"][data-unread]').first();
  const target = (await unread.count()) > 0 ? unread : list.getByRole('option').first();
  const id = await target.getAttribute('id');
  await target.click();
  const pane = page.getByRole('region', { name: 'Lecture du message' });
  const article = pane.getByRole('article');
  await expect(article.getByRole('heading', { level: 2 })).toBeVisible();
  await expect(article.locator('.mail-body')).not.toBeEmpty();
  await expect(page.locator(`[id="${id}"]`)).not.toHaveAttribute('data-unread', /.*/);
});

test('Conversations: opening a conversation shows its messages by day', async ({ page }) => {
  await page.keyboard.press('Control+2');
  const list = page.getByRole('listbox', { name: 'Liste des conversations' });
  await list.getByRole('option').first().click();
  const history = page.getByRole('region', { name: /^Messages de la conversation/ });
  await expect(history.getByRole('listitem').first()).toBeVisible();
  await expect(history.getByRole('heading', { level: 3 }).first()).toBeVisible();
});

test('Équipes: opening a space shows its posts', async ({ page }) => {
  await page.keyboard.press('Control+3');
  const list = page.getByRole('listbox', { name: 'Liste des équipes' });
  await list.getByRole('option').first().click();
  const posts = page.getByRole('list', { name: 'Publications' });
  await expect(posts.getByRole('article').first()).toBeVisible();
  await expect(posts.getByRole('article').first()).toContainText(/\d/);
});

test('Fichiers: browsing into a folder updates the breadcrumb and the table', async ({ page }) => {
  await page.keyboard.press('Control+5');
  const table = page.getByRole('grid', { name: 'Contenu du dossier Mes fichiers' });
  const folder = table.getByRole('row', { name: /, dossier/ }).first();
  await expect(folder).toBeVisible();
  const name = (await folder.getByRole('rowheader').innerText()).replace(/,\s*dossier\s*$/, '').trim();
  await folder.click();
  const crumbs = page.getByRole('navigation', { name: 'Emplacement' });
  await expect(crumbs.locator('[aria-current="location"]')).toHaveText(name);
  await expect(page.getByRole('grid', { name: `Contenu du dossier ${name}` })).toBeVisible();
  await crumbs.getByRole('button', { name: 'Mes fichiers' }).click();
  await expect(table).toBeVisible();
});

test('Calendrier: the week view and the agenda show this week, and the weeks can be browsed', async ({ page }) => {
  await page.keyboard.press('Control+4');
  await expect(page.getByRole('group', { name: 'Semaine de travail' })).toBeVisible();
  const range = page.getByRole('heading', { level: 2 }).first();
  const thisWeek = await range.innerText();
  await page.getByRole('button', { name: 'Semaine suivante' }).click();
  await expect(range).not.toHaveText(thisWeek);
  await page.getByRole('button', { name: 'Aujourd’hui' }).click();
  await expect(range).toHaveText(thisWeek);
});

test('Activité: an item opens its target in its app', async ({ page }) => {
  const feed = page.getByRole('grid', { name: 'Fil d’activité' });
  const first = feed.getByRole('row').first();
  await expect(first).toBeVisible();
  await first.click();
  await expect(page.getByRole('main').getByRole('heading', { level: 1 })).not.toHaveText('Activité');
});

test('the search box finds demo items and opens one with the keyboard', async ({ page }) => {
  // The shell first: keys pressed while it boots have no shortcut to reach yet.
  await expect(page.getByRole('main').getByRole('heading', { level: 1 })).toBeVisible();
  await page.keyboard.press('Control+e');
  await expect(page.getByRole('combobox', { name: 'Rechercher' })).toBeFocused();
  await page.keyboard.type('budget');
  const results = page.getByRole('listbox', { name: 'Résultats de recherche' });
  await expect(results.getByRole('option').first()).toBeVisible();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(results).toBeHidden();
  await expect(page.getByRole('main').getByRole('heading', { level: 1 })).not.toHaveText('Activité');
});

test('each kind of activity opens its item in place (deep links)', async ({ page }) => {
  const kinds = ['Mentions', 'Réponses', 'Publications', 'Courriers', 'Documents', 'Réunions'];
  const opened: string[] = [];
  for (const kind of kinds) {
    await page.keyboard.press('Control+1');
    await page.getByRole('radio', { name: kind }).click();
    const feed = page.getByRole('grid', { name: 'Fil d’activité' });
    if ((await feed.count()) === 0) continue; // no activity of this kind in the demo
    await feed.getByRole('row').first().click();
    const title = page.getByRole('main').getByRole('heading', { level: 1 });
    await expect(title).not.toHaveText('Activité');
    const app = await title.innerText();
    const main = page.getByRole('main');
    switch (app) {
      case 'Courrier':
        await expect(main.getByRole('region', { name: 'Lecture du message' }).getByRole('article')).toBeVisible();
        break;
      case 'Conversations':
        await expect(main.getByRole('region', { name: /^Messages de la conversation/ })).toBeVisible();
        break;
      case 'Équipes':
        await expect(main.getByRole('list', { name: 'Publications' })).toBeVisible();
        break;
      case 'Fichiers':
        await expect(main.getByRole('button', { name: 'Fermer le détail du fichier' })).toBeVisible();
        break;
      case 'Calendrier':
        await expect(main.getByRole('button', { name: 'Fermer le détail de l’événement' })).toBeVisible();
        break;
    }
    opened.push(`${kind} → ${app}`);
  }
  expect(opened.length).toBeGreaterThan(2);
});
