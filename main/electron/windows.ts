import { BrowserWindow, nativeTheme, type BrowserWindowConstructorOptions } from 'electron';
import { APP_ENTRY_URL } from './app-origin';

/** The window's colour before the renderer paints, so opening it never flashes the wrong theme. */
export const BACKGROUND = { light: '#ffffff', dark: '#161616' } as const;

export interface MainWindowOptions {
  preloadPath: string;
  dark: boolean;
  /** False under the DisableDevTools policy. */
  devTools?: boolean;
}

/** Pure, so that a test can check every security flag. */
export function buildMainWindowOptions({
  preloadPath,
  dark,
  devTools = true,
}: MainWindowOptions): BrowserWindowConstructorOptions {
  return {
    title: 'Bastide',
    width: 1280,
    height: 800,
    // Room for the rail, a list and a reading pane on a 1366×768 laptop at 125 %.
    minWidth: 800,
    minHeight: 560,
    show: false,
    backgroundColor: dark ? BACKGROUND.dark : BACKGROUND.light,
    webPreferences: {
      preload: preloadPath,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      devTools,
    },
  };
}

export function createMainWindow(
  preloadPath: string,
  url: string = APP_ENTRY_URL,
  { devTools = true }: { devTools?: boolean } = {},
): BrowserWindow {
  const window = new BrowserWindow(
    buildMainWindowOptions({ preloadPath, dark: nativeTheme.shouldUseDarkColors, devTools }),
  );
  window.once('ready-to-show', () => window.show());

  const followTheme = () => {
    if (!window.isDestroyed())
      window.setBackgroundColor(nativeTheme.shouldUseDarkColors ? BACKGROUND.dark : BACKGROUND.light);
  };
  nativeTheme.on('updated', followTheme);
  window.once('closed', () => nativeTheme.off('updated', followTheme));

  window.loadURL(url).catch((error: unknown) => {
    console.error(`[window] could not load the renderer: ${error instanceof Error ? error.message : 'error'}`);
  });
  return window;
}

/** Brings a window back in front of the user (second launch, notification click, tray). */
export function revealWindow(window: BrowserWindow): void {
  if (window.isMinimized()) window.restore();
  if (!window.isVisible()) window.show();
  window.focus();
}
