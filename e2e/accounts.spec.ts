// Issue 3, end to end: one account of each kind added through Settings (the Zimbra, BlueMind and eXo
// emulators, real Dovecot and Prosody), then the core restarted: every account comes back signed in from the
// keychain alone (a private gnome-keyring). Discovery runs as in production, with DNS and the autoconfig host
// answered on loopback.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Locator, Page } from '@playwright/test';
import { startBlueMindEmulator, type BlueMindEmulator } from './emulators/bluemind';
import { startExoEmulator, type ExoEmulator } from './emulators/exo';
import { startZimbraEmulator, type ZimbraEmulator } from './emulators/zimbra';
import { chosenTarget, expect, test as base } from './fixtures';
import { servers, serversDir } from './servers';
import { startPrivateKeyring, type PrivateKeyring } from './servers/keyring';

interface Loopback {
  zimbra: ZimbraEmulator;
  bluemind: BlueMindEmulator;
  exo: ExoEmulator;
  autoconfig: Server;
  autoconfigUrl: string;
}

const AUTOCONFIG = `<?xml version="1.0"?>
<clientConfig version="1.1">
  <emailProvider id="example.test">
    <domain>example.test</domain>
    <incomingServer type="imap">
      <hostname>127.0.0.1</hostname><port>${servers.imap.port}</port><socketType>STARTTLS</socketType>
      <username>%EMAILLOCALPART%</username><authentication>password-cleartext</authentication>
    </incomingServer>
    <outgoingServer type="smtp">
      <hostname>127.0.0.1</hostname><port>${servers.submission.port}</port><socketType>STARTTLS</socketType>
      <username>%EMAILLOCALPART%</username><authentication>password-cleartext</authentication>
    </outgoingServer>
  </emailProvider>
</clientConfig>`;

const test = base.extend<{ loopback: Loopback }, { keyring: PrivateKeyring }>({
  // The keychain the core finds: libsecret reads the bus address when the core first opens it.
  keyring: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixtures a fixture needs from this pattern
    async ({}, use) => {
      const keyring = startPrivateKeyring();
      Object.assign(process.env, keyring.env);
      await use(keyring);
      keyring.stop();
    },
    { scope: 'worker' },
  ],
  loopback: async ({ keyring: _keyring }, use) => {
    serversDir(); // Dovecot and Prosody must be up
    const autoconfig = createServer((req, res) => {
      const found = req.url?.startsWith('/mail/config-v1.1.xml');
      res.writeHead(found ? 200 : 404, { 'Content-Type': 'text/xml' }).end(found ? AUTOCONFIG : '');
    });
    await new Promise<void>((resolve) => autoconfig.listen(0, '127.0.0.1', resolve));
    const loopback = {
      zimbra: await startZimbraEmulator(),
      bluemind: await startBlueMindEmulator(),
      exo: await startExoEmulator(),
      autoconfig,
      autoconfigUrl: `http://127.0.0.1:${(autoconfig.address() as AddressInfo).port}`,
    };
    await use(loopback);
    await Promise.all([loopback.zimbra.close(), loopback.bluemind.close(), loopback.exo.close()]);
    await new Promise((resolve) => autoconfig.close(resolve));
  },
  accountsOptions: async ({ loopback }, use) => {
    await use({
      // Only loopback is ever contacted: the autoconfig host is served locally, any other name is unknown.
      fetch: (input, init) => {
        const url = new URL(input instanceof URL ? input.href : input);
        if (url.hostname === '127.0.0.1') return fetch(url, init);
        if (url.hostname === 'autoconfig.example.test') {
          return fetch(`${loopback.autoconfigUrl}${url.pathname}${url.search}`, init);
        }
        return Promise.reject(Object.assign(new TypeError('fetch failed'), { cause: { code: 'ENOTFOUND' } }));
      },
      resolveSrv: async (name) => {
        if (name === '_xmpp-client._tcp.example.test') {
          return [{ name: servers.xmpp.host, port: servers.xmpp.port, priority: 0, weight: 0 }];
        }
        throw Object.assign(new Error('no such record'), { code: 'ENOTFOUND' });
      },
    });
  },
});

test.skip(chosenTarget() !== 'host', 'the test host injects loopback servers into the core');
test.setTimeout(120_000);

async function openSettings(page: Page): Promise<Locator> {
  await page.getByRole('button', { name: /statut/ }).click();
  await page.getByRole('menuitem', { name: 'Paramètres' }).click();
  const dialog = page.getByRole('dialog', { name: 'Paramètres' });
  await expect(dialog).toBeVisible();
  return dialog;
}

async function discover(dialog: Locator, input: string) {
  await dialog.getByRole('button', { name: 'Ajouter un compte' }).click();
  await dialog.getByLabel('Adresse électronique ou adresse du serveur').fill(input);
  await dialog.getByRole('button', { name: 'Rechercher' }).click();
}

async function signIn(dialog: Locator, username: string | null, password: string) {
  if (username !== null) await dialog.getByLabel('Identifiant').fill(username);
  await dialog.getByLabel('Mot de passe', { exact: true }).fill(password);
  await dialog.getByRole('button', { name: 'Se connecter et ajouter' }).click();
}

/** Adds a web account from its server URL: discovery recognises the kind, the user gives the credentials. */
async function addWebAccount(dialog: Locator, url: string, kind: string, username: string, password: string) {
  await discover(dialog, url);
  await dialog
    .getByRole('list', { name: 'Comptes trouvés' })
    .getByRole('button', { name: new RegExp(kind) })
    .click();
  await expect(dialog.getByLabel('Adresse du serveur')).toHaveValue(url);
  await signIn(dialog, username, password);
  await expect(dialog.getByRole('button', { name: 'Ajouter un compte' })).toBeVisible();
}

const accountItem = (dialog: Locator, name: RegExp) =>
  dialog.getByRole('list', { name: 'Comptes configurés' }).getByRole('listitem', { name });

test('adds one account of each kind, then they come back signed in after a restart', async ({
  app,
  page,
  loopback,
}) => {
  let dialog = await openSettings(page);

  await addWebAccount(dialog, loopback.zimbra.url, 'Zimbra', 'alice@example.test', 'alicepw');
  await addWebAccount(dialog, loopback.bluemind.url, 'BlueMind', 'alice@example.test', 'alicepw');
  await addWebAccount(dialog, loopback.exo.url, 'eXo Platform', 'alice', 'alicepw');

  // From an address: autoconfig gives the IMAP/SMTP servers, an SRV record the XMPP server.
  await discover(dialog, 'alice@example.test');
  const found = dialog.getByRole('list', { name: 'Comptes trouvés' });
  await found.getByRole('button', { name: /IMAP \/ SMTP/ }).click();
  const incoming = dialog.getByRole('group', { name: 'Serveur entrant (IMAP)' });
  await expect(incoming.getByLabel('Serveur')).toHaveValue('127.0.0.1');
  await expect(incoming.getByLabel('Port')).toHaveValue(String(servers.imap.port));
  await expect(dialog.getByLabel('Identifiant')).toHaveValue('alice');
  await signIn(dialog, null, 'alicepw');
  // Dovecot's certificate is self-signed: refused, its fingerprint shown, trusted by the user.
  await expect(dialog.getByText(/Le certificat du serveur 127\.0\.0\.1 n’est pas reconnu/)).toBeVisible();
  await expect(dialog.locator('.fingerprint code')).toHaveText(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
  await dialog.getByRole('button', { name: 'Faire confiance à ce certificat pour ce serveur' }).click();
  await expect(dialog.getByRole('button', { name: 'Ajouter un compte' })).toBeVisible();

  await discover(dialog, 'alice@example.test');
  await dialog.getByRole('list', { name: 'Comptes trouvés' }).getByRole('button', { name: /XMPP/ }).click();
  await expect(dialog.getByLabel('Domaine de messagerie instantanée')).toHaveValue('example.test');
  await signIn(dialog, 'alice@example.test', 'alicepw');
  await expect(dialog.getByRole('button', { name: 'Ajouter un compte' })).toBeVisible();

  const kinds = [/Zimbra/, /BlueMind/, /eXo Platform/, /IMAP \/ SMTP/, /XMPP/];
  for (const kind of kinds) await expect(accountItem(dialog, kind)).toContainText('Connecté');
  await expect(dialog.getByRole('list', { name: 'Certificats acceptés' })).toContainText('127.0.0.1');

  await app.restart();
  dialog = await openSettings(page);
  for (const kind of kinds) {
    await expect(accountItem(dialog, kind)).toContainText('Connecté', { timeout: 20_000 });
  }
  // The keychain kept the secrets: nothing asks for a password, and no memory-only banner.
  await expect(page.getByText('vos mots de passe sont gardés en mémoire')).toHaveCount(0);
});

test('a wrong password is refused with a clear message, and nothing is added', async ({ page, loopback }) => {
  const dialog = await openSettings(page);
  await discover(dialog, loopback.bluemind.url);
  await dialog
    .getByRole('list', { name: 'Comptes trouvés' })
    .getByRole('button', { name: /BlueMind/ })
    .click();
  await signIn(dialog, 'alice@example.test', 'wrong');
  await expect(dialog.getByText('Identifiant ou mot de passe incorrect.')).toBeVisible();
  await dialog.getByRole('button', { name: 'Annuler' }).last().click();
  await expect(accountItem(dialog, /BlueMind/)).toHaveCount(0);
});

test('a second factor is asked when the server wants one', async ({ page, loopback }) => {
  const code = loopback.zimbra.control.requireTwoFactor('bob', { code: '135790' });
  const dialog = await openSettings(page);
  await discover(dialog, loopback.zimbra.url);
  await dialog
    .getByRole('list', { name: 'Comptes trouvés' })
    .getByRole('button', { name: /Zimbra/ })
    .click();
  await signIn(dialog, 'bob@example.test', 'bobpw');
  await dialog.getByLabel('Code de vérification').fill('000000');
  await dialog.getByRole('button', { name: 'Valider le code' }).click();
  await expect(dialog.getByText('Le code de vérification est incorrect.')).toBeVisible();
  await dialog.getByLabel('Code de vérification').fill(code);
  await dialog.getByRole('button', { name: 'Valider le code' }).click();
  await expect(accountItem(dialog, /Zimbra/)).toContainText('Connecté');
});
