import { useTranslation } from 'react-i18next';
import type { ErrorInfo } from '../../preload/contract';
import { CloseIcon } from '../ui/icons';
import { useManaged } from './managed';

/** A warning's text: its code names the key, the list index is shown counting from 1. */
function warningText(t: ReturnType<typeof useTranslation>['t'], { code, params = {} }: ErrorInfo): string {
  const position = typeof params.index === 'number' ? params.index + 1 : params.index;
  return t(`policy.warnings.${code.replace(/^policy\./, '')}`, {
    ...params,
    position,
    defaultValue: t('policy.warnings.unknown', { code }),
  });
}

/** Policies that could not be applied: Bastide works on without them, and says so until dismissed. */
export function PolicyBanner() {
  const { t } = useTranslation();
  const warnings = useManaged((s) => s.policy.warnings);
  const dismissed = useManaged((s) => s.warningsDismissed);
  const dismiss = useManaged((s) => s.dismissWarnings);
  if (warnings.length === 0 || dismissed) return null;
  return (
    <section className="managed-notice" aria-labelledby="policy-banner-title">
      <div className="managed-notice-body">
        <h2 id="policy-banner-title" className="managed-notice-title">
          {t('policy.bannerTitle')}
        </h2>
        <ul className="managed-notice-list">
          {warnings.map((warning, index) => (
            <li key={index}>{warningText(t, warning)}</li>
          ))}
        </ul>
        <p className="managed-notice-help">{t('policy.bannerHelp')}</p>
      </div>
      <button type="button" className="icon-button" aria-label={t('common.close')} onClick={dismiss}>
        <CloseIcon size={16} />
      </button>
    </section>
  );
}
