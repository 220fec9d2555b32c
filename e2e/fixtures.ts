// One fixture for every spec: the app in Electron where its binary exists, else the test host
// (real core in Node + built renderer in Chromium). Each test gets a fresh profile folder.
import { _electron, test as base, type Browser, type ElectronApplication, type Page } from '@playwright/test';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startHost, type Host } from './host/server';

export type Target = 'electron' | 'host';

export interface AppHandle {
  target: Target;
  page: Page;
  profileDir: string;
  /** Stops the core and starts it again on the same profile, then reloads the window. */
  restart(): Promise<Page>;
}

const root = resolve(import.meta.dirname, '..');

/** The Electron binary, when the electron package has one (it is downloaded lazily and may be absent). */
export function electronBinary(): string | null {
  const pkg = join(root, 'node_modules', 'electron');
  const pathFile = join(pkg, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = join(pkg, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

export function chosenTarget(): Target {
  const wanted = process.env.BASTIDE_E2E_TARGET;
  if (wanted === 'host' || wanted === 'electron') return wanted;
  return electronBinary() ? 'electron' : 'host';
}

export const test = base.extend<{ app: AppHandle }>({
  app: async ({ browser }, use) => {
    const profileDir = mkdtempSync(join(tmpdir(), 'bastide-e2e-'));
    const target = chosenTarget();
    try {
      if (target === 'electron') await useElectron(profileDir, use);
      else await useHost(browser, profileDir, use);
    } finally {
      rmSync(profileDir, { recursive: true, force: true });
    }
  },
  page: async ({ app }, use) => {
    await use(app.page);
  },
});

export { expect } from '@playwright/test';

async function useElectron(profileDir: string, use: (app: AppHandle) => Promise<void>) {
  const launch = () =>
    _electron.launch({
      executablePath: electronBinary() ?? undefined,
      args: [join(root, 'out', 'main', 'index.cjs')],
      env: { ...process.env, BASTIDE_PROFILE_DIR: profileDir, BASTIDE_LANGUAGE: 'fr' } as Record<string, string>,
    });
  let electron: ElectronApplication = await launch();
  const handle: AppHandle = {
    target: 'electron',
    profileDir,
    page: await electron.firstWindow(),
    async restart() {
      await electron.close();
      electron = await launch();
      handle.page = await electron.firstWindow();
      return handle.page;
    },
  };
  try {
    await use(handle);
  } finally {
    await electron.close();
  }
}

async function useHost(browser: Browser, profileDir: string, use: (app: AppHandle) => Promise<void>) {
  const hostOptions = {
    profileDir,
    rendererDir: join(root, 'out', 'renderer'),
    bridgeFile: join(root, 'out', 'host', 'bridge.js'),
  };
  let host: Host = await startHost(hostOptions);
  const context = await browser.newContext({ locale: 'fr-FR', timezoneId: 'Europe/Paris' });
  const page = await context.newPage();
  await page.goto(host.url);
  const handle: AppHandle = {
    target: 'host',
    profileDir,
    page,
    async restart() {
      await host.close();
      host = await startHost(hostOptions);
      await page.goto(host.url);
      return page;
    },
  };
  try {
    await use(handle);
  } finally {
    await context.close();
    await host.close();
  }
}
