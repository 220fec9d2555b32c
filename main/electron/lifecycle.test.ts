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
    readonly hide = vi.fn();
    readonly setOverlayIcon = vi.fn();
    readonly setBackgroundColor = vi.fn();
    readonly webContents = { send: vi.fn(), isDestroyed: () => false, getURL: () => 'app://bastide/index.html' };
    constructor(readonly options: { webPreferences?: Record<string, unknown> }) {
      super();
      FakeWindow.instances.push(this);
    }
  }

  class FakeTray extends Emitter {
    static instances: FakeTray[] = [];
    readonly setToolTip = vi.fn();
    readonly setImage = vi.fn();
    readonly setTitle = vi.fn();
    readonly setContextMenu = vi.fn();
    readonly isDestroyed = vi.fn(() => false);
    readonly destroy = vi.fn();
    constructor(readonly image: unknown) {
      super();
      FakeTray.instances.push(this);
    }
  }

  class FakeNotification extends Emitter {
    static instances: FakeNotification[] = [];
    static isSupported = () => true;
    readonly show = vi.fn();
    constructor(readonly options: { title: string; body: string }) {
      super();
      FakeNotification.instances.push(this);
    }
  }

  const app = Object.assign(new Emitter(), {
    isPackaged: false,
    getName: () => 'Bastide',
    setAppUserModelId: vi.fn(),
    setBadgeCount: vi.fn(),
    setLoginItemSettings: vi.fn(),
    isDefaultProtocolClient: vi.fn(() => false),
    setAsDefaultProtocolClient: vi.fn(() => true),
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
    Tray: FakeTray,
    Notification: FakeNotification,
    nativeImage: { createFromBitmap: vi.fn((data: Buffer) => ({ data })) },
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

const desktopSettings = {
  notifyMail: true,
  notifyChat: true,
  notifyActivity: true,
  doNotDisturb: false,
  closeToTray: false,
  startWithSession: false,
};

/** What the tray and the desktop integration ask of the core. */
async function answer(channel: string): Promise<unknown> {
  if (channel === 'desktop:settings') return desktopSettings;
  if (channel === 'settings:get') return { language: 'fr' };
  if (channel === 'presence:get') return 'available';
  return undefined;
}

function fakeCore(close: () => Promise<void> = async () => {}) {
  return { handle: vi.fn(answer), subscribe: vi.fn(() => () => {}), close: vi.fn(close) } satisfies Record<
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
  electron.Tray.instances.length = 0;
  electron.Notification.instances.length = 0;
  electron.app.isPackaged = false;
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
    expect(createCore).toHaveBeenCalledExactlyOnceWith(expect.objectContaining({ profileDir: '/profiles/userData' }));
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
    expect(createCore).toHaveBeenCalledExactlyOnceWith({
      profileDir: '/profiles/userData',
      policy,
      notifier: expect.any(Object),
      launches: expect.any(Object),
    });
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

describe('desktop integration', () => {
  type Given = {
    launches: { take(): unknown[] };
    notifier: { show(n: unknown): void; setBadge(count: number): void };
  };
  const given = (createCore: { mock: { calls: unknown[][] } }) => createCore.mock.calls[0]![0] as Given;

  it('queues the link of a second launch, and of macOS open-url, for the window', async () => {
    const { createCore, window } = await started();
    electron.app.emit('second-instance', {}, ['/opt/bastide/bastide', '--flag', 'mailto:bob@example.test?subject=Hi']);
    const openUrl = { preventDefault: vi.fn() };
    electron.app.emit('open-url', openUrl, 'bastide://mail/m1');
    electron.app.emit('open-url', { preventDefault: vi.fn() }, 'bastide://nowhere/1');
    expect(openUrl.preventDefault).toHaveBeenCalledOnce();
    expect(window.focus).toHaveBeenCalledTimes(2);
    expect(given(createCore).launches.take()).toEqual([
      { kind: 'compose', compose: { to: ['bob@example.test'], cc: [], bcc: [], subject: 'Hi', body: '' } },
      { kind: 'link', link: { app: 'mail', id: 'm1' } },
    ]);
  });

  it("queues the link of the first launch's own arguments, before the core exists, and ignores other arguments", async () => {
    const argv = process.argv;
    process.argv = ['/opt/bastide/bastide', '--no-sandbox', 'bastide://chat/c1/m1'];
    try {
      const { createCore } = await started();
      expect(given(createCore).launches.take()).toEqual([
        { kind: 'link', link: { app: 'chat', id: 'm1', parentId: 'c1' } },
      ]);
      // The second instance's arguments go to the same inbox, the core's.
      electron.app.emit('second-instance', {}, ['/opt/bastide/bastide', '--hidden', '/home/agent/notes.txt']);
      electron.app.emit('second-instance', {}, ['/opt/bastide/bastide', 'MAILTO:carol@example.test']);
      expect(given(createCore).launches.take()).toEqual([
        { kind: 'compose', compose: { to: ['carol@example.test'], cc: [], bcc: [], subject: '', body: '' } },
      ]);
    } finally {
      process.argv = argv;
    }
  });

  it('a first launch without a link queues nothing', async () => {
    const argv = process.argv;
    process.argv = ['/opt/bastide/bastide', '--enable-logging'];
    try {
      const { createCore } = await started();
      expect(given(createCore).launches.take()).toEqual([]);
    } finally {
      process.argv = argv;
    }
  });

  it('shows notifications; a click reveals the window and opens the target', async () => {
    const { createCore, window } = await started();
    window.isVisible.mockReturnValue(false);
    given(createCore).notifier.show({
      id: 'chat:1',
      app: 'chat',
      title: 'Bob Lefèvre',
      body: 'Salut',
      target: 'bastide://chat/c1/m1',
    });
    const notification = electron.Notification.instances[0]!;
    expect(notification.options).toEqual({ title: 'Bob Lefèvre', body: 'Salut' });
    expect(notification.show).toHaveBeenCalledOnce();
    notification.emit('click');
    expect(window.show).toHaveBeenCalledOnce();
    expect(given(createCore).launches.take()).toEqual([
      { kind: 'link', link: { app: 'chat', id: 'm1', parentId: 'c1' } },
    ]);
  });

  it('puts a tray up whose tooltip and image follow the unread count', async () => {
    const { createCore } = await started();
    await flush();
    const tray = electron.Tray.instances[0]!;
    expect(tray.setContextMenu).toHaveBeenCalled();
    given(createCore).notifier.setBadge(3);
    expect(tray.setToolTip).toHaveBeenLastCalledWith('Bastide — 3 éléments non lus');
    expect(electron.app.setBadgeCount).toHaveBeenLastCalledWith(3);
    const labels = (electron.Menu.buildFromTemplate.mock.calls.at(-1) as unknown as [{ label?: string }[]])[0].map(
      (item) => item.label,
    );
    expect(labels).toEqual(['Ouvrir Bastide', 'Statut', undefined, 'Quitter']);
  });

  it('sets the status and quits from the tray menu', async () => {
    const { core } = await started();
    await flush();
    type Item = { label?: string; click?: () => void; submenu?: Item[] };
    const menu = (electron.Menu.buildFromTemplate.mock.calls.at(-1) as unknown as [Item[]])[0];
    const status = menu.find((item) => item.label === 'Statut')!.submenu!;
    expect(status.map((item) => item.label)).toEqual([
      'Disponible',
      'Occupé',
      'Ne pas déranger',
      'Absent',
      'Hors ligne',
    ]);
    status.find((item) => item.label === 'Ne pas déranger')!.click!();
    expect(core.handle).toHaveBeenCalledWith('presence:set', { status: 'dnd' });
    menu.find((item) => item.label === 'Quitter')!.click!();
    expect(electron.app.quit).toHaveBeenCalledOnce();
  });

  it('hides the window in the tray on close when the setting says so, and really closes when quitting', async () => {
    desktopSettings.closeToTray = true;
    try {
      const { window } = await started();
      await flush();
      const close = { preventDefault: vi.fn() };
      window.emit('close', close);
      expect(close.preventDefault).toHaveBeenCalledOnce();
      expect(window.hide).toHaveBeenCalledOnce();
      electron.app.emit('before-quit');
      const quitClose = { preventDefault: vi.fn() };
      window.emit('close', quitClose);
      expect(quitClose.preventDefault).not.toHaveBeenCalled();
    } finally {
      desktopSettings.closeToTray = false;
    }
  });

  it('lets the window close without the setting', async () => {
    const { window } = await started();
    await flush();
    const close = { preventDefault: vi.fn() };
    window.emit('close', close);
    expect(close.preventDefault).not.toHaveBeenCalled();
  });

  it('starts with the Windows session through the login item, when packaged', async () => {
    Object.defineProperty(process, 'platform', { value: 'win32' });
    electron.app.isPackaged = true;
    desktopSettings.startWithSession = true;
    try {
      await started();
      await flush();
      expect(electron.app.setAppUserModelId).toHaveBeenCalledWith('fr.bastide.desktop');
      expect(electron.app.setLoginItemSettings).toHaveBeenCalledWith({ openAtLogin: true });
    } finally {
      desktopSettings.startWithSession = false;
    }
  });

  it('never registers login items in a development build', async () => {
    desktopSettings.startWithSession = true;
    try {
      await started();
      await flush();
      expect(electron.app.setLoginItemSettings).not.toHaveBeenCalled();
    } finally {
      desktopSettings.startWithSession = false;
    }
  });
});
