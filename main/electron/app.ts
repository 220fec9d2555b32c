// Entry of the main process, bundled to out/main/index.cjs (so `__dirname` is out/main).
import { app, BrowserWindow, shell } from 'electron';
import { basename } from 'node:path';
import { createCore } from '../core';
import { CoreError } from '../core/errors';
import { createNodePolicySource } from '../core/policy/node-source';
import { loadPolicy } from '../core/policy/runtime';
import { resolveAppPaths, startApp } from './lifecycle';
import { createWindowsRegistryReader } from './policy-windows';
import { createSsoWindowBrowser } from './sso-window';
import { readUpdateEnvironment } from './updater';

startApp({
  createCore: async ({ profileDir, policy, notifier, launches }) =>
    createCore({
      profileDir,
      policy,
      notifier,
      launches,
      updates: await readUpdateEnvironment(),
      openPath: openWithSystem,
      accounts: { sso: createSsoWindowBrowser(() => BrowserWindow.getFocusedWindow()) },
    }),
  loadPolicy: () =>
    loadPolicy({
      source: createNodePolicySource(createWindowsRegistryReader()),
      // For tests and development only: an installed Bastide reads the administrator's file and nothing else.
      file: app.isPackaged ? undefined : process.env.BASTIDE_POLICY_FILE || undefined,
    }),
  paths: resolveAppPaths(__dirname),
  profileDir: process.env.BASTIDE_PROFILE_DIR || undefined,
});

/** A document's local copy opens with the system's application (shell.openPath answers an error text, or ''). */
async function openWithSystem(path: string): Promise<void> {
  const failure = await shell.openPath(path);
  if (failure) throw new CoreError('files.openFailed', { name: basename(path) });
}
