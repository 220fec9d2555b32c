import type { IpcMainInvokeEvent } from 'electron';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { channelNames, type Envelope } from '../../preload/contract';
import { CoreError } from '../core/errors';
import type { CoreEventListener, CoreService } from '../core/service';

vi.mock('electron', () => ({}));

import { checkSender, registerIpcRouter, type EventTarget } from './ipc-router';

type Handler = (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<Envelope<unknown>>;

interface FakeFrame {
  url: string;
  parent: FakeFrame | null;
}

const frame = (url: string, parent: FakeFrame | null = null): FakeFrame => ({ url, parent });
const invokeEvent = (senderFrame: FakeFrame | null, mainFrame: FakeFrame | null = senderFrame) =>
  ({ senderFrame, sender: { mainFrame } }) as unknown as IpcMainInvokeEvent;

const appMain = frame('app://bastide/index.html');

function setUp() {
  const handlers = new Map<string, Handler>();
  const ipcMain = {
    handle: vi.fn((channel: string, handler: Handler) => void handlers.set(channel, handler)),
    removeHandler: vi.fn((channel: string) => void handlers.delete(channel)),
  };
  let listener: CoreEventListener | null = null;
  const core = {
    handle: vi.fn(async (channel: string, request: unknown): Promise<unknown> => ({ channel, request })),
    subscribe: vi.fn((next: CoreEventListener) => {
      listener = next;
      return () => {
        listener = null;
      };
    }),
    close: vi.fn(async () => {}),
  };
  const target = (url: string, destroyed = false) => ({
    send: vi.fn(),
    isDestroyed: vi.fn(() => destroyed),
    getURL: vi.fn(() => url),
  });
  const targets: ReturnType<typeof target>[] = [];
  const router = registerIpcRouter({
    ipcMain: ipcMain as never,
    core: core as unknown as CoreService,
    appOrigin: 'app://bastide',
    eventTargets: () => targets as unknown as EventTarget[],
  });
  return {
    ipcMain,
    core,
    router,
    handlers,
    targets,
    target,
    emit: (event: string, payload: unknown) => (listener as ((e: string, p: unknown) => void) | null)?.(event, payload),
    call(channel: string, event: IpcMainInvokeEvent, payload?: unknown) {
      const handler = handlers.get(channel);
      if (!handler) throw new Error(`no handler for ${channel}`);
      return handler(event, payload);
    },
  };
}

beforeEach(() => {
  vi.spyOn(console, 'warn').mockImplementation(() => {});
  vi.spyOn(console, 'error').mockImplementation(() => {});
});

describe('checkSender', () => {
  it.each([
    ['the app main frame', invokeEvent(appMain), 'ok'],
    ['no frame', invokeEvent(null, appMain), 'no-frame'],
    ['a subframe of the app', invokeEvent(frame('app://bastide/frame.html', appMain), appMain), 'subframe'],
    ['a top frame that is not the main frame', invokeEvent(frame('app://bastide/index.html'), appMain), 'subframe'],
    ['a foreign web origin', invokeEvent(frame('https://evil.example/index.html')), 'foreign-origin'],
    ['another app host', invokeEvent(frame('app://evil/index.html')), 'foreign-origin'],
    ['a file: page', invokeEvent(frame('file:///tmp/index.html')), 'foreign-origin'],
    ['an opaque about:blank', invokeEvent(frame('about:blank')), 'foreign-origin'],
  ])('%s → %s', (_label, event, verdict) => {
    expect(checkSender(event, 'app://bastide')).toBe(verdict);
  });
});

describe('registerIpcRouter', () => {
  it('registers exactly the contract channels', () => {
    const { handlers } = setUp();
    expect([...handlers.keys()].sort()).toEqual([...channelNames].sort());
  });

  it('leaves channels outside the contract without a handler', () => {
    const { handlers } = setUp();
    expect(handlers.has('evil:run')).toBe(false);
    expect(handlers.has('__proto__')).toBe(false);
  });

  it('dispatches a valid request from the app main frame to the core', async () => {
    const { call, core } = setUp();
    const envelope = await call('mail:list', invokeEvent(appMain), { folderId: 'acc:INBOX' });
    expect(core.handle).toHaveBeenCalledExactlyOnceWith('mail:list', { folderId: 'acc:INBOX', offset: 0, limit: 100 });
    expect(envelope).toEqual({
      ok: true,
      value: { channel: 'mail:list', request: { folderId: 'acc:INBOX', offset: 0, limit: 100 } },
    });
  });

  it('accepts a request with no payload on a channel that takes none', async () => {
    const { call, core } = setUp();
    core.handle.mockResolvedValueOnce({ name: 'Bastide' });
    await expect(call('app:info', invokeEvent(appMain))).resolves.toEqual({ ok: true, value: { name: 'Bastide' } });
  });

  it.each([
    ['a subframe', invokeEvent(frame('app://bastide/index.html', appMain), appMain)],
    ['a foreign origin', invokeEvent(frame('https://evil.example/'))],
    ['app://evil', invokeEvent(frame('app://evil/index.html'))],
    ['a missing senderFrame', invokeEvent(null, appMain)],
  ])('refuses %s without reaching the core', async (_label, event) => {
    const { call, core } = setUp();
    const envelope = await call('accounts:list', event, {});
    expect(envelope).toEqual({ ok: false, error: { code: 'ipc.forbiddenSender' } });
    expect(core.handle).not.toHaveBeenCalled();
    expect(console.warn).toHaveBeenCalled();
  });

  it('logs a refused sender without its path or query', async () => {
    const { call } = setUp();
    await call('accounts:list', invokeEvent(frame('https://evil.example/steal?token=s3cr3t')), {});
    const logged = vi.mocked(console.warn).mock.calls.flat().join(' ');
    expect(logged).toContain('https://evil.example');
    expect(logged).not.toContain('s3cr3t');
  });

  it.each([
    ['presence:set', { status: 'sleeping' }, 'status'],
    ['mail:get', {}, 'id'],
    ['mail:list', { folderId: 'a:1', limit: 10_000 }, 'limit'],
    ['app:info', { extra: true }, ''],
    ['mail:get', 'not an object', ''],
  ])('refuses an invalid %s payload against its schema', async (channel, payload, field) => {
    const { call, core } = setUp();
    const envelope = await call(channel, invokeEvent(appMain), payload);
    expect(envelope).toMatchObject({ ok: false, error: { code: 'ipc.invalidRequest', params: { channel, field } } });
    expect(core.handle).not.toHaveBeenCalled();
  });

  it('returns core errors as data', async () => {
    const { call, core } = setUp();
    core.handle.mockRejectedValueOnce(new CoreError('mail.notFound', { id: 'a:1' }));
    await expect(call('mail:get', invokeEvent(appMain), { id: 'a:1' })).resolves.toEqual({
      ok: false,
      error: { code: 'mail.notFound', params: { id: 'a:1' } },
    });
  });

  it('forwards contract events to app pages only', () => {
    const setup = setUp();
    const app = setup.target('app://bastide/index.html');
    const foreign = setup.target('https://evil.example/');
    const destroyed = setup.target('app://bastide/index.html', true);
    setup.targets.push(app, foreign, destroyed);

    setup.emit('mail:changed', { folderIds: ['a:INBOX'] });
    expect(app.send).toHaveBeenCalledExactlyOnceWith('mail:changed', { folderIds: ['a:INBOX'] });
    expect(foreign.send).not.toHaveBeenCalled();
    expect(destroyed.send).not.toHaveBeenCalled();
  });

  it('drops events outside the contract', () => {
    const setup = setUp();
    const app = setup.target('app://bastide/index.html');
    setup.targets.push(app);
    setup.emit('secrets:dump', { password: 'x' });
    expect(app.send).not.toHaveBeenCalled();
  });

  it('removes its handlers and its subscription when disposed', () => {
    const setup = setUp();
    const app = setup.target('app://bastide/index.html');
    setup.targets.push(app);
    setup.router.dispose();
    expect(setup.handlers.size).toBe(0);
    expect(setup.ipcMain.removeHandler).toHaveBeenCalledTimes(channelNames.length);
    setup.emit('mail:changed', { folderIds: [] });
    expect(app.send).not.toHaveBeenCalled();
  });
});
