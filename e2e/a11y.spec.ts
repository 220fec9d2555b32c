// axe-core on each rail app and on the Settings dialog: no serious or critical WCAG 2.1 A/AA violation.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  for (const v of serious) {
    console.log(`[axe] ${v.impact} ${v.id}: ${v.help}\n  ${v.nodes.map((n) => n.target.join(' ')).join('\n  ')}`);
  }
  return serious.map((v) => `${v.id} (${v.nodes.length})`);
}

const apps = ['Activité', 'Conversations', 'Équipes', 'Calendrier', 'Fichiers', 'Courrier'];

for (const [index, name] of apps.entries()) {
  test(`axe: ${name} has no serious violation`, async ({ page }) => {
    await page.keyboard.press(`Control+${index + 1}`);
    const main = page.getByRole('main');
    await expect(main.getByRole('heading', { level: 1 })).toHaveText(name);
    await expect(main.getByRole('status')).toHaveCount(0); // loaded
    // Open the first item too, so that the detail panes are checked as well.
    const firstItem = main.getByRole('option').first();
    if (index > 0 && (await firstItem.count()) > 0) await firstItem.click();
    await expect(main.getByRole('status')).toHaveCount(0);
    expect(await seriousViolations(page)).toEqual([]);
  });
}

test('axe: Settings dialog and the dark theme have no serious violation', async ({ page }) => {
  await page.getByRole('button', { name: /statut/ }).click();
  await page.getByRole('menuitem', { name: 'Paramètres' }).click();
  const dialog = page.getByRole('dialog', { name: 'Paramètres' });
  await expect(dialog).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await dialog.getByRole('radio', { name: 'Sombre' }).check({ force: true });
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  expect(await seriousViolations(page)).toEqual([]);
  await page.keyboard.press('Escape');
  for (const index of [1, 2, 3, 4, 5, 6]) {
    await page.keyboard.press(`Control+${index}`);
    await expect(page.getByRole('main').getByRole('status')).toHaveCount(0);
    expect(await seriousViolations(page)).toEqual([]);
  }
});
