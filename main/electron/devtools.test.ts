import type { MenuItemConstructorOptions, WebContents } from 'electron';
import { describe, expect, it, vi } from 'vitest';

const electron = vi.hoisted(() => ({
  Menu: { buildFromTemplate: vi.fn((template: unknown) => ({ template })), setApplicationMenu: vi.fn() },
}));
vi.mock('electron', () => electron);

import { applyDevToolsMenu, lockDevTools, lockedMenuTemplate } from './devtools';

const roles = (items: readonly MenuItemConstructorOptions[]): string[] =>
  items.flatMap((item) => [
    ...(item.role ? [item.role] : []),
    ...(Array.isArray(item.submenu) ? roles(item.submenu) : []),
  ]);

describe('DisableDevTools', () => {
  it('leaves no reload and no developer tools in the menu, on every platform', () => {
    for (const platform of ['win32', 'linux', 'darwin']) {
      const found = roles(lockedMenuTemplate(platform));
      expect(found).not.toContain('reload');
      expect(found).not.toContain('forceReload');
      expect(found).not.toContain('toggleDevTools');
      // Zoom stays: it is how many users read.
      expect(found).toEqual(expect.arrayContaining(['editMenu', 'viewMenu', 'zoomIn', 'zoomOut', 'resetZoom']));
    }
  });

  it('replaces the application menu only when the policy says so', () => {
    applyDevToolsMenu(false, 'linux');
    expect(electron.Menu.setApplicationMenu).not.toHaveBeenCalled();
    applyDevToolsMenu(true, 'linux');
    expect(electron.Menu.setApplicationMenu).toHaveBeenCalledExactlyOnceWith({
      template: lockedMenuTemplate('linux'),
    });
  });

  it('closes developer tools opened on a web contents', () => {
    const listeners = new Map<string, () => void>();
    const contents = {
      on: vi.fn((name: string, listener: () => void) => listeners.set(name, listener)),
      closeDevTools: vi.fn(),
    };
    lockDevTools(contents as unknown as WebContents);
    listeners.get('devtools-opened')!();
    expect(contents.closeDevTools).toHaveBeenCalledOnce();
  });
});
