import { beforeEach, describe, expect, it, vi } from 'vitest';

const electron = vi.hoisted(() => {
  type Listener = (...args: never[]) => unknown;
  class Emitter {
    readonly listeners = new Map<string, Listener[]>();
    on(name: string, listener: Listener) {
      this.listeners.set(name, [...(this.listeners.get(name) ?? []), listener]);
      return this;
    }
    emit(name: string, ...args: unknown[]) {
      return (this.listeners.get(name) ?? []).map((listener) => (listener as (...a: unknown[]) => unknown)(...args));
    }
  }
  class FakeSession {
    cookieJar: Array<{ name: string; value: string }> = [];
    readonly cookies = Object.assign(new Emitter(), { get: vi.fn(async () => this.cookieJar) });
    readonly setPermissionRequestHandler = vi.fn();
    readonly clearStorageData = vi.fn(async () => {});
  }
  class FakeContents extends Emitter {
    url = '';
    constructor(readonly session: FakeSession) {
      super();
    }
    readonly setWindowOpenHandler = vi.fn();
    getURL = () => this.url;
    isDestroyed = () => false;
  }
  class FakeWindow extends Emitter {
    static last: FakeWindow;
    readonly webContents: FakeContents;
    destroyed = false;
    readonly loadURL = vi.fn(async () => {});
    constructor(readonly options: { webPreferences: { partition: string } }) {
      super();
      this.webContents = new FakeContents(sessions.get(options.webPreferences.partition)!);
      FakeWindow.last = this;
    }
    isDestroyed = () => this.destroyed;
    destroy = () => {
      this.destroyed = true;
    };
  }
  const sessions = new Map<string, FakeSession>();
  const session = {
    fromPartition: (name: string) => {
      const created = new FakeSession();
      sessions.set(name, created);
      return created;
    },
  };
  return { BrowserWindow: FakeWindow, session };
});
vi.mock('electron', () => electron);

import { ssoFlow } from '../core/accounts/sso';
import { createSsoWindowBrowser, isSsoWindowContents } from './sso-window';

const flow = ssoFlow({
  server: 'https://collab.region.test',
  start: '/portal/login',
  landed: (path) => path.startsWith('/portal/dw'),
  required: ['JSESSIONID'],
});

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

beforeEach(() => vi.clearAllMocks());

describe('the sign-in window', () => {
  it('opens the server login page in a sandboxed private session and hands back the cookies at the end', async () => {
    const running = createSsoWindowBrowser().run(flow);
    const window = electron.BrowserWindow.last;
    expect(window.options.webPreferences).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
    });
    expect(window.options.webPreferences.partition).not.toMatch(/^persist:/);
    expect(window.loadURL).toHaveBeenCalledWith('https://collab.region.test/portal/login');
    expect(isSsoWindowContents(window.webContents as never)).toBe(true);

    const contents = window.webContents;
    contents.url = 'https://idp.region.test/login';
    contents.emit('did-navigate');
    await settle();
    expect(window.destroyed).toBe(false);

    contents.session.cookieJar = [{ name: 'JSESSIONID', value: 'j1' }];
    contents.url = 'https://collab.region.test/portal/dw';
    contents.emit('did-navigate');
    await expect(running).resolves.toEqual({ JSESSIONID: 'j1' });
    expect(window.destroyed).toBe(true);
    expect(contents.session.clearStorageData).toHaveBeenCalled();
  });

  it('keeps the window on https (and loopback http) pages and opens no other window', async () => {
    void createSsoWindowBrowser()
      .run(flow)
      .catch(() => {});
    const contents = electron.BrowserWindow.last.webContents;
    const navigate = (url: string) => {
      const event = { url, preventDefault: vi.fn() };
      contents.emit('will-navigate', event);
      return event.preventDefault.mock.calls.length > 0;
    };
    expect(navigate('https://idp.region.test/saml')).toBe(false);
    expect(navigate('file:///etc/passwd')).toBe(true);
    expect(navigate('http://idp.region.test/')).toBe(true);
    expect(contents.setWindowOpenHandler.mock.calls[0]![0]()).toEqual({ action: 'deny' });
    electron.BrowserWindow.last.emit('closed');
  });

  it('cancels when the user closes the window', async () => {
    const running = createSsoWindowBrowser().run(flow);
    electron.BrowserWindow.last.emit('closed');
    await expect(running).rejects.toMatchObject({ code: 'auth.ssoCancelled' });
  });
});
