// For the eXo specs: an eXo emulator per test (its documents on the real WebDAV server of e2e/servers when
// `webdav` is set), secrets kept in memory, and the eXo account added through the accounts channel, as the
// Settings dialog does (e2e/accounts.spec.ts covers that dialog itself).
import type { Page } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { startExoEmulator, type ExoEmulator } from './emulators/exo';
import { expect, test as base } from './fixtures';
import { servers, serversDir } from './servers';
import { MemorySecretStore } from '../main/core/secrets/memory-store';

export { expect };

export const test = base.extend<{ exo: ExoEmulator; webdav: boolean }>({
  webdav: [false, { option: true }],
  exo: async ({ webdav }, use) => {
    const root = `/exo-e2e-${randomUUID()}`;
    if (webdav) serversDir();
    const exo = await startExoEmulator(
      webdav ? { webdavBackend: { url: servers.webdav.url, username: 'alice', password: 'alicepw', root } } : {},
    );
    await use(exo);
    await exo.close();
    if (webdav) {
      const auth = `Basic ${Buffer.from('alice:alicepw').toString('base64')}`;
      await fetch(servers.webdav.url.replace(/\/$/, '') + root, { method: 'DELETE', headers: { Authorization: auth } });
    }
  },
  // Playwright reads the fixtures a fixture needs from this pattern: this one needs none.
  // eslint-disable-next-line no-empty-pattern
  accountsOptions: async ({}, use) => {
    await use({ secrets: new MemorySecretStore(), timeoutMs: 10_000 });
  },
});

type Bridge = { bastide: { invoke: (channel: string, request: unknown) => Promise<{ status: string }> } };

/**
 * Adds the eXo account (alice) through the accounts channel, and removes the demonstration workspace, whose
 * spaces and people bear the same names as the seeded organisation's.
 */
export async function addExoAccount(page: Page, url: string): Promise<void> {
  const result = await page.evaluate(
    (server) =>
      (globalThis as unknown as Bridge).bastide.invoke('accounts:add', {
        kindId: 'exo',
        server: { type: 'web', url: server },
        username: 'alice',
        method: 'password',
        password: 'alicepw',
      }),
    url,
  );
  expect(result.status).toBe('signed-in');
  await page.evaluate(() => (globalThis as unknown as Bridge).bastide.invoke('accounts:remove', { id: 'demo' }));
  await page.reload();
}

/** Opens a rail app by its French name (the button's name may carry an unread count). */
export async function openApp(page: Page, name: string): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Applications' })
    .getByRole('button', { name: new RegExp(`^${name}`) })
    .click();
}
