// Issue 8 §5: links from outside the window. The test host takes a launch's arguments through the same core
// inbox as Electron's second instance (and a notification's click); the window opens what they name.
import type { Page } from '@playwright/test';
import { chosenTarget, expect, invoke, test } from './fixtures';

/** Hands arguments over as a second launch of Bastide would; answers whether they named a link Bastide takes. */
async function launch(page: Page, ...argv: string[]): Promise<boolean> {
  const url = new URL('/__host/test/launch', page.url());
  url.searchParams.set('token', new URL(page.url()).searchParams.get('token') ?? '');
  const response = await fetch(url, { method: 'POST', body: JSON.stringify({ argv: ['bastide', ...argv] }) });
  expect(response.status).toBe(200);
  return ((await response.json()) as { accepted: boolean }).accepted;
}

test.skip(chosenTarget() !== 'host', 'launch arguments are handed over through the test host');

test('a mailto: link opens the composer, pre-filled', async ({ page }) => {
  await expect(page.getByRole('navigation', { name: 'Applications' })).toBeVisible();
  const accepted = await launch(
    page,
    '--no-sandbox',
    'mailto:bob@example.test,carol@example.test?cc=dave@example.test&subject=Bonjour%20%C3%A0%20vous&body=Premi%C3%A8re%20ligne%0D%0ASeconde+ligne',
  );
  expect(accepted).toBe(true);

  const form = page.getByRole('form', { name: 'Rédiger un message' });
  await expect(form).toBeVisible();
  const to = form.getByRole('grid', { name: 'Destinataires (À)' });
  await expect(to.getByRole('row', { name: 'bob@example.test' })).toBeVisible();
  await expect(to.getByRole('row', { name: 'carol@example.test' })).toBeVisible();
  await expect(form.getByRole('grid', { name: 'Destinataires (Cc)' }).getByRole('row')).toHaveText([
    'dave@example.test',
  ]);
  await expect(form.getByRole('textbox', { name: 'Objet' })).toHaveValue('Bonjour à vous');
  const body = form.getByRole('textbox', { name: 'Corps du message' });
  await expect(body).toContainText('Première ligne');
  await expect(body).toContainText('Seconde+ligne');
});

test('a mailto: link that smuggles a header is refused', async ({ page }) => {
  await expect(page.getByRole('navigation', { name: 'Applications' })).toBeVisible();
  expect(await launch(page, 'mailto:bob@example.test?subject=Bonjour%0D%0ABcc:%20spy@example.test')).toBe(false);
  expect(await launch(page, 'bastide://settings/secrets')).toBe(false);
  await expect(page.getByRole('form', { name: 'Rédiger un message' })).toHaveCount(0);
});

test('a bastide:// link opens the mail it names, in its folder', async ({ page }) => {
  await expect(page.getByRole('navigation', { name: 'Applications' })).toBeVisible();
  const folders = await invoke(page, 'mail:folders', {});
  // A message outside the inbox, so that the Mail app has to find its folder.
  let target: { id: string; subject: string; folder: string } | null = null;
  for (const folder of folders.filter((f) => f.role !== 'inbox' && f.total > 0)) {
    const first = (await invoke(page, 'mail:list', { folderId: folder.id, limit: 1 })).items[0];
    if (first?.subject) {
      target = { id: first.id, subject: first.subject, folder: folder.name };
      break;
    }
  }
  expect(target).not.toBeNull();

  expect(await launch(page, `bastide://mail/${encodeURIComponent(target!.id)}`)).toBe(true);
  await expect(page.getByRole('heading', { level: 2, name: target!.subject }).first()).toBeVisible();
  await expect(page.getByRole('button', { name: /^Courrier/ })).toHaveAttribute('aria-current', /.+/);
});
