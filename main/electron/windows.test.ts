import { beforeEach, describe, expect, it, vi } from 'vitest';

const electron = vi.hoisted(() => {
  type Listener = (...args: unknown[]) => void;
  class FakeWindow {
    static instances: FakeWindow[] = [];
    readonly listeners = new Map<string, Listener[]>();
    readonly show = vi.fn();
    readonly loadURL = vi.fn(async (_url: string) => {});
    readonly setBackgroundColor = vi.fn();
    readonly isDestroyed = vi.fn(() => false);
    constructor(readonly options: Record<string, unknown>) {
      FakeWindow.instances.push(this);
    }
    once(name: string, listener: Listener) {
      this.listeners.set(name, [...(this.listeners.get(name) ?? []), listener]);
      return this;
    }
    emit(name: string) {
      for (const listener of this.listeners.get(name) ?? []) listener();
    }
  }
  const themeListeners = new Set<Listener>();
  const nativeTheme = {
    shouldUseDarkColors: false,
    on: vi.fn((_name: string, listener: Listener) => themeListeners.add(listener)),
    off: vi.fn((_name: string, listener: Listener) => themeListeners.delete(listener)),
    change(dark: boolean) {
      nativeTheme.shouldUseDarkColors = dark;
      for (const listener of themeListeners) listener();
    },
    themeListeners,
  };
  return { BrowserWindow: FakeWindow, nativeTheme };
});
vi.mock('electron', () => electron);

import { BACKGROUND, buildMainWindowOptions, createMainWindow } from './windows';

beforeEach(() => {
  electron.BrowserWindow.instances.length = 0;
  electron.nativeTheme.shouldUseDarkColors = false;
  electron.nativeTheme.themeListeners.clear();
});

describe('buildMainWindowOptions', () => {
  const options = buildMainWindowOptions({ preloadPath: '/app/out/preload/index.cjs', dark: false });

  it('sandboxes the renderer and isolates its context', () => {
    expect(options.webPreferences).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });

  it('allows developer tools unless the DisableDevTools policy says otherwise', () => {
    expect(options.webPreferences?.devTools).toBe(true);
    expect(buildMainWindowOptions({ preloadPath: 'p', dark: false, devTools: false }).webPreferences?.devTools).toBe(
      false,
    );
  });

  it('uses the bundled preload', () => {
    expect(options.webPreferences?.preload).toBe('/app/out/preload/index.cjs');
  });

  it('stays hidden until ready, with a title and a minimum size', () => {
    expect(options.show).toBe(false);
    expect(options.title).toBe('Bastide');
    expect(options.minWidth).toBeGreaterThanOrEqual(640);
    expect(options.minHeight).toBeGreaterThanOrEqual(480);
  });

  it('paints the background of the system theme', () => {
    expect(options.backgroundColor).toBe(BACKGROUND.light);
    expect(buildMainWindowOptions({ preloadPath: 'p', dark: true }).backgroundColor).toBe(BACKGROUND.dark);
  });
});

describe('createMainWindow', () => {
  it('loads the app entry and shows the window once ready to show', () => {
    createMainWindow('/preload.cjs');
    const window = electron.BrowserWindow.instances[0]!;
    expect(window.options).toMatchObject({ show: false, webPreferences: { preload: '/preload.cjs', sandbox: true } });
    expect(window.loadURL).toHaveBeenCalledExactlyOnceWith('app://bastide/index.html');
    expect(window.show).not.toHaveBeenCalled();
    window.emit('ready-to-show');
    expect(window.show).toHaveBeenCalledOnce();
  });

  it('follows the system theme until closed', () => {
    electron.nativeTheme.shouldUseDarkColors = true;
    createMainWindow('/preload.cjs');
    const window = electron.BrowserWindow.instances[0]!;
    expect(window.options.backgroundColor).toBe(BACKGROUND.dark);
    electron.nativeTheme.change(false);
    expect(window.setBackgroundColor).toHaveBeenLastCalledWith(BACKGROUND.light);
    window.emit('closed');
    expect(electron.nativeTheme.themeListeners.size).toBe(0);
  });
});
