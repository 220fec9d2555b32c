import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../ui/format';
import { useAccounts } from './store';

/** The server certificates the user chose to trust, each revocable. */
export function CertificatesSettings() {
  const { t, i18n } = useTranslation();
  const certificates = useAccounts((s) => s.certificates);
  const revoke = useAccounts((s) => s.revoke);
  return (
    <section aria-labelledby="certificates-title">
      <h3 id="certificates-title" className="section-title">
        {t('certificates.title')}
      </h3>
      {certificates.length === 0 ? (
        <p className="account-hint">{t('certificates.none')}</p>
      ) : (
        <ul className="account-list" aria-label={t('certificates.list')}>
          {certificates.map((certificate) => (
            <li
              key={`${certificate.host} ${certificate.fingerprint}`}
              className="account-item"
              aria-label={t('certificates.item', { host: certificate.host })}
            >
              <div className="account-main">
                <span className="account-name">{certificate.host}</span>
                <span className="account-hint">{certificate.subject}</span>
                <code className="fingerprint">{certificate.fingerprint}</code>
                <span className="account-hint">
                  {t('certificates.trustedAt', { date: formatDateTime(certificate.trustedAt, i18n.language) })}
                </span>
              </div>
              <div className="account-actions">
                <button
                  type="button"
                  className="button"
                  aria-label={t('certificates.revokeFor', { host: certificate.host })}
                  onClick={() => void revoke(certificate)}
                >
                  {t('certificates.revoke')}
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
