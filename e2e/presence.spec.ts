// Issue 8 §4, end to end (test host, real Prosody of e2e/servers): two users, each in their own Bastide (two
// test hosts, two browser contexts). Carol sets "Occupé" from her account menu; Bob's Bastide shows her busy,
// in his conversation list and in the conversation itself (XMPP carries busy as dnd plus a small extension
// element other Bastide clients read back as busy).
import { randomUUID, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { befriend, peer } from '../main/connectors/xmpp/testing';
import { chosenTarget, expect, invoke, memorySecrets, test as base } from './fixtures';
import { startHost, type Host } from './host/server';
import { servers, serversDir } from './servers';
import { shellReady } from './workspace-helpers';

const root = resolve(import.meta.dirname, '..');

/** A second Bastide on the test host: its own core, profile and browser context. */
async function secondBastide(browser: Browser): Promise<{ page: Page; close(): Promise<void> }> {
  const profileDir = mkdtempSync(join(tmpdir(), 'bastide-e2e-second-'));
  const host: Host = await startHost({
    profileDir,
    rendererDir: join(root, 'out', 'renderer'),
    bridgeFile: join(root, 'out', 'host', 'bridge.js'),
    policyFile: join(profileDir, `no-policies-${randomUUID()}.json`),
    accounts: memorySecrets(),
  });
  const context = await browser.newContext({ locale: 'fr-FR', timezoneId: 'Europe/Paris' });
  const page = await context.newPage();
  await page.goto(host.url);
  return {
    page,
    async close() {
      await context.close();
      await host.close();
      rmSync(profileDir, { recursive: true, force: true });
    },
  };
}

/** The user's XMPP account, after trusting the test server's self-signed certificate as the user would. */
async function addXmppAccount(page: Page, user: 'bob' | 'carol'): Promise<void> {
  await shellReady(page);
  const request = {
    kindId: 'xmpp',
    server: {
      type: 'chat' as const,
      domain: servers.xmpp.domain,
      endpoint: { host: servers.xmpp.host, port: servers.xmpp.port, security: 'starttls' as const },
    },
    username: user,
    password: servers.users[user],
  };
  const refused = await invoke(page, 'accounts:add', request).catch((error: Error) => error.message);
  expect(String(refused)).toContain('tls.untrusted');
  const fingerprint = new X509Certificate(readFileSync(join(serversDir(), 'cert.pem'))).fingerprint256;
  await invoke(page, 'certificates:trust', { host: servers.xmpp.host, fingerprint });
  const added = await invoke(page, 'accounts:add', request);
  expect(added.status).toBe('signed-in');
}

const test = base.extend({
  // eslint-disable-next-line no-empty-pattern -- Playwright fixtures take their dependencies by destructuring
  accountsOptions: async ({}, use) => use(memorySecrets()),
});

test.skip(chosenTarget() !== 'host', 'the core must run in the test process to reach the loopback servers');
test.describe.configure({ timeout: 90_000 });

test('Carol sets “Occupé” in her Bastide: Bob’s Bastide shows her busy, also after her restart', async ({
  app,
  browser,
}) => {
  let page = app.page;
  // Carol and Bob are mutual contacts (each sees the other's presence).
  const [carolPeer, bobPeer] = await Promise.all([peer('carol'), peer('bob')]);
  await befriend(carolPeer, bobPeer);
  await Promise.all([carolPeer.close(), bobPeer.close()]);

  const bob = await secondBastide(browser);
  try {
    await addXmppAccount(page, 'carol');
    await addXmppAccount(bob.page, 'bob');

    await bob.page.keyboard.press('Control+2');
    const withCarol = bob.page
      .getByRole('listbox', { name: 'Liste des conversations' })
      .getByRole('option', { name: /\bcarol\b/ });
    await expect(withCarol.getByRole('img', { name: 'Disponible' })).toBeVisible({ timeout: 30_000 });
    await withCarol.click();

    // Carol picks "Occupé" in her account menu.
    await page.getByRole('button', { name: /^Compte : / }).click();
    await page.getByRole('menuitemradio', { name: 'Occupé' }).click();
    await expect(page.getByRole('button', { name: /^Compte : .*statut : Occupé/ })).toBeVisible();

    // Bob sees it, in the list and in the conversation's header.
    await expect(withCarol.getByRole('img', { name: 'Occupé' })).toBeVisible({ timeout: 30_000 });
    await expect(bob.page.getByRole('main').getByRole('img', { name: 'Occupé' }).last()).toBeVisible();

    // Carol's Bastide restarts: she goes offline, then comes back busy (the status is hers, not the session's).
    page = await app.restart();
    await expect(withCarol.getByRole('img', { name: 'Hors ligne' })).toBeVisible({ timeout: 30_000 });
    await expect(withCarol.getByRole('img', { name: 'Occupé' })).toBeVisible({ timeout: 30_000 });

    // And back to available.
    await page.getByRole('button', { name: /^Compte : / }).click();
    await page.getByRole('menuitemradio', { name: 'Disponible' }).click();
    await expect(withCarol.getByRole('img', { name: 'Disponible' })).toBeVisible({ timeout: 30_000 });
  } finally {
    await bob.close();
  }
});
