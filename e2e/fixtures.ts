// One fixture for every spec: the app in Electron where its binary exists, else the test host
// (real core in Node + built renderer in Chromium). Each test gets a fresh profile folder.
import { _electron, test as base, type Browser, type ElectronApplication, type Page } from '@playwright/test';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { AccountsOptions } from '../main/core/accounts/wiring';
import { MemorySecretStore } from '../main/core/secrets/memory-store';
import type { Channel, RequestOf, ResponseOf } from '../preload/contract';
import { startHost, type Host } from './host/server';

export type Target = 'electron' | 'host';

export interface AppHandle {
  target: Target;
  page: Page;
  profileDir: string;
  /** Stops the core and starts it again on the same profile, then reloads the window. */
  restart(): Promise<Page>;
  /** Test host only: the local copies the app asked the system to open, oldest first. */
  openedFiles(): string[];
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

export interface AppOptions {
  /**
   * The content of the Linux policy file the app starts with (`test.use({ policies: … })`); null for none. Either
   * way the machine's own /etc/bastide/policies.json is never read.
   */
  policies: string | null;
  /** Test host only: how the core reaches account servers (loopback emulators, fake DNS). */
  accountsOptions: AccountsOptions | undefined;
}

export const test = base.extend<{ app: AppHandle } & AppOptions>({
  policies: [null, { option: true }],
  accountsOptions: [undefined, { option: true }],
  app: async ({ browser, policies, accountsOptions }, use) => {
    const profileDir = mkdtempSync(join(tmpdir(), 'bastide-e2e-'));
    const target = chosenTarget();
    const policyFile = join(profileDir, 'policies.json');
    if (policies !== null) writeFileSync(policyFile, policies, { mode: 0o644 });
    try {
      if (target === 'electron') await useElectron(profileDir, policyFile, use);
      else await useHost(browser, profileDir, policyFile, accountsOptions, use);
    } finally {
      rmSync(profileDir, { recursive: true, force: true });
    }
  },
  page: async ({ app }, use) => {
    await use(app.page);
  },
});

export { expect } from '@playwright/test';

/** Calls one contract channel from the page, as the renderer would (`window.bastide.invoke`). */
export async function invoke<C extends Channel>(page: Page, channel: C, request: RequestOf<C>): Promise<ResponseOf<C>> {
  return page.evaluate(
    ([name, payload]) =>
      (globalThis as unknown as { bastide: { invoke: (c: string, r: unknown) => Promise<unknown> } }).bastide.invoke(
        name,
        payload,
      ),
    [channel, request] as const,
  ) as Promise<ResponseOf<C>>;
}

/**
 * Test host option: account secrets in memory instead of the OS keychain. The same store serves the core
 * again after `app.restart()`.
 */
export const memorySecrets = (): AccountsOptions => ({ secrets: new MemorySecretStore(), timeoutMs: 5_000 });

async function useElectron(profileDir: string, policyFile: string, use: (app: AppHandle) => Promise<void>) {
  const launch = () =>
    _electron.launch({
      executablePath: electronBinary() ?? undefined,
      args: [join(root, 'out', 'main', 'index.cjs')],
      env: {
        ...process.env,
        BASTIDE_PROFILE_DIR: profileDir,
        BASTIDE_POLICY_FILE: policyFile,
        BASTIDE_LANGUAGE: 'fr',
      } as Record<string, string>,
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
    // Electron opens documents with the real system: nothing is recorded there.
    openedFiles: () => [],
  };
  try {
    await use(handle);
  } finally {
    await electron.close();
  }
}

async function useHost(
  browser: Browser,
  profileDir: string,
  policyFile: string,
  accounts: AccountsOptions | undefined,
  use: (app: AppHandle) => Promise<void>,
) {
  const hostOptions = {
    profileDir,
    policyFile,
    accounts,
    openLog: join(profileDir, 'opened-files.log'),
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
    openedFiles: () => openedFiles(hostOptions.openLog),
  };
  try {
    await use(handle);
  } finally {
    await context.close();
    await host.close();
  }
}

function openedFiles(log: string): string[] {
  return existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean) : [];
}
