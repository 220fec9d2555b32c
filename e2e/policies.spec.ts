// Managed deployment: the app started with a Linux policy file (/etc/bastide/policies.json in production).
import { userInfo } from 'node:os';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

const MANAGED = 'Géré par votre organisation';

async function openSettings(page: Page) {
  await page.getByRole('button', { name: /statut|status/ }).click();
  await page.getByRole('menuitem', { name: /Paramètres|Settings/ }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  return dialog;
}

test.describe('a policy file that preconfigures an account and locks account creation and updates', () => {
  test.use({
    policies: JSON.stringify({
      policies: {
        PreconfiguredAccounts: [
          {
            kind: 'zimbra',
            label: 'Messagerie de la Région',
            serverUrl: 'https://mail.laregion.fr',
            username: '${osUser}@laregion.fr',
          },
        ],
        AllowAccountAdd: false,
        UpdateMode: 'notify',
      },
    }),
  });

  test('Settings list the account as managed, offer no way to add one, and grey the locked setting', async ({
    page,
  }) => {
    const dialog = await openSettings(page);

    const managed = dialog.getByRole('list', { name: 'Comptes de votre organisation' });
    const account = managed.getByRole('listitem', { name: 'Messagerie de la Région' });
    await expect(account.getByText(MANAGED)).toBeVisible();
    await expect(account.getByText(`${userInfo().username}@laregion.fr · mail.laregion.fr`)).toBeVisible();
    await account.getByRole('button', { name: 'Se connecter à Messagerie de la Région' }).click();
    // The policy names the user: only the password is asked.
    await expect(account.getByLabel('Mot de passe')).toBeVisible();
    await expect(account.getByLabel('Identifiant')).toHaveCount(0);

    await expect(dialog.getByText('Votre organisation ne permet pas d’ajouter d’autres comptes.')).toBeVisible();
    await expect(dialog.getByRole('button', { name: /Ajouter/ })).toHaveCount(0);

    const mode = dialog.getByRole('radiogroup', { name: /Mises à jour/ });
    await expect(mode.getByText(MANAGED)).toBeVisible();
    await expect(mode.getByRole('radio', { name: 'Me prévenir seulement' })).toBeChecked();
    for (const radio of await mode.getByRole('radio').all()) await expect(radio).toBeDisabled();
    // What no policy decides stays the user's.
    const language = dialog.getByRole('radiogroup', { name: 'Langue' });
    await expect(language.getByText(MANAGED)).toHaveCount(0);
    await expect(language.getByRole('radio', { name: 'English' })).toBeEnabled();
  });
});

test.describe('DefaultLanguage', () => {
  test.use({ policies: JSON.stringify({ policies: { DefaultLanguage: 'en' } }) });

  test('sets the first language, and the user may still choose another', async ({ page }) => {
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    const dialog = await openSettings(page);
    const language = dialog.getByRole('radiogroup', { name: 'Language' });
    await expect(language.getByText('Managed by your organisation')).toHaveCount(0);
    await language.getByRole('radio', { name: 'Français' }).check({ force: true });
    await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  });
});

test.describe('an invalid policy file', () => {
  test.use({ policies: '{ "policies": { "AllowAccountAdd": false, ' });

  test('is ignored with a warning banner, and the app works as usual', async ({ page }) => {
    const banner = page.getByRole('region', {
      name: 'Certaines stratégies de votre organisation n’ont pas pu être appliquées',
    });
    await expect(banner).toBeVisible();
    await expect(banner.getByText(/policies\.json n’est pas du JSON valide : il est ignoré\./)).toBeVisible();

    // Nothing was applied: the settings are the user's.
    await page.getByRole('navigation', { name: 'Applications' }).getByRole('button', { name: 'Courrier' }).click();
    await expect(page.getByRole('main').getByRole('heading', { level: 1 })).toHaveText('Courrier');
    const dialog = await openSettings(page);
    await expect(dialog.getByText(MANAGED)).toHaveCount(0);
    await expect(dialog.getByRole('button', { name: 'Ajouter un compte' })).toBeVisible();
    const mode = dialog.getByRole('radiogroup', { name: 'Mises à jour' });
    await mode.getByText('Désactivées').click();
    await expect(mode.getByRole('radio', { name: 'Désactivées' })).toBeChecked();
    await page.keyboard.press('Escape');

    await banner.getByRole('button', { name: 'Fermer' }).click();
    await expect(banner).toHaveCount(0);
  });
});
