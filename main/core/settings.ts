import { z } from 'zod';
import { presenceStatus } from '../../preload/contract';
import type { SettingsRepository } from '../store/repositories/settings';
import type { PresenceStatus, Settings } from './model';

export const defaultSettings: Settings = { language: 'fr', theme: 'system' };
const defaultPresence: PresenceStatus = 'available';

// A stored value that no longer parses (older build, hand edit) falls back to its default.
const language = z.enum(['fr', 'en']).catch(defaultSettings.language);
const theme = z.enum(['system', 'light', 'dark']).catch(defaultSettings.theme);
const presence = presenceStatus.catch(defaultPresence);

export function readSettings(repository: SettingsRepository): Settings {
  return {
    language: language.parse(repository.get('language') ?? defaultSettings.language),
    theme: theme.parse(repository.get('theme') ?? defaultSettings.theme),
  };
}

export function writeSettings(repository: SettingsRepository, patch: Partial<Settings>): Settings {
  if (patch.language !== undefined) repository.set('language', patch.language);
  if (patch.theme !== undefined) repository.set('theme', patch.theme);
  return readSettings(repository);
}

export function readPresence(repository: SettingsRepository): PresenceStatus {
  return presence.parse(repository.get('presence') ?? defaultPresence);
}

export function writePresence(repository: SettingsRepository, status: PresenceStatus): void {
  repository.set('presence', status);
}
