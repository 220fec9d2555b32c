// Screenshots of the shell for review: French, English, dark, and 200 % zoom.
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

const dir = '.ci/artifacts';

/** No loading state left on screen (live regions, such as the mail status bar, stay and are not waited for). */
async function settle(page: Page) {
  await expect(page.getByRole('main').locator('.state[role="status"]')).toHaveCount(0);
}

async function openSettings(page: Page) {
  await page.getByRole('button', { name: /statut|status/ }).click();
  await page.getByRole('menuitem', { name: /Paramètres|Settings/ }).click();
  return page.getByRole('dialog');
}

test('screenshots: the shell in French, English and dark', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await settle(page);
  await page.screenshot({ path: `${dir}/shell-fr.png` });

  await page.keyboard.press('Control+6');
  await page
    .getByRole('listbox', { name: /^Messages du dossier/ })
    .getByRole('option')
    .first()
    .click();
  await settle(page);
  await page.screenshot({ path: `${dir}/mail-fr.png` });

  let dialog = await openSettings(page);
  await expect(dialog.getByRole('radio', { name: 'English' })).toBeAttached();
  await page.screenshot({ path: `${dir}/settings-fr.png` });
  await dialog.getByRole('radio', { name: 'English' }).check({ force: true });
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+1');
  await settle(page);
  await page.screenshot({ path: `${dir}/shell-en.png` });

  dialog = await openSettings(page);
  await dialog.getByRole('radio', { name: 'Dark' }).check({ force: true });
  await page.keyboard.press('Escape');
  const apps = ['Activity', 'Chat', 'Teams', 'Calendar', 'Files', 'Mail'];
  for (const [index, name] of apps.entries()) {
    await page.keyboard.press(`Control+${index + 1}`);
    await expect(page.getByRole('main').getByRole('heading', { level: 1 })).toHaveText(name);
    await settle(page);
    const first = page.getByRole('main').getByRole('option').first();
    if (index > 0 && (await first.count()) > 0) await first.click();
    await settle(page);
    await page.screenshot({ path: `${dir}/${index === 0 ? 'shell-dark' : `${name.toLowerCase()}-dark-en`}.png` });
  }
});

test('screenshots: 200 % zoom keeps everything reachable', async ({ page }) => {
  // A 1280×800 window at 200 % zoom lays out like a 640×400 one.
  await page.setViewportSize({ width: 640, height: 400 });
  await settle(page);
  await page.screenshot({ path: `${dir}/shell-zoom200-fr.png` });
  await expect(page.getByRole('navigation', { name: 'Applications' }).getByRole('button')).toHaveCount(6);
  // Evaluated as a string: the e2e tsconfig has no DOM types.
  const overflow = (await page.evaluate('document.documentElement.scrollWidth - window.innerWidth')) as number;
  expect(overflow).toBeLessThanOrEqual(0);
  await page.keyboard.press('Control+6');
  await settle(page);
  await page.screenshot({ path: `${dir}/mail-zoom200-fr.png` });
});
