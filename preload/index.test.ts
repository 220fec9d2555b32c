import { beforeEach, describe, expect, it, vi } from 'vitest';
import { errorInfoOf, type BastideApi } from './contract';

const electron = vi.hoisted(() => {
  type Wrapper = (event: unknown, payload: unknown) => void;
  const listeners = new Map<string, Set<Wrapper>>();
  return {
    contextBridge: { exposeInMainWorld: vi.fn() },
    ipcRenderer: {
      invoke: vi.fn(async (..._args: unknown[]): Promise<unknown> => ({ ok: true, value: null })),
      on: vi.fn((channel: string, wrapper: Wrapper) => {
        listeners.set(channel, (listeners.get(channel) ?? new Set()).add(wrapper));
      }),
      removeListener: vi.fn((channel: string, wrapper: Wrapper) => {
        listeners.get(channel)?.delete(wrapper);
      }),
      emit(channel: string, payload: unknown) {
        for (const wrapper of listeners.get(channel) ?? []) wrapper({ sender: 'ipc-event', ports: [] }, payload);
      },
      listeners,
    },
  };
});
vi.mock('electron', () => electron);

await import('./index');
const exposed = electron.contextBridge.exposeInMainWorld.mock.calls;
const api = exposed[0]![1] as BastideApi;

beforeEach(() => {
  electron.ipcRenderer.invoke.mockReset().mockResolvedValue({ ok: true, value: null });
  electron.ipcRenderer.on.mockClear();
  electron.ipcRenderer.removeListener.mockClear();
  electron.ipcRenderer.listeners.clear();
});

describe('preload', () => {
  it('exposes exactly one key, bastide, with invoke and on only', () => {
    expect(exposed).toHaveLength(1);
    expect(exposed[0]![0]).toBe('bastide');
    expect(Object.keys(api).sort()).toEqual(['invoke', 'on']);
    for (const value of Object.values(api)) {
      expect(typeof value).toBe('function');
      expect(value).not.toBe(electron.ipcRenderer);
    }
  });

  it('invokes the channel and unwraps a successful envelope', async () => {
    electron.ipcRenderer.invoke.mockResolvedValueOnce({ ok: true, value: ['a:INBOX'] });
    await expect(api.invoke('mail:folders', { accountId: 'a' })).resolves.toEqual(['a:INBOX']);
    expect(electron.ipcRenderer.invoke).toHaveBeenCalledExactlyOnceWith('mail:folders', { accountId: 'a' });
  });

  it('sends an empty object when the request is left out', async () => {
    await api.invoke('accounts:list');
    expect(electron.ipcRenderer.invoke).toHaveBeenCalledExactlyOnceWith('accounts:list', {});
  });

  it('throws the error code of a failed envelope', async () => {
    electron.ipcRenderer.invoke.mockResolvedValueOnce({
      ok: false,
      error: { code: 'mail.notFound', params: { id: 'x' } },
    });
    const failure = api.invoke('mail:get', { id: 'x' });
    await expect(failure).rejects.toMatchObject({
      name: 'BastideRequestError',
      info: { code: 'mail.notFound', params: { id: 'x' } },
    });
    // Electron's context bridge keeps only the message: the code and params must survive in it alone.
    const message: unknown = await failure.catch((error: Error) => error.message);
    expect(errorInfoOf(new Error(String(message)))).toEqual({ code: 'mail.notFound', params: { id: 'x' } });
  });

  it('turns a rejected IPC call into an error code', async () => {
    electron.ipcRenderer.invoke.mockRejectedValueOnce(new Error("No handler registered for 'app:info'"));
    await expect(api.invoke('app:info')).rejects.toMatchObject({ info: { code: 'internal' } });
  });

  it('refuses an unknown channel without calling ipcRenderer', async () => {
    const invoke = api.invoke as (channel: string, request?: unknown) => Promise<unknown>;
    await expect(invoke('evil:run', {})).rejects.toMatchObject({ info: { code: 'ipc.unknownChannel' } });
    await expect(invoke('__proto__')).rejects.toMatchObject({ info: { code: 'ipc.unknownChannel' } });
    expect(electron.ipcRenderer.invoke).not.toHaveBeenCalled();
  });

  it('refuses an unknown event without listening', () => {
    const on = api.on as (event: string, listener: (payload: unknown) => void) => () => void;
    expect(() => on('ipc-internal', () => {})).toThrow();
    expect(electron.ipcRenderer.on).not.toHaveBeenCalled();
  });

  it('passes the payload, never the IPC event, and unsubscribes exactly its own listener', () => {
    const first = vi.fn();
    const second = vi.fn();
    const unsubscribeFirst = api.on('mail:changed', first);
    api.on('mail:changed', second);

    electron.ipcRenderer.emit('mail:changed', { folderIds: ['a:INBOX'] });
    expect(first).toHaveBeenCalledExactlyOnceWith({ folderIds: ['a:INBOX'] });
    expect(second).toHaveBeenCalledExactlyOnceWith({ folderIds: ['a:INBOX'] });

    unsubscribeFirst();
    const [, removed] = electron.ipcRenderer.removeListener.mock.calls[0]!;
    expect(removed).toBe(electron.ipcRenderer.on.mock.calls[0]![1]);
    electron.ipcRenderer.emit('mail:changed', { folderIds: [] });
    expect(first).toHaveBeenCalledOnce();
    expect(second).toHaveBeenCalledTimes(2);
  });
});
