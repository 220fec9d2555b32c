// The application's life: what must happen before `ready`, what happens at `ready`, and the way out.
// `app.ts` calls `startApp` with the real core; tests call it with a fake one.
import path from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, session, type WebContents } from 'electron';
import { createLaunchInbox, type LaunchInbox, type LaunchReceiver } from '../core/links/launch';
import type { DesktopSettings } from '../core/model';
import type { NotifierPort } from '../core/notifications/port';
import { closeHidesToTray } from '../core/notifications/tray-model';
import type { Policy } from '../core/policy/runtime';
import type { CoreService } from '../core/service';
import { APP_ORIGIN } from './app-origin';
import { registerAppProtocol, registerAppScheme } from './app-protocol';
import { applyDevToolsMenu, lockDevTools } from './devtools';
import { registerIpcRouter, type IpcRouter } from './ipc-router';
import { applyPermissionPolicy } from './permissions';
import { isSsoWindowContents } from './sso-window';
import { createElectronNotifier } from './notifications';
import { registerProtocolClients } from './protocol-handlers';
import { applyStartWithSession, createAppTray, type AppTray } from './tray';
import { attachUrlGuard, setExternalBrowser } from './url-guard';
import { createMainWindow, revealWindow } from './windows';

/** Windows shows notifications only for an application with this id (the installer's shortcut carries it). */
export const APP_USER_MODEL_ID = 'fr.bastide.desktop';

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
  createCore: (options: {
    profileDir: string;
    policy?: Policy;
    /** The OS notifications and the tray badge. */
    notifier?: NotifierPort;
    /** Links from launches (this one's arguments, a second instance's, macOS `open-url`, notification clicks). */
    launches?: LaunchReceiver;
  }) => Promise<CoreService>;
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

/**
 * A launch's arguments (this instance's, or a second one's handed over): the `bastide://` or `mailto:` link among
 * them goes to the window. They are never logged: they may carry addresses or tokens.
 */
export function handleLaunchArguments(argv: readonly string[], launches: LaunchInbox): boolean {
  return launches.receiveArguments(argv);
}

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
  if (process.platform === 'win32') app.setAppUserModelId(APP_USER_MODEL_ID);

  let core: CoreService | null = null;
  let pendingCore: Promise<CoreService> | null = null;
  let router: IpcRouter | null = null;
  let mainWindow: BrowserWindow | null = null;
  let quitting: 'no' | 'closing' | 'done' = 'no';
  let devTools = true;
  let tray: AppTray | null = null;
  let unread = 0;
  /** Set by the tray's "Quit" (and any other quit): closing the window then really closes it. */
  let leaving = false;
  let closeToTray = false;
  const launches = createLaunchInbox();
  handleLaunchArguments(process.argv, launches);

  const openMainWindow = () => {
    mainWindow = createMainWindow(options.paths.preloadPath, undefined, { devTools });
    const opened = mainWindow;
    opened.on('close', (event) => {
      if (!closeHidesToTray({ closeToTray, trayShown: tray !== null, quitting: leaving || quitting !== 'no' })) return;
      event.preventDefault();
      opened.hide();
    });
    opened.once('closed', () => {
      if (mainWindow === opened) mainWindow = null;
    });
  };

  const reveal = () => {
    if (mainWindow && !mainWindow.isDestroyed()) revealWindow(mainWindow);
    else if (core && quitting === 'no') openMainWindow();
  };

  const notifier = createElectronNotifier({
    reveal,
    open: (target) => launches.receiveUrl(target),
    badge: (count) => {
      unread = count;
      tray?.setUnread(count);
    },
  });

  app.on('second-instance', (_event, argv) => {
    reveal();
    options.onSecondInstance?.(argv);
    handleLaunchArguments(argv, launches);
  });

  // macOS hands links over by event, possibly before `ready`: they wait in the inbox.
  app.on('open-url', (event, url) => {
    event.preventDefault();
    if (launches.receiveUrl(url)) reveal();
  });

  app.on('before-quit', () => {
    leaving = true;
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
    tray?.destroy();
    tray = null;
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
      pendingCore = options.createCore({ profileDir: app.getPath('userData'), policy, notifier, launches });
      core = await pendingCore;
      if (quitting !== 'no') return;
      router = registerIpcRouter({
        ipcMain,
        core,
        appOrigin: APP_ORIGIN,
        eventTargets: () => BrowserWindow.getAllWindows().map((window) => window.webContents),
      });
      openMainWindow();
      // Neither may keep the window from opening.
      startDesktopIntegration(core).catch(() => console.warn('[app] desktop integration failed'));
      registerProtocolClients().catch(() => console.warn('[app] could not register the link handlers'));
    })
    .catch((error: unknown) => {
      console.error(`[app] start-up failed: ${error instanceof Error ? error.name : typeof error}`);
      dialog.showErrorBox('Bastide', 'Bastide could not start. / Bastide n’a pas pu démarrer.');
      app.exit(1);
    });

  /** The tray, and what the desktop settings ask of the OS (close to tray, start with the session). */
  async function startDesktopIntegration(running: CoreService): Promise<void> {
    const apply = (settings: DesktopSettings) => {
      closeToTray = settings.closeToTray;
      void applyStartWithSession(settings).catch(() => console.warn('[app] could not set the session start'));
    };
    try {
      tray = createAppTray({ core: running, reveal, quit: () => app.quit(), mainWindow: () => mainWindow });
      tray.setUnread(unread);
    } catch {
      // No system tray (some Linux desktops): closing the window quits, as without the setting.
      tray = null;
    }
    running.subscribe((event, payload) => {
      if (event === 'desktop:settingsChanged') apply(payload as DesktopSettings);
    });
    apply(await running.handle('desktop:settings', {}));
  }

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
