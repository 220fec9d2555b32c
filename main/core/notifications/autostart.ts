// Starting with the session on Linux: an XDG autostart entry (~/.config/autostart/<id>.desktop), which every
// desktop environment reads at login. Windows uses app.setLoginItemSettings (main/electron/tray.ts).
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';

export const AUTOSTART_FILE = 'fr.bastide.desktop.desktop';

export interface AutostartTarget {
  /** The program the session starts (the AppImage itself when running from one). */
  exec: string;
  /** $XDG_CONFIG_HOME, else ~/.config. */
  configHome?: string;
}

export function autostartPath(configHome?: string): string {
  const base = configHome && isAbsolute(configHome) ? configHome : join(homedir(), '.config');
  return join(base, 'autostart', AUTOSTART_FILE);
}

/** The entry's text. `Exec` is quoted as the Desktop Entry specification asks (and its backslashes doubled). */
export function autostartEntry(exec: string): string {
  if (/[\r\n\0]/.test(exec)) throw new Error('invalid executable path');
  const quoted = /[\s"'\\><~|&;$*?#()`]/.test(exec) ? `"${exec.replace(/(["`$\\])/g, '\\$1')}"` : exec;
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Bastide',
    `Exec=${quoted.replace(/\\/g, '\\\\')}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

/** Writes or removes the entry; idempotent. */
export async function setLinuxAutostart(enabled: boolean, target: AutostartTarget): Promise<void> {
  const path = autostartPath(target.configHome);
  if (!enabled) {
    await rm(path, { force: true });
    return;
  }
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, autostartEntry(target.exec), { mode: 0o644 });
}

/** How this installation starts with the session, if it can: a development build never registers itself. */
export function autostartMethod(platform: string, packaged: boolean): 'login-item' | 'xdg' | null {
  if (!packaged) return null;
  if (platform === 'win32' || platform === 'darwin') return 'login-item';
  return platform === 'linux' ? 'xdg' : null;
}
