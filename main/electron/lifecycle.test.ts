import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { channelNames } from '../../preload/contract';
import type { CoreService } from '../core/service';

const electron = vi.hoisted(() => {
  type Listener = (...args: never[]) => unknown;
  class Emitter {
    readonly listeners = new Map<string, Listener[]>();
    on(name: string, listener: Listener) {
      this.listeners.set(name, [...(this.listeners.get(name) ?? []), listener]);
      return this;
    }
    once(name: string, listener: Listener) {
      return this.on(name, listener);
    }
    emit(name: string, ...args: unknown[]) {
      for (const listener of this.listeners.get(name) ?? []) (listener as (...a: unknown[]) => unknown)(...args);
    }
  }

  class FakeWindow extends Emitter {
    static instances: FakeWindow[] = [];
    static getAllWindows = () => FakeWindow.instances;
    readonly loadURL = vi.fn(async (_url: string) => {});
    readonly show = vi.fn();
    readonly focus = vi.fn();
    readonly restore = vi.fn();
    readonly isMinimized = vi.fn(() => false);
    readonly isVisible = vi.fn(() => true);
    readonly isDestroyed = vi.fn(() => false);
    readonly setBackgroundColor = vi.fn();
    readonly webContents = { send: vi.fn(), isDestroyed: () => false, getURL: () => 'app://bastide/index.html' };
    constructor(readonly options: { webPreferences?: Record<string, unknown> }) {
      super();
      FakeWindow.instances.push(this);
    }
  }

  const app = Object.assign(new Emitter(), {
    requestSingleInstanceLock: vi.fn(() => true),
    enableSandbox: vi.fn(),
    quit: vi.fn(),
    exit: vi.fn(),
    getPath: vi.fn((name: string) => `/profiles/${name}`),
    setPath: vi.fn(),
    whenReady: vi.fn(() => Promise.resolve()),
  });

  return {
    app,
    BrowserWindow: FakeWindow,
    nativeTheme: { shouldUseDarkColors: false, on: vi.fn(), off: vi.fn() },
    protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
    session: {
      defaultSession: {
        setPermissionRequestHandler: vi.fn(),
        setPermissionCheckHandler: vi.fn(),
        setDevicePermissionHandler: vi.fn(),
      },
    },
    ipcMain: { handle: vi.fn(), removeHandler: vi.fn() },
    dialog: { showErrorBox: vi.fn() },
    shell: { openExternal: vi.fn() },
    Menu: { buildFromTemplate: vi.fn(() => ({})), setApplicationMenu: vi.fn() },
  };
});
vi.mock('electron', () => electron);

import { createPolicy } from '../core/policy/runtime';
import { resolveAppPaths, startApp } from './lifecycle';

const paths = { rendererDir: '/opt/bastide/out/renderer', preloadPath: '/opt/bastide/out/preload/index.cjs' };
const flush = () => new Promise((resolve) => setTimeout(resolve, 0));
const order = (mock: { mock: { invocationCallOrder: number[] } }) => mock.mock.invocationCallOrder[0] ?? Infinity;

function fakeCore(close: () => Promise<void> = async () => {}) {
  return { handle: vi.fn(), subscribe: vi.fn(() => () => {}), close: vi.fn(close) } satisfies Record<
    keyof CoreService,
    unknown
  >;
}

let resolveReady: () => void = () => {};
const platform = Object.getOwnPropertyDescriptor(process, 'platform')!;

beforeEach(() => {
  vi.clearAllMocks();
  electron.app.listeners.clear();
  electron.BrowserWindow.instances.length = 0;
  electron.app.requestSingleInstanceLock.mockReturnValue(true);
  electron.app.whenReady.mockImplementation(() => new Promise<void>((resolve) => (resolveReady = resolve)));
  vi.spyOn(console, 'warn').mockImplementation(() => {});
  vi.spyOn(console, 'error').mockImplementation(() => {});
});

afterEach(() => {
  Object.defineProperty(process, 'platform', platform);
});

async function started(core = fakeCore(), extra: Partial<Parameters<typeof startApp>[0]> = {}) {
  const createCore = vi.fn(async () => core as unknown as CoreService);
  expect(startApp({ createCore, paths, ...extra })).toBe(true);
  resolveReady();
  await flush();
  return { core, createCore, window: electron.BrowserWindow.instances[0]! };
}

describe('startApp before ready', () => {
  it('quits at once when another instance holds the lock', () => {
    electron.app.requestSingleInstanceLock.mockReturnValue(false);
    const createCore = vi.fn();
    expect(startApp({ createCore, paths })).toBe(false);
    expect(electron.app.quit).toHaveBeenCalledOnce();
    expect(electron.app.whenReady).not.toHaveBeenCalled();
    expect(electron.app.enableSandbox).not.toHaveBeenCalled();
    expect(electron.app.listeners.size).toBe(0);
    expect(createCore).not.toHaveBeenCalled();
  });

  it('moves the profile (and so the single-instance lock) to the folder it is given', () => {
    startApp({ createCore: vi.fn(), paths, profileDir: '/tmp/e2e-profile' });
    expect(electron.app.setPath).toHaveBeenCalledExactlyOnceWith('userData', '/tmp/e2e-profile');
    expect(order(electron.app.setPath)).toBeLessThan(order(electron.app.requestSingleInstanceLock));
  });

  it('enables the sandbox for all renderers and privileges app:// before ready', () => {
    const createCore = vi.fn();
    startApp({ createCore, paths });
    expect(electron.app.enableSandbox).toHaveBeenCalledOnce();
    expect(electron.protocol.registerSchemesAsPrivileged).toHaveBeenCalledExactlyOnceWith([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
    // Nothing else happens until ready.
    expect(order(electron.app.enableSandbox)).toBeLessThan(order(electron.app.whenReady));
    expect(order(electron.protocol.registerSchemesAsPrivileged)).toBeLessThan(order(electron.app.whenReady));
    expect(electron.protocol.handle).not.toHaveBeenCalled();
    expect(createCore).not.toHaveBeenCalled();
    expect(electron.BrowserWindow.instances).toHaveLength(0);
  });
});

describe('startApp at ready', () => {
  it('serves app://, locks permissions, creates the core in the profile, routes IPC and opens the window', async () => {
    const { createCore, window } = await started();
    expect(electron.protocol.handle).toHaveBeenCalledExactlyOnceWith('app', expect.any(Function));
    expect(electron.session.defaultSession.setPermissionRequestHandler).toHaveBeenCalledOnce();
    expect(electron.session.defaultSession.setPermissionCheckHandler).toHaveBeenCalledOnce();
    expect(createCore).toHaveBeenCalledExactlyOnceWith({ profileDir: '/profiles/userData' });
    expect(electron.ipcMain.handle).toHaveBeenCalledTimes(channelNames.length);
    expect(window.options.webPreferences).toMatchObject({ preload: paths.preloadPath, sandbox: true });
    expect(window.loadURL).toHaveBeenCalledExactlyOnceWith('app://bastide/index.html');
    // The router exists before the page can call it.
    expect(order(electron.ipcMain.handle)).toBeLessThan(order(window.loadURL));
  });

  it('reports a core that cannot start and exits', async () => {
    const createCore = vi.fn(async () => {
      throw new Error('database locked');
    });
    startApp({ createCore, paths });
    resolveReady();
    await flush();
    expect(electron.dialog.showErrorBox).toHaveBeenCalledOnce();
    expect(electron.app.exit).toHaveBeenCalledExactlyOnceWith(1);
    expect(electron.BrowserWindow.instances).toHaveLength(0);
  });
});

describe('policies', () => {
  it('reads them once, before the core, which receives them', async () => {
    const policy = createPolicy({ UpdateMode: 'off' });
    const loadPolicy = vi.fn(async () => policy);
    const { createCore, window } = await started(fakeCore(), { loadPolicy });
    expect(loadPolicy).toHaveBeenCalledOnce();
    expect(createCore).toHaveBeenCalledExactlyOnceWith({ profileDir: '/profiles/userData', policy });
    expect(window.options.webPreferences).toMatchObject({ devTools: true });
    expect(electron.Menu.setApplicationMenu).not.toHaveBeenCalled();
  });

  it('applies DisableDevTools to the menu, the window and every web contents', async () => {
    const loadPolicy = async () => createPolicy({ DisableDevTools: true });
    const { window } = await started(fakeCore(), { loadPolicy });
    expect(electron.Menu.setApplicationMenu).toHaveBeenCalledOnce();
    expect(window.options.webPreferences).toMatchObject({ devTools: false });
    const contents = { on: vi.fn(), setWindowOpenHandler: vi.fn(), closeDevTools: vi.fn() };
    electron.app.emit('web-contents-created', {}, contents);
    expect(contents.on).toHaveBeenCalledWith('devtools-opened', expect.any(Function));
  });
});

describe('second instance', () => {
  it('restores and focuses the window and hands over the arguments', async () => {
    const onSecondInstance = vi.fn();
    const { window } = await started(fakeCore(), { onSecondInstance });
    window.isMinimized.mockReturnValue(true);
    const argv = ['/opt/bastide/bastide', 'mailto:agent@example.gouv.fr'];
    electron.app.emit('second-instance', {}, argv, '/home/agent');
    expect(window.restore).toHaveBeenCalledOnce();
    expect(window.focus).toHaveBeenCalledOnce();
    expect(onSecondInstance).toHaveBeenCalledExactlyOnceWith(argv);
    expect(electron.BrowserWindow.instances).toHaveLength(1);
  });
});

describe('every web contents', () => {
  it('gets the URL guard and refuses <webview>', async () => {
    await started();
    const listeners = new Map<string, (event: { preventDefault(): void }) => void>();
    const contents = {
      on: vi.fn((name: string, listener: (event: { preventDefault(): void }) => void) => {
        listeners.set(name, listener);
        return contents;
      }),
      setWindowOpenHandler: vi.fn(),
    };
    electron.app.emit('web-contents-created', {}, contents);
    expect([...listeners.keys()]).toEqual(
      expect.arrayContaining(['will-navigate', 'will-redirect', 'will-attach-webview']),
    );
    expect(contents.setWindowOpenHandler).toHaveBeenCalledOnce();
    const event = { preventDefault: vi.fn() };
    listeners.get('will-attach-webview')!(event);
    expect(event.preventDefault).toHaveBeenCalledOnce();
  });
});

describe('quitting', () => {
  it('quits when the last window closes, except on macOS', async () => {
    await started();
    Object.defineProperty(process, 'platform', { value: 'linux' });
    electron.app.emit('window-all-closed');
    expect(electron.app.quit).toHaveBeenCalledOnce();
    Object.defineProperty(process, 'platform', { value: 'darwin' });
    electron.app.emit('window-all-closed');
    expect(electron.app.quit).toHaveBeenCalledOnce();
  });

  it('closes the core before letting the app quit', async () => {
    const { core } = await started();
    const first = { preventDefault: vi.fn() };
    electron.app.emit('will-quit', first);
    expect(first.preventDefault).toHaveBeenCalledOnce();
    expect(electron.ipcMain.removeHandler).toHaveBeenCalledTimes(channelNames.length);
    expect(electron.app.quit).not.toHaveBeenCalled();
    await flush();
    expect(core.close).toHaveBeenCalledOnce();
    expect(order(electron.app.quit)).toBeGreaterThan(order(core.close));

    const second = { preventDefault: vi.fn() };
    electron.app.emit('will-quit', second);
    expect(second.preventDefault).not.toHaveBeenCalled();
    expect(core.close).toHaveBeenCalledOnce();
  });

  it('does not wait forever for a core that hangs on close', async () => {
    const { core } = await started(
      fakeCore(() => new Promise(() => {})),
      { closeTimeoutMs: 5 },
    );
    electron.app.emit('will-quit', { preventDefault: vi.fn() });
    await vi.waitFor(() => expect(electron.app.quit).toHaveBeenCalledOnce());
    expect(core.close).toHaveBeenCalledOnce();
  });
});

describe('resolveAppPaths', () => {
  it('finds the renderer and the preload beside the main bundle', () => {
    const mainDir = path.join('/opt', 'Bastide', 'resources', 'app.asar', 'out', 'main');
    expect(resolveAppPaths(mainDir)).toEqual({
      rendererDir: path.join('/opt', 'Bastide', 'resources', 'app.asar', 'out', 'renderer'),
      preloadPath: path.join('/opt', 'Bastide', 'resources', 'app.asar', 'out', 'preload', 'index.cjs'),
    });
  });
});
