// DisableDevTools: no developer tools and no reload, from a menu or a shortcut. The main window is also created
// with `webPreferences.devTools: false`; this covers the menu and any other web contents (the SSO window).
import { Menu, type MenuItemConstructorOptions, type WebContents } from 'electron';

/** Electron's default menu minus Reload, Force Reload and Toggle Developer Tools (and their accelerators). */
export function lockedMenuTemplate(platform: string): MenuItemConstructorOptions[] {
  return [
    platform === 'darwin' ? { role: 'appMenu' } : { role: 'fileMenu' },
    { role: 'editMenu' },
    {
      role: 'viewMenu',
      submenu: [
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
  ];
}

export function applyDevToolsMenu(disabled: boolean, platform: string = process.platform): void {
  if (disabled) Menu.setApplicationMenu(Menu.buildFromTemplate(lockedMenuTemplate(platform)));
}

/** Closes developer tools as soon as anything opens them on `contents`. */
export function lockDevTools(contents: WebContents): void {
  contents.on('devtools-opened', () => contents.closeDevTools());
}
