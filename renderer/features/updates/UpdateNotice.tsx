import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ErrorInfo } from '../../../preload/contract';
import { useManaged } from '../../app/managed';
import { errorMessage } from '../../i18n';
import { call, toErrorInfo } from '../../ui/api';
import { CloseIcon } from '../../ui/icons';

/**
 * A newer version: its number and release notes (text from the update server, never rendered as HTML), and the
 * restart button only when this installation may install it itself and the download is done.
 */
export function UpdateNotice() {
  const { t } = useTranslation();
  const update = useManaged((s) => s.update);
  const dismissedVersion = useManaged((s) => s.dismissedVersion);
  const dismiss = useManaged((s) => s.dismissUpdate);
  const [failure, setFailure] = useState<ErrorInfo | null>(null);
  const available = update?.available;
  if (!update || !available || dismissedVersion === available.version) return null;

  const how = update.readyToInstall ? 'ready' : update.reason === 'automatic' ? 'downloading' : 'managed';
  const install = async () => {
    setFailure(null);
    try {
      await call('updates:install');
    } catch (error) {
      setFailure(toErrorInfo(error));
    }
  };

  return (
    <section className="managed-notice update-notice" aria-labelledby="update-notice-title">
      <div className="managed-notice-body">
        <h2 id="update-notice-title" className="managed-notice-title">
          {t('updates.available', { version: available.version })}
        </h2>
        <p className="managed-notice-help">{t(`updates.how.${how}`)}</p>
        {available.releaseNotes && (
          <details className="release-notes">
            <summary>{t('updates.releaseNotes')}</summary>
            <p className="release-notes-text">{available.releaseNotes}</p>
          </details>
        )}
        {failure && <p className="managed-notice-error">{errorMessage(t, failure)}</p>}
        {update.readyToInstall && (
          <button type="button" className="button button-primary" onClick={() => void install()}>
            {t('updates.restart')}
          </button>
        )}
      </div>
      <button type="button" className="icon-button" aria-label={t('updates.later')} onClick={dismiss}>
        <CloseIcon size={16} />
      </button>
    </section>
  );
}
