import { create } from 'zustand';
import type {
  AccountSummary,
  AppInfo,
  ErrorInfo,
  Language,
  PresenceStatus,
  Settings,
  ThemePreference,
} from '../../preload/contract';
import { applyLanguage } from '../i18n';
import { call, subscribe, toErrorInfo } from '../ui/api';

export const presenceStatuses: readonly PresenceStatus[] = ['available', 'busy', 'dnd', 'away', 'offline'];

export const defaultSettings: Settings = {
  language: 'fr',
  theme: 'system',
  updateMode: 'automatic',
  updateChannel: 'stable',
};

export function applyTheme(theme: ThemePreference): void {
  document.documentElement.dataset.theme = theme;
}

async function applySettings(settings: Settings): Promise<void> {
  applyTheme(settings.theme);
  await applyLanguage(settings.language);
}

interface SessionState {
  ready: boolean;
  settings: Settings;
  presence: PresenceStatus;
  account: AccountSummary | null;
  appInfo: AppInfo | null;
  /** The last failed user action, shown in the shell's alert region. */
  failure: ErrorInfo | null;
  start(): Promise<() => void>;
  setLanguage(language: Language): Promise<void>;
  setTheme(theme: ThemePreference): Promise<void>;
  setUpdatePreferences(patch: Partial<Pick<Settings, 'updateMode' | 'updateChannel'>>): Promise<void>;
  setPresence(status: PresenceStatus): Promise<void>;
  dismissFailure(): void;
}

export const useSession = create<SessionState>()((set, get) => {
  async function updateSettings(patch: Partial<Settings>): Promise<void> {
    const previous = get().settings;
    const optimistic = { ...previous, ...patch };
    set({ settings: optimistic, failure: null });
    await applySettings(optimistic);
    try {
      const saved = await call('settings:set', patch);
      set({ settings: saved });
      await applySettings(saved);
    } catch (error) {
      set({ settings: previous, failure: toErrorInfo(error) });
      await applySettings(previous);
    }
  }

  return {
    ready: false,
    settings: defaultSettings,
    presence: 'available',
    account: null,
    appInfo: null,
    failure: null,

    /** Loads the settings before the first paint (no flash of the wrong language or theme), then listens. */
    async start() {
      const [settings, presence, accounts, appInfo] = await Promise.allSettled([
        call('settings:get'),
        call('presence:get'),
        call('accounts:list'),
        call('app:info'),
      ]);
      const loaded = settings.status === 'fulfilled' ? settings.value : defaultSettings;
      await applySettings(loaded);
      set({
        ready: true,
        settings: loaded,
        presence: presence.status === 'fulfilled' ? presence.value : 'offline',
        account: accounts.status === 'fulfilled' ? (accounts.value[0] ?? null) : null,
        appInfo: appInfo.status === 'fulfilled' ? appInfo.value : null,
        failure: settings.status === 'rejected' ? toErrorInfo(settings.reason) : null,
      });
      const stops = [
        subscribe('settings:changed', (next) => {
          set({ settings: next });
          void applySettings(next);
        }),
        subscribe('presence:changed', (next) => set({ presence: next })),
        subscribe('accounts:changed', (next) => set({ account: next[0] ?? null })),
      ];
      return () => stops.forEach((stop) => stop());
    },

    setLanguage: (language) => updateSettings({ language }),
    setTheme: (theme) => updateSettings({ theme }),
    setUpdatePreferences: (patch) => updateSettings(patch),

    async setPresence(status) {
      const previous = get().presence;
      set({ presence: status, failure: null });
      try {
        set({ presence: await call('presence:set', { status }) });
      } catch (error) {
        set({ presence: previous, failure: toErrorInfo(error) });
      }
    },

    dismissFailure: () => set({ failure: null }),
  };
});
