import { useEffect, useState } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import type { Connectivity, OutboxStatus } from '../../../preload/contract';
import { call, subscribe } from '../../ui/api';
import { OutboxDialog, useOutboxView } from './OutboxDialog';

/** Replaces an account's entry (or adds it): events carry one account at a time. */
function upsert<T extends { accountId: string }>(list: T[], item: T): T[] {
  return [...list.filter((entry) => entry.accountId !== item.accountId), item];
}

/** Whether the mail servers are reachable and how many mails wait, as the core tells it (never `navigator.onLine`). */
export function useMailOffline(): { offline: boolean; queued: number; failed: number } {
  const [connectivity, setConnectivity] = useState<Connectivity[]>([]);
  const [outbox, setOutbox] = useState<OutboxStatus[]>([]);

  useEffect(() => {
    let live = true;
    // Subscribed before asking, so that no change falls between the answer and the subscription.
    const unsubscribe = [
      subscribe('connectivity:changed', (status) => setConnectivity((list) => upsert(list, status))),
      subscribe('outbox:changed', (status) => setOutbox((list) => upsert(list, status))),
    ];
    // A hint, not data: a failed request leaves the bar as it was.
    call('mail:connectivity').then(
      (list) => live && setConnectivity((known) => (list ?? []).reduce(upsert, known)),
      () => undefined,
    );
    call('outbox:status').then(
      (list) => live && setOutbox((known) => (list ?? []).reduce(upsert, known)),
      () => undefined,
    );
    return () => {
      live = false;
      for (const stop of unsubscribe) stop();
    };
  }, []);

  return {
    offline: connectivity.some((status) => !status.reachable),
    queued: outbox.reduce((sum, status) => sum + status.queued, 0),
    failed: outbox.reduce((sum, status) => sum + status.failed, 0),
  };
}

/** The mail app's status line: offline, mails waiting or being sent, mails that need the user. */
export function ConnectivityBar() {
  const { t } = useTranslation();
  const { offline, queued, failed } = useMailOffline();
  const openOutbox = useOutboxView((s) => s.show);

  const lines: string[] = [];
  if (offline) lines.push(queued > 0 ? t('mailOffline.offlineQueued', { count: queued }) : t('mailOffline.offline'));
  else if (queued > 0) lines.push(t('mailOffline.sending', { count: queued }));
  if (failed > 0) lines.push(t('mailOffline.failed', { count: failed }));

  return (
    <>
      {/* Always in the page: a live region announces changes only once it exists. */}
      <div
        className="mail-connectivity"
        data-offline={offline || undefined}
        data-empty={lines.length === 0 || undefined}
      >
        <p role="status" aria-live="polite" aria-label={t('mailOffline.label')} className="mail-connectivity-text">
          {lines.join(' · ')}
        </p>
        {(queued > 0 || failed > 0) && (
          <Button className="button" onPress={openOutbox}>
            {t('mailOffline.openOutbox')}
          </Button>
        )}
      </div>
      <OutboxDialog />
    </>
  );
}
