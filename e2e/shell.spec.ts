// The shell: landmarks, the rail by keyboard, and the language switch that survives a reload.
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

const appsFr = ['Activité', 'Conversations', 'Équipes', 'Calendrier', 'Fichiers', 'Courrier'];
const appsEn = ['Activity', 'Chat', 'Teams', 'Calendar', 'Files', 'Mail'];

const rail = (page: Page) => page.getByRole('navigation', { name: /^(Applications)$/ });
const railLabels = (page: Page) => rail(page).locator('.rail-label').allTextContents();

test('the shell renders its landmarks, six rail apps and one search box', async ({ page }) => {
  await expect(page.getByRole('banner')).toBeVisible();
  await expect(rail(page).getByRole('button')).toHaveCount(6);
  expect(await railLabels(page)).toEqual(appsFr);
  await expect(rail(page).locator('[aria-current="page"]')).toHaveCount(1);
  const search = page.getByRole('search');
  await expect(search).toHaveCount(1);
  await expect(search.getByRole('combobox', { name: 'Rechercher' })).toBeVisible();
  await expect(page.getByRole('main')).toBeVisible();
  await expect(page.getByRole('main').getByRole('heading', { level: 1 })).toHaveText('Activité');
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
});

test('every rail app opens by keyboard only: Tab to the rail, arrows and Enter', async ({ page }) => {
  await expect(rail(page)).toBeVisible();
  // Tab until the focus lands in the rail (skip link, search box and account button come first).
  for (let i = 0; i < 10; i += 1) {
    await page.keyboard.press('Tab');
    if (await page.evaluate('Boolean(document.activeElement?.closest("nav"))')) break;
  }
  await expect(rail(page).getByRole('button', { name: appsFr[0] })).toBeFocused();

  for (const [index, name] of appsFr.entries()) {
    if (index > 0) await page.keyboard.press('ArrowDown');
    await expect(rail(page).getByRole('button', { name })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('main').getByRole('heading', { level: 1 })).toHaveText(name);
    await expect(rail(page).getByRole('button', { name })).toHaveAttribute('aria-current', 'page');
  }
  // Space opens too, and the arrows wrap around.
  await page.keyboard.press('ArrowDown');
  await expect(rail(page).getByRole('button', { name: appsFr[0] })).toBeFocused();
  await page.keyboard.press('Space');
  await expect(page.getByRole('main').getByRole('heading', { level: 1 })).toHaveText(appsFr[0]!);
});

test('Ctrl+1…6 open the rail apps and Ctrl+E focuses the search box', async ({ page }) => {
  await expect(rail(page)).toBeVisible();
  for (const [index, name] of appsFr.entries()) {
    await page.keyboard.press(`Control+${index + 1}`);
    await expect(page.getByRole('main').getByRole('heading', { level: 1 })).toHaveText(name);
  }
  await page.keyboard.press('Control+e');
  await expect(page.getByRole('combobox', { name: 'Rechercher' })).toBeFocused();
  await page.getByRole('main').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Control+k');
  await expect(page.getByRole('combobox', { name: 'Rechercher' })).toBeFocused();
});

test('switching the language in Settings changes the UI at once and persists after a reload', async ({ page }) => {
  await page.getByRole('button', { name: /statut/ }).click();
  await page.getByRole('menuitem', { name: 'Paramètres' }).click();
  const dialog = page.getByRole('dialog', { name: 'Paramètres' });
  await expect(dialog).toBeVisible();
  // The native radio is visually hidden behind its label, which takes the click: hence `force`.
  await dialog.getByRole('radio', { name: 'English' }).check({ force: true });
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('dialog', { name: 'Settings' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  expect(await railLabels(page)).toEqual(appsEn);
  await expect(page.getByRole('combobox', { name: 'Search' })).toBeVisible();

  await page.reload();
  await expect(rail(page).getByRole('button')).toHaveCount(6);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  expect(await railLabels(page)).toEqual(appsEn);

  // And back to French, from the English menu.
  await page.getByRole('button', { name: /status/ }).click();
  await page.getByRole('menuitem', { name: 'Settings' }).click();
  await page.getByRole('dialog', { name: 'Settings' }).getByRole('radio', { name: 'Français' }).check({ force: true });
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  await page.keyboard.press('Escape');
  expect(await railLabels(page)).toEqual(appsFr);
});

test('the presence menu offers the five statuses and applies the chosen one', async ({ page }) => {
  const account = page.getByRole('button', { name: /statut/ });
  await account.click();
  const menu = page.getByRole('menu');
  for (const status of ['Disponible', 'Occupé', 'Ne pas déranger', 'Absent', 'Hors ligne']) {
    await expect(menu.getByRole('menuitemradio', { name: status })).toBeVisible();
  }
  await menu.getByRole('menuitemradio', { name: 'Ne pas déranger' }).click();
  await expect(account).toHaveAccessibleName(/Ne pas déranger/);
});

test('the app stays on its own origin and logs no error (CSP, sovereignty)', async ({ page }) => {
  const home = new URL(page.url());
  // Compared by scheme and host: the origin of a custom scheme such as app:// is "null".
  const isHome = (url: URL) => url.protocol === home.protocol && url.host === home.host;
  const foreign: string[] = [];
  const errors: string[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (!isHome(url) && url.protocol !== 'data:') foreign.push(request.url());
  });
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  await page.reload();
  for (const [index, name] of appsFr.entries()) {
    await page.keyboard.press(`Control+${index + 1}`);
    await expect(page.getByRole('main').getByRole('heading', { level: 1 })).toHaveText(name);
    await expect(page.getByRole('main').locator('.state[role="status"]')).toHaveCount(0);
  }
  expect(foreign).toEqual([]);
  expect(errors).toEqual([]);
});
