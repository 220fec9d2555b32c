import { create } from 'zustand';
import type {
  AccountKindInfo,
  AccountSummary,
  ErrorInfo,
  NoKeyringBehaviour,
  SecretsStatus,
  TrustedCertificate,
} from '../../../../preload/contract';
import { call, subscribe, toErrorInfo } from '../../../ui/api';

interface AccountsState {
  accounts: AccountSummary[];
  kinds: AccountKindInfo[];
  certificates: TrustedCertificate[];
  secrets: SecretsStatus | null;
  /** The last failed action of the list (re-order, remove, reconnect, revoke…). */
  failure: ErrorInfo | null;
  load(): Promise<() => void>;
  refreshCertificates(): Promise<void>;
  move(id: string, offset: -1 | 1): Promise<void>;
  remove(id: string): Promise<boolean>;
  reconnect(id: string): Promise<void>;
  revoke(certificate: TrustedCertificate): Promise<void>;
  setNoKeyringBehaviour(behaviour: NoKeyringBehaviour): Promise<void>;
  dismissFailure(): void;
}

/** The accounts, kinds, trusted certificates and secret storage shown in Settings, kept live by events. */
export const useAccounts = create<AccountsState>()((set, get) => {
  async function attempt(work: () => Promise<unknown>): Promise<boolean> {
    set({ failure: null });
    try {
      await work();
      return true;
    } catch (error) {
      set({ failure: toErrorInfo(error) });
      return false;
    }
  }

  return {
    accounts: [],
    kinds: [],
    certificates: [],
    secrets: null,
    failure: null,

    async load() {
      const [accounts, kinds, certificates, secrets] = await Promise.allSettled([
        call('accounts:list'),
        call('accounts:kinds'),
        call('certificates:list'),
        call('secrets:status'),
      ]);
      set({
        accounts: accounts.status === 'fulfilled' ? accounts.value : [],
        kinds: kinds.status === 'fulfilled' ? kinds.value : [],
        certificates: certificates.status === 'fulfilled' ? (certificates.value ?? []) : [],
        secrets: secrets.status === 'fulfilled' ? (secrets.value ?? null) : null,
      });
      const stops = [
        subscribe('accounts:changed', (accounts) => {
          set({ accounts });
          void get().refreshCertificates();
        }),
        subscribe('secrets:changed', (secrets) => set({ secrets })),
      ];
      return () => stops.forEach((stop) => stop());
    },

    async refreshCertificates() {
      try {
        set({ certificates: (await call('certificates:list')) ?? [] });
      } catch {
        // the list keeps what it showed
      }
    },

    async move(id, offset) {
      const ids = get().accounts.map((account) => account.id);
      const from = ids.indexOf(id);
      const to = from + offset;
      if (from < 0 || to < 0 || to >= ids.length) return;
      [ids[from], ids[to]] = [ids[to]!, ids[from]!];
      await attempt(async () => set({ accounts: await call('accounts:reorder', { ids }) }));
    },

    remove: (id) => attempt(() => call('accounts:remove', { id })),

    async reconnect(id) {
      await attempt(() => call('accounts:reconnect', { id }));
    },

    async revoke(certificate) {
      const { host, fingerprint } = certificate;
      await attempt(async () => {
        await call('certificates:revoke', { host, fingerprint });
        await get().refreshCertificates();
      });
    },

    async setNoKeyringBehaviour(behaviour) {
      await attempt(async () => set({ secrets: await call('secrets:setNoKeyringBehaviour', { behaviour }) }));
    },

    dismissFailure: () => set({ failure: null }),
  };
});

/** Kinds the user can add (the others, like the demo, only list). */
export const addableKinds = (kinds: AccountKindInfo[]) => kinds.filter((kind) => kind.setup);
