import { useEffect } from 'react';
import { create } from 'zustand';
import type { PolicyState, PreconfiguredAccountEntry, UpdateStatus } from '../../preload/contract';
import { call, subscribe } from '../ui/api';

// What the organisation manages (policies, preconfigured accounts) and the update notice: read once at start,
// since policies only change with a restart; the preconfigured accounts follow the account list.

export const unmanaged: PolicyState = {
  managed: false,
  locked: [],
  warnings: [],
  allowAccountAdd: true,
  allowAccountRemove: true,
};

interface ManagedState {
  policy: PolicyState;
  preconfigured: PreconfiguredAccountEntry[];
  update: UpdateStatus | null;
  warningsDismissed: boolean;
  /** The version whose notice the user closed. */
  dismissedVersion: string | null;
  start(): Promise<() => void>;
  refreshPreconfigured(): Promise<void>;
  dismissWarnings(): void;
  dismissUpdate(): void;
}

const settled = <T>(result: PromiseSettledResult<T>, fallback: T): T =>
  result.status === 'fulfilled' && result.value !== undefined ? result.value : fallback;

export const useManaged = create<ManagedState>()((set, get) => ({
  policy: unmanaged,
  preconfigured: [],
  update: null,
  warningsDismissed: false,
  dismissedVersion: null,

  async start() {
    const [policy, preconfigured, update] = await Promise.allSettled([
      call('policy:get'),
      call('policy:preconfiguredAccounts'),
      call('updates:status'),
    ]);
    set({
      policy: settled(policy, unmanaged),
      preconfigured: settled(preconfigured, []),
      update: settled(update, null),
    });
    const stops = [
      subscribe('updates:available', (status) => set({ update: status })),
      subscribe('accounts:changed', () => void get().refreshPreconfigured()),
    ];
    return () => stops.forEach((stop) => stop());
  },

  async refreshPreconfigured() {
    try {
      set({ preconfigured: (await call('policy:preconfiguredAccounts')) ?? [] });
    } catch {
      // The previous list stays; the next account change tries again.
    }
  },

  dismissWarnings: () => set({ warningsDismissed: true }),
  dismissUpdate: () => set({ dismissedVersion: get().update?.available?.version ?? null }),
}));

/** Whether a policy decides this setting: the control is disabled and says "Géré par votre organisation". */
export const useLocked = (setting: string): boolean => useManaged((s) => s.policy.locked.includes(setting));

export function useManagedLifecycle(): void {
  useEffect(() => {
    let stopped = false;
    let stop: (() => void) | undefined;
    void useManaged
      .getState()
      .start()
      .then((unsubscribe) => {
        if (stopped) unsubscribe();
        else stop = unsubscribe;
      });
    return () => {
      stopped = true;
      stop?.();
    };
  }, []);
}
