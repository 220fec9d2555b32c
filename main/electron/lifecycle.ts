// The application's life: what must happen before `ready`, what happens at `ready`, and the way out.
// `app.ts` calls `startApp` with the real core; tests call it with a fake one.
import path from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, session, type WebContents } from 'electron';
import type { Policy } from '../core/policy/runtime';
import type { CoreService } from '../core/service';
import { APP_ORIGIN } from './app-origin';
import { registerAppProtocol, registerAppScheme } from './app-protocol';
import { applyDevToolsMenu, lockDevTools } from './devtools';
import { registerIpcRouter, type IpcRouter } from './ipc-router';
import { applyPermissionPolicy } from './permissions';
import { isSsoWindowContents } from './sso-window';
import { attachUrlGuard, setExternalBrowser } from './url-guard';
import { createMainWindow, revealWindow } from './windows';

export interface AppPaths {
  rendererDir: string;
  preloadPath: string;
}

/** The bundle layout: out/main/index.cjs, out/preload/index.cjs, out/renderer/index.html. */
export function resolveAppPaths(mainDir: string): AppPaths {
  return {
    rendererDir: path.join(mainDir, '..', 'renderer'),
    preloadPath: path.join(mainDir, '..', 'preload', 'index.cjs'),
  };
}

export interface StartOptions {
  createCore: (options: { profileDir: string; policy?: Policy }) => Promise<CoreService>;
  /** Reads the organisation's policies once, for the core and for what Electron enforces (menu, links). */
  loadPolicy?: () => Promise<Policy>;
  paths: AppPaths;
  /** Arguments of a later launch (deep links, `mailto:` once registered as handler). */
  onSecondInstance?: (argv: readonly string[]) => void;
  /** How long quitting waits for the core to flush before giving up. */
  closeTimeoutMs?: number;
  /** A profile folder other than the OS default (end-to-end tests give each test its own). */
  profileDir?: string;
}

/** Placeholder for deep-link handling: the arguments are not logged, they may carry addresses or tokens. */
export function handleLaunchArguments(_argv: readonly string[]): void {}

export function hardenWebContents(contents: WebContents, devTools = true): void {
  // A sign-in window browses the identity provider: its own guard (sso-window.ts) decides where it may go.
  if (isSsoWindowContents(contents)) return;
  attachUrlGuard(contents, APP_ORIGIN);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  if (!devTools) lockDevTools(contents);
}

/** Returns false when another instance already runs (this one then quits). */
export function startApp(options: StartOptions): boolean {
  // Before the lock: the single-instance lock lives in the profile folder.
  if (options.profileDir) app.setPath('userData', options.profileDir);
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return false;
  }
  // Both only take effect before `ready`.
  app.enableSandbox();
  registerAppScheme();

  let core: CoreService | null = null;
  let pendingCore: Promise<CoreService> | null = null;
  let router: IpcRouter | null = null;
  let mainWindow: BrowserWindow | null = null;
  let quitting: 'no' | 'closing' | 'done' = 'no';
  let devTools = true;

  const openMainWindow = () => {
    mainWindow = createMainWindow(options.paths.preloadPath, undefined, { devTools });
    const opened = mainWindow;
    opened.once('closed', () => {
      if (mainWindow === opened) mainWindow = null;
    });
  };

  app.on('second-instance', (_event, argv) => {
    if (mainWindow && !mainWindow.isDestroyed()) revealWindow(mainWindow);
    else if (core && quitting === 'no') openMainWindow();
    (options.onSecondInstance ?? handleLaunchArguments)(argv);
  });

  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, devTools));

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  app.on('activate', () => {
    if (core && !mainWindow && quitting === 'no') openMainWindow();
  });

  // The core flushes its database on close: hold the quit until it is done (or too slow).
  app.on('will-quit', (event) => {
    if (quitting === 'done' || !pendingCore) return;
    event.preventDefault();
    if (quitting === 'closing') return;
    quitting = 'closing';
    router?.dispose();
    void closeWithin(pendingCore, options.closeTimeoutMs ?? 5000).finally(() => {
      quitting = 'done';
      app.quit();
    });
  });

  app
    .whenReady()
    .then(async () => {
      applyPermissionPolicy(session.defaultSession, APP_ORIGIN);
      registerAppProtocol(options.paths.rendererDir);
      const policy = await options.loadPolicy?.();
      const managed = policy?.settings({}).values;
      devTools = !managed?.disableDevTools;
      applyDevToolsMenu(!devTools);
      setExternalBrowser(managed?.externalBrowserPath ?? '');
      pendingCore = options.createCore({ profileDir: app.getPath('userData'), policy });
      core = await pendingCore;
      if (quitting !== 'no') return;
      router = registerIpcRouter({
        ipcMain,
        core,
        appOrigin: APP_ORIGIN,
        eventTargets: () => BrowserWindow.getAllWindows().map((window) => window.webContents),
      });
      openMainWindow();
    })
    .catch((error: unknown) => {
      console.error(`[app] start-up failed: ${error instanceof Error ? error.name : typeof error}`);
      dialog.showErrorBox('Bastide', 'Bastide could not start. / Bastide n’a pas pu démarrer.');
      app.exit(1);
    });

  return true;
}

async function closeWithin(pending: Promise<CoreService>, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      console.warn('[app] the core did not close in time');
      resolve();
    }, timeoutMs);
  });
  try {
    await Promise.race([pending.then((core) => core.close()), timeout]);
  } catch (error) {
    console.error(`[app] closing the core failed: ${error instanceof Error ? error.name : typeof error}`);
  } finally {
    clearTimeout(timer);
  }
}
