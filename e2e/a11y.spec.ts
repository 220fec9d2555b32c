// axe-core on every screen: each rail app with an item opened, Settings, the add-account dialog, the mail composer,
// in the light and the dark theme: no serious or critical WCAG 2.1 A/AA violation.
import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { chosenTarget, expect, test } from './fixtures';

/** A violation known not to hold, for one rule on one element (each use says why, and tests it). */
interface Allowed {
  rule: string;
  target: string;
}

async function seriousViolations(page: Page, allowed?: Allowed) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const serious = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      ...v,
      nodes: v.nodes.filter((n) => !(v.id === allowed?.rule && n.target.join(' ') === allowed.target)),
    }))
    .filter((v) => v.nodes.length > 0);
  for (const v of serious) {
    console.log(`[axe] ${v.impact} ${v.id}: ${v.help}\n  ${v.nodes.map((n) => n.target.join(' ')).join('\n  ')}`);
  }
  return serious.map((v) => `${v.id} (${v.nodes.length})`);
}

// axe takes seconds a screen on a busy two-core machine.
test.setTimeout(120_000);

const apps = ['Activité', 'Conversations', 'Équipes', 'Calendrier', 'Fichiers', 'Courrier'];

/** A loading spinner (the ever-present live regions of some apps are not loading states). */
const loading = (scope: Locator) => scope.locator('.state[role="status"]');

/** Opens the app and its first item, so that the detail panes are checked as well. */
async function openAppWithItem(page: Page, index: number): Promise<void> {
  await page.keyboard.press(`Control+${index + 1}`);
  const main = page.getByRole('main');
  await expect(main.getByRole('heading', { level: 1 })).toHaveText(apps[index]!);
  await expect(loading(main)).toHaveCount(0);
  // Activity items open their target in another app: its list is checked as it is.
  const firstItem = main.getByRole('option').first();
  if (index > 0 && (await firstItem.count()) > 0) await firstItem.click();
  await expect(loading(main)).toHaveCount(0);
}

async function openSettings(page: Page): Promise<Locator> {
  await page.getByRole('button', { name: /statut/ }).click();
  await page.getByRole('menuitem', { name: 'Paramètres' }).click();
  const dialog = page.getByRole('dialog', { name: 'Paramètres' });
  await expect(dialog).toBeVisible();
  return dialog;
}

async function useDarkTheme(page: Page): Promise<void> {
  const open = page.getByRole('dialog', { name: 'Paramètres' });
  const dialog = (await open.count()) > 0 ? open : await openSettings(page);
  await dialog.getByRole('radio', { name: 'Sombre' }).check({ force: true });
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
}

for (const [index, name] of apps.entries()) {
  test(`axe: ${name} has no serious violation`, async ({ page }) => {
    await openAppWithItem(page, index);
    expect(await seriousViolations(page)).toEqual([]);
  });
}

test('axe: Settings dialog and the dark theme have no serious violation', async ({ page }) => {
  await openSettings(page);
  expect(await seriousViolations(page)).toEqual([]);
  await useDarkTheme(page);
  for (const index of apps.keys()) {
    await openAppWithItem(page, index);
    expect(await seriousViolations(page), `${apps[index]} in the dark theme`).toEqual([]);
  }
});

test.describe('offline discovery', () => {
  // Discovery finds nothing and reaches nothing: no DNS, no HTTP off this machine.
  test.skip(chosenTarget() !== 'host', 'the test host keeps discovery on this machine');
  test.use({
    accountsOptions: {
      fetch: () => Promise.reject(Object.assign(new TypeError('fetch failed'), { cause: { code: 'ENOTFOUND' } })),
      resolveSrv: () => Promise.reject(Object.assign(new Error('no such record'), { code: 'ENOTFOUND' })),
      timeoutMs: 2_000,
    },
  });

  test('axe: the add-account dialog (each step) has no serious violation', async ({ page }) => {
    for (const dark of [false, true]) {
      if (dark) await useDarkTheme(page);
      const theme = dark ? 'dark theme' : 'light theme';
      const dialog = await openSettings(page);
      await dialog.getByRole('button', { name: 'Ajouter un compte' }).click();
      const address = dialog.getByLabel('Adresse électronique ou adresse du serveur');
      await expect(address).toBeVisible();
      expect(await seriousViolations(page), `address step, ${theme}`).toEqual([]);
      await address.fill('agent@region.invalid');
      await address.press('Enter');
      const manual = dialog.getByRole('group', { name: 'Saisir les réglages à la main' });
      await expect(manual).toBeVisible();
      expect(await seriousViolations(page), `choice step, ${theme}`).toEqual([]);
      await manual.getByRole('button', { name: /IMAP/ }).click();
      await expect(dialog.getByRole('group', { name: 'Serveur entrant (IMAP)' })).toBeVisible();
      expect(await seriousViolations(page), `settings step, ${theme}`).toEqual([]);
      await page.keyboard.press('Escape');
      await expect(dialog).toHaveCount(0);
    }
  });
});

test('axe: the mail composer has no serious violation, light and dark', async ({ page }) => {
  for (const dark of [false, true]) {
    if (dark) await useDarkTheme(page);
    await openAppWithItem(page, 5);
    await page.getByRole('main').getByRole('button', { name: 'Nouveau message' }).click();
    const composer = page.getByRole('form', { name: 'Rédiger un message' });
    await expect(composer).toBeVisible();
    await expect(composer.getByLabel('Objet')).toBeVisible();
    expect(await seriousViolations(page), dark ? 'dark theme' : 'light theme').toEqual([]);
    await composer.getByLabel('Objet').press('Escape');
    await expect(composer).toHaveCount(0);
  }
});

test('axe: the account menu, the search results and the move menu have no serious violation', async ({ page }) => {
  for (const dark of [false, true]) {
    if (dark) await useDarkTheme(page);
    const theme = dark ? 'dark theme' : 'light theme';
    await page.getByRole('button', { name: /statut/ }).click();
    await expect(page.getByRole('menuitem', { name: 'Paramètres' })).toBeVisible();
    expect(await seriousViolations(page), `account menu, ${theme}`).toEqual([]);
    await page.keyboard.press('Escape');

    await page.keyboard.press('Control+e');
    await page.keyboard.type('budget');
    const results = page.getByRole('listbox', { name: 'Résultats de recherche' });
    await expect(results.getByRole('option').first()).toBeVisible();
    // The results scroll without being focusable: the combobox keeps the focus and the arrows move through the
    // options (aria-activedescendant), each scrolled into view, which axe cannot see. Checked right below.
    const popupScrolls = { rule: 'scrollable-region-focusable', target: '.search-popup' };
    expect(await seriousViolations(page, popupScrolls), `search results, ${theme}`).toEqual([]);
    const options = await results.getByRole('option').count();
    for (let press = 1; press < options; press++) await page.keyboard.press('ArrowDown');
    const active = await page.getByRole('combobox', { name: 'Rechercher' }).getAttribute('aria-activedescendant');
    await expect(page.locator(`[id="${active}"]`)).toBeInViewport();
    const popup = await page
      .locator('.search-popup')
      .evaluate((el) => ({ scrolls: el.scrollHeight > el.clientHeight, top: el.scrollTop }));
    if (popup.scrolls) expect(popup.top, 'the results followed the arrows').toBeGreaterThan(0);
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');

    await openAppWithItem(page, 5);
    await page.getByRole('main').getByRole('button', { name: 'Déplacer' }).click();
    await expect(page.getByRole('menu')).toBeVisible();
    expect(await seriousViolations(page), `move menu, ${theme}`).toEqual([]);
    await page.keyboard.press('Escape');
    await expect(page.getByRole('menu')).toHaveCount(0);
  }
});
