import { z } from 'zod';
import { presenceStatus } from '../../preload/contract';
import type { SettingsRepository } from '../store/repositories/settings';
import { CoreError } from './errors';
import type { PresenceStatus, Settings, ThemePreference } from './model';
import { createPolicy, type Policy } from './policy/runtime';
import type { ManagedSettings } from './policy/schema';

const defaultTheme: ThemePreference = 'system';
const defaultPresence: PresenceStatus = 'available';
const noPolicy = createPolicy({}, [], '');

// A stored value that no longer parses (older build, hand edit) falls back to its default.
const theme = z.enum(['system', 'light', 'dark']).catch(defaultTheme);
const presence = presenceStatus.catch(defaultPresence);

/** Settings a policy may govern, stored as the user chose them (the policy merge validates them). */
const userManagedKeys = ['language', 'updateMode', 'updateChannel'] as const;

/** Every policy-backed setting: the user's choices under the policies. */
export function readManagedSettings(repository: SettingsRepository, policy: Policy = noPolicy): ManagedSettings {
  return policy.settings(Object.fromEntries(userManagedKeys.map((key) => [key, repository.get(key)]))).values;
}

export function readSettings(repository: SettingsRepository, policy: Policy = noPolicy): Settings {
  const managed = readManagedSettings(repository, policy);
  return {
    language: managed.language,
    theme: theme.parse(repository.get('theme') ?? defaultTheme),
    updateMode: managed.updateMode,
    updateChannel: managed.updateChannel,
  };
}

/** Refuses the whole patch when it touches a setting a policy locks. */
export function writeSettings(
  repository: SettingsRepository,
  patch: Partial<Settings>,
  policy: Policy = noPolicy,
): Settings {
  const keys = (Object.keys(patch) as (keyof Settings)[]).filter((key) => patch[key] !== undefined);
  const locked = keys.find((key) => policy.isLocked(key));
  if (locked) throw new CoreError('policy.locked', { key: locked });
  for (const key of keys) repository.set(key, patch[key]);
  return readSettings(repository, policy);
}

export function readPresence(repository: SettingsRepository): PresenceStatus {
  return presence.parse(repository.get('presence') ?? defaultPresence);
}

export function writePresence(repository: SettingsRepository, status: PresenceStatus): void {
  repository.set('presence', status);
}
