// The browser sign-in window (SSO): the account server's own login page in a sandboxed window with a private,
// in-memory session. It only reports where it is and the server's cookies; the flow (main/core/accounts/sso.ts)
// decides when the sign-in is over and what to keep. Closing the window cancels.
import { randomUUID } from 'node:crypto';
import { BrowserWindow, session, type Session, type WebContents } from 'electron';
import { isAllowedSsoNavigation, type SsoBrowser, type SsoFlow } from '../core/accounts/sso';
import { CoreError } from '../core/errors';

/** Sessions of sign-in windows: the app-wide URL guard must leave their contents to this module's guard. */
const ssoSessions = new WeakSet<Session>();

export function isSsoWindowContents(contents: WebContents): boolean {
  return ssoSessions.has(contents.session);
}

export function createSsoWindowBrowser(parent: () => BrowserWindow | null = () => null): SsoBrowser {
  return { run: (flow, signal) => runInWindow(flow, parent(), signal) };
}

function runInWindow(
  flow: SsoFlow,
  parent: BrowserWindow | null,
  signal?: AbortSignal,
): Promise<Record<string, string>> {
  // No `persist:` prefix: the partition lives in memory and goes with the window.
  const partition = `sso-${randomUUID()}`;
  const ses = session.fromPartition(partition);
  ssoSessions.add(ses);
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  const window = new BrowserWindow({
    width: 520,
    height: 720,
    parent: parent ?? undefined,
    modal: parent !== null,
    autoHideMenuBar: true,
    webPreferences: {
      partition,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
    },
  });
  const contents = window.webContents;

  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (outcome: { cookies: Record<string, string> } | { error: CoreError }) => {
      if (settled) return;
      settled = true;
      if (!window.isDestroyed()) window.destroy();
      void ses.clearStorageData().catch(() => {});
      if ('cookies' in outcome) resolve(outcome.cookies);
      else reject(outcome.error);
    };
    const inspect = async () => {
      if (settled || contents.isDestroyed()) return;
      const cookies = await ses.cookies.get({ url: flow.serverOrigin });
      const decision = flow.decide({
        url: contents.getURL(),
        cookies: Object.fromEntries(cookies.map((cookie) => [cookie.name, cookie.value])),
      });
      if (decision.done) finish({ cookies: decision.cookies });
    };
    const guard = (event: { url: string; preventDefault(): void }) => {
      if (!isAllowedSsoNavigation(event.url)) event.preventDefault();
    };

    contents.on('will-navigate', guard);
    contents.on('will-redirect', guard);
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    contents.on('did-navigate', () => void inspect());
    contents.on('did-navigate-in-page', () => void inspect());
    ses.cookies.on('changed', () => void inspect());
    window.on('closed', () => finish({ error: new CoreError('auth.ssoCancelled') }));
    signal?.addEventListener('abort', () => finish({ error: new CoreError('auth.ssoCancelled') }));
    // A page that fails to load shows its error in the window; the user closes it to give up.
    window.loadURL(flow.startUrl).catch(() => {});
  });
}
