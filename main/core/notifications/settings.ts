// The desktop behaviour the user chooses: which apps may notify, do-not-disturb, the tray and the session
// start. Kept in the settings table under one key; a value that no longer parses falls back to the defaults.
import { z } from 'zod';
import type { SettingsRepository } from '../../store/repositories/settings';
import type { DesktopSettings } from '../model';
import { readPresence } from '../settings';

const KEY = 'desktop';

export const defaultDesktopSettings: DesktopSettings = {
  notifyMail: true,
  notifyChat: true,
  notifyActivity: true,
  doNotDisturb: false,
  closeToTray: false,
  startWithSession: false,
};

const stored = z.object(
  Object.fromEntries(
    Object.entries(defaultDesktopSettings).map(([key, fallback]) => [key, z.boolean().catch(fallback)]),
  ) as { [K in keyof DesktopSettings]: z.ZodCatch<z.ZodBoolean> },
);

export function readDesktopSettings(repository: SettingsRepository): DesktopSettings {
  const value = repository.get(KEY);
  const parsed = stored.safeParse(typeof value === 'object' && value !== null ? value : {});
  return parsed.success ? parsed.data : { ...defaultDesktopSettings };
}

export function writeDesktopSettings(repository: SettingsRepository, patch: Partial<DesktopSettings>): DesktopSettings {
  const next = { ...readDesktopSettings(repository) };
  for (const key of Object.keys(defaultDesktopSettings) as (keyof DesktopSettings)[]) {
    if (typeof patch[key] === 'boolean') next[key] = patch[key];
  }
  repository.set(KEY, next);
  return next;
}

/** Quiet: the user's do-not-disturb, or a "do not disturb" presence (set here or on another device). */
export function isDoNotDisturb(repository: SettingsRepository): boolean {
  return readDesktopSettings(repository).doNotDisturb || readPresence(repository) === 'dnd';
}
