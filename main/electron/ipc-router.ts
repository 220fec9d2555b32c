// Every contract channel as an `ipcMain.handle`, behind a sender check (VS Code's validatedIpcMain):
// only the app origin's main frame may call the core. Validation itself is `dispatch`'s job.
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { channelNames, isEventName, type Envelope } from '../../preload/contract';
import { dispatch } from '../core/dispatch';
import type { CoreService } from '../core/service';
import { APP_ORIGIN, describeUrlForLog, isAppUrl } from './app-origin';

export type SenderVerdict = 'ok' | 'no-frame' | 'subframe' | 'foreign-origin';

/** Why a sender may not call the core, or 'ok'. */
export function checkSender(event: IpcMainInvokeEvent, appOrigin: string = APP_ORIGIN): SenderVerdict {
  const frame = event.senderFrame;
  // Null once the frame has navigated away or been destroyed: the request's author is gone.
  if (!frame) return 'no-frame';
  if (frame.parent !== null || frame !== event.sender.mainFrame) return 'subframe';
  if (!isAppUrl(frame.url, appOrigin)) return 'foreign-origin';
  return 'ok';
}

export type EventTarget = Pick<WebContents, 'send' | 'isDestroyed' | 'getURL'>;

export interface IpcRouterOptions {
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>;
  core: CoreService;
  /** The webContents that receive core events (the main window's). */
  eventTargets: () => readonly EventTarget[];
  appOrigin?: string;
}

export interface IpcRouter {
  dispose(): void;
}

export function registerIpcRouter({
  ipcMain,
  core,
  eventTargets,
  appOrigin = APP_ORIGIN,
}: IpcRouterOptions): IpcRouter {
  for (const channel of channelNames) {
    ipcMain.handle(channel, async (event, payload: unknown): Promise<Envelope<unknown>> => {
      const verdict = checkSender(event, appOrigin);
      if (verdict !== 'ok') {
        const from = event.senderFrame ? describeUrlForLog(event.senderFrame.url) : 'no frame';
        console.warn(`[ipc] refused ${channel} (${verdict}) from ${from}`);
        return { ok: false, error: { code: 'ipc.forbiddenSender' } };
      }
      return dispatch(core, channel, payload);
    });
  }

  const unsubscribe = core.subscribe((event, payload) => {
    if (!isEventName(event)) return;
    for (const target of eventTargets()) {
      // Only a page of our own receives core data, even if a navigation slipped past the guard.
      if (!target.isDestroyed() && isAppUrl(target.getURL(), appOrigin)) target.send(event, payload);
    }
  });

  return {
    dispose() {
      unsubscribe();
      for (const channel of channelNames) ipcMain.removeHandler(channel);
    },
  };
}
