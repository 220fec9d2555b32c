// The tray icon (menu: open, status, quit; unread count in its tooltip and image), the Windows taskbar overlay,
// and the session start. What to show is decided in main/core/notifications/tray-model.ts.
import { app, Menu, nativeImage, Tray, type BrowserWindow, type MenuItemConstructorOptions } from 'electron';
import type { DesktopSettings, Language, PresenceStatus } from '../core/model';
import { autostartMethod, setLinuxAutostart } from '../core/notifications/autostart';
import {
  badgeText,
  overlayBitmap,
  trayBitmap,
  trayMenu,
  trayTooltip,
  type Bitmap,
  type TrayMenuItem,
} from '../core/notifications/tray-model';
import type { CoreService } from '../core/service';

export interface AppTrayOptions {
  core: CoreService;
  /** Shows the main window (creating it if it was closed). */
  reveal(): void;
  quit(): void;
  mainWindow(): BrowserWindow | null;
}

export interface AppTray {
  setUnread(count: number): void;
  /** Reads the language and presence again (the menu follows them). */
  refresh(): Promise<void>;
  destroy(): void;
}

const imageOf = (bitmap: Bitmap) =>
  nativeImage.createFromBitmap(bitmap.data, { width: bitmap.width, height: bitmap.height });

export function createAppTray(options: AppTrayOptions): AppTray {
  const size = process.platform === 'win32' ? 16 : 22;
  const images = { plain: imageOf(trayBitmap(size, false)), badged: imageOf(trayBitmap(size, true)) };
  const overlay = imageOf(overlayBitmap(16));
  const tray = new Tray(images.plain);
  let language: Language = 'fr';
  let presence: PresenceStatus = 'available';
  let unread = 0;

  const menuItem = (item: TrayMenuItem): MenuItemConstructorOptions => {
    switch (item.kind) {
      case 'open':
        return { label: item.label, click: () => options.reveal() };
      case 'status':
        return {
          label: item.label,
          submenu: item.choices.map((choice) => ({
            label: choice.label,
            type: 'radio',
            checked: choice.checked,
            click: () => void options.core.handle('presence:set', { status: choice.status }).catch(() => undefined),
          })),
        };
      case 'quit':
        return { label: item.label, click: () => options.quit() };
      case 'separator':
        return { type: 'separator' };
    }
  };

  const render = () => {
    tray.setToolTip(trayTooltip(language, unread));
    tray.setImage(unread > 0 ? images.badged : images.plain);
    tray.setContextMenu(Menu.buildFromTemplate(trayMenu(language, presence).map(menuItem)));
    const window = options.mainWindow();
    if (process.platform === 'win32' && window && !window.isDestroyed())
      window.setOverlayIcon(unread > 0 ? overlay : null, unread > 0 ? trayTooltip(language, unread) : '');
    // The launcher count where the desktop shows one (Unity, KDE with libunity, macOS dock).
    app.setBadgeCount(unread);
    if (process.platform === 'darwin') tray.setTitle(badgeText(unread));
  };

  tray.on('click', () => options.reveal());

  const refresh = async () => {
    try {
      language = (await options.core.handle('settings:get', {})).language;
      presence = await options.core.handle('presence:get', {});
    } catch {
      // The core is closing: keep what is shown.
    }
    if (!tray.isDestroyed()) render();
  };

  const unsubscribe = options.core.subscribe((event) => {
    if (event === 'presence:changed' || event === 'settings:changed') void refresh();
  });
  render();
  void refresh();

  return {
    setUnread(count) {
      unread = count;
      if (!tray.isDestroyed()) render();
    },
    refresh,
    destroy() {
      unsubscribe();
      if (!tray.isDestroyed()) tray.destroy();
    },
  };
}

/** Starts (or stops starting) Bastide with the session, as the setting says. */
export async function applyStartWithSession(settings: Pick<DesktopSettings, 'startWithSession'>): Promise<void> {
  const method = autostartMethod(process.platform, app.isPackaged);
  if (method === 'login-item') app.setLoginItemSettings({ openAtLogin: settings.startWithSession });
  else if (method === 'xdg')
    await setLinuxAutostart(settings.startWithSession, {
      // From an AppImage, the image itself (its mount point changes at every run).
      exec: process.env.APPIMAGE || process.execPath,
      configHome: process.env.XDG_CONFIG_HOME,
    });
}
