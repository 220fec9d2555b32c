// The sandboxed preload: `window.bastide`, built from the contract over Electron IPC, and nothing else.
// ipcRenderer and IPC event objects never cross the bridge.
import { contextBridge, ipcRenderer, type IpcRenderer, type IpcRendererEvent } from 'electron';
import { createBastideApi, type Transport } from './api';
import type { Envelope } from './contract';

export function ipcTransport(renderer: Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener'>): Transport {
  return {
    async invoke(channel, request) {
      try {
        return (await renderer.invoke(channel, request)) as Envelope<unknown>;
      } catch {
        // The router answers with envelopes; a rejection means no handler (yet) or a broken main process.
        return { ok: false, error: { code: 'internal' } };
      }
    },
    listen(event, listener) {
      const wrapper = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
      renderer.on(event, wrapper);
      return () => {
        renderer.removeListener(event, wrapper);
      };
    },
  };
}

contextBridge.exposeInMainWorld('bastide', createBastideApi(ipcTransport(ipcRenderer)));
