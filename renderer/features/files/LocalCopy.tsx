// A document's copy on this device: open it with the system's application, keep it for offline use, and send
// the changes made to it here as a new version (a conflict keeps both; the transfers say so).
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ErrorInfo, FileEntry } from '../../../preload/contract';
import { errorMessage } from '../../i18n';
import { call, subscribe, toErrorInfo } from '../../ui/api';
import { useQuery } from '../../ui/useQuery';
import { LockIcon } from '../../ui/icons';

export function LocalCopyActions({ file: listed, onChanged }: { file: FileEntry; onChanged: () => void }) {
  const { t } = useTranslation();
  // The copy may change outside the app (an office application saved it): read again when the user comes back.
  const fresh = useQuery('files:get', { id: listed.id });
  const file = fresh.data ?? listed;
  const { refresh } = fresh;
  useEffect(() => {
    window.addEventListener('focus', refresh);
    const stop = subscribe('files:changed', () => refresh());
    return () => {
      window.removeEventListener('focus', refresh);
      stop();
    };
  }, [refresh]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const run = async (work: () => Promise<unknown>, done?: string) => {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      await work();
      if (done) setNotice(done);
      onChanged();
      refresh();
    } catch (failure) {
      setError(toErrorInfo(failure));
    } finally {
      setBusy(false);
    }
  };

  const local = file.local;
  // Shown at once; the store says the same once the copy is taken (or the error says why not).
  const [pinned, setPinned] = useState<boolean | null>(null);
  const shownPinned = pinned ?? local?.pinned ?? false;
  return (
    <div className="local-copy">
      <div className="file-actions">
        <button
          type="button"
          className="button button-primary"
          disabled={busy || file.delivery !== undefined}
          onClick={() => void run(() => call('files:open', { id: file.id }))}
        >
          {t('files.open')}
        </button>
        <label className="check">
          <input
            type="checkbox"
            checked={shownPinned}
            disabled={busy || file.delivery !== undefined}
            onChange={(event) => {
              const wanted = event.currentTarget.checked;
              setPinned(wanted);
              void run(() =>
                call('files:pin', { id: file.id, pinned: wanted }).catch((failure: unknown) => {
                  setPinned(null);
                  throw failure;
                }),
              );
            }}
          />
          {t('files.keepOffline')}
        </label>
      </div>
      {file.lockedByMe && (
        <p className="file-lock">
          <LockIcon size={14} /> {t('files.lockedByMe')}
        </p>
      )}
      {local?.cached && <p className="muted">{local.changed ? t('files.localChanged') : t('files.localCopy')}</p>}
      {local?.changed && (
        <button
          type="button"
          className="button"
          disabled={busy}
          onClick={() => void run(() => call('files:queueVersion', { id: file.id }), t('files.changesQueued'))}
        >
          {t('files.sendChanges')}
        </button>
      )}
      {file.delivery === 'queued' && <p className="muted">{t('files.uploadQueued')}</p>}
      {file.delivery === 'failed' && <p className="files-notice files-notice-error">{t('files.uploadFailed')}</p>}
      {notice && (
        <p className="files-notice files-notice-info" role="status">
          {notice}
        </p>
      )}
      {error && (
        <p className="files-notice files-notice-error" role="alert">
          {errorMessage(t, error)}
        </p>
      )}
    </div>
  );
}
