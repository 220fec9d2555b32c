import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccountKindInfo, AccountSummary, SecretsStatus } from '../../../../preload/contract';
import { call, subscribe } from '../../../ui/api';
import './accounts.css';

/**
 * Says, for as long as it is true, that passwords are kept in memory only (no usable keychain: they will be
 * asked again at the next start), or that accounts cannot sign in at all (the setting refuses memory). Only
 * once a real account exists: the demo has no secrets, and its profile never opens the keychain.
 */
export function MemoryOnlyBanner() {
  const { t } = useTranslation();
  const [status, setStatus] = useState<SecretsStatus | null>(null);

  useEffect(() => {
    let live = true;
    let kinds: AccountKindInfo[] = [];
    const check = (accounts: AccountSummary[] | undefined) => {
      const configured = (accounts ?? []).some((account) => kinds.find((kind) => kind.id === account.kindId)?.setup);
      if (!configured) return setStatus(null);
      call('secrets:status').then(
        (value) => live && setStatus(value ?? null),
        () => undefined,
      );
    };
    Promise.all([call('accounts:kinds'), call('accounts:list')]).then(
      ([allKinds, accounts]) => {
        kinds = allKinds ?? [];
        if (live) check(accounts);
      },
      () => undefined,
    );
    const stops = [subscribe('accounts:changed', check), subscribe('secrets:changed', setStatus)];
    return () => {
      live = false;
      stops.forEach((stop) => stop());
    };
  }, []);

  if (!status || status.storage === 'keychain') return null;
  return (
    <div className="notice-banner" role="status">
      {t(`secrets.banner.${status.storage}`)}
    </div>
  );
}
