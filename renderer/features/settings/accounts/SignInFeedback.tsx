import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../i18n';
import type { SignInFlow } from './useSignIn';

/** What a sign-in has to say: its error (with the certificate to trust, when TLS refused the server). */
export function SignInError({ flow }: { flow: SignInFlow }) {
  const { t } = useTranslation();
  if (!flow.error) return null;
  const untrusted = flow.error.code === 'tls.untrusted' && flow.error.params?.fingerprint;
  return (
    <div className="account-error" role="alert">
      <p>{errorMessage(t, flow.error)}</p>
      {untrusted && (
        <>
          <p className="fingerprint">
            {t('certificates.fingerprint')} <code>{String(flow.error.params?.fingerprint)}</code>
          </p>
          <p className="account-hint">{t('certificates.trustHint')}</p>
          <button type="button" className="button" disabled={flow.busy} onClick={() => void flow.trustAndRetry()}>
            {t('certificates.trust')}
          </button>
        </>
      )}
    </div>
  );
}

/** The second step of a two-factor sign-in. */
export function TwoFactorForm({ flow }: { flow: SignInFlow }) {
  const { t } = useTranslation();
  const [code, setCode] = useState('');
  return (
    <form
      className="account-form"
      onSubmit={(event) => {
        event.preventDefault();
        void flow.submitCode(code.trim());
      }}
    >
      <p>{t('accounts.twoFactor.prompt')}</p>
      <label className="field">
        <span>{t('accounts.twoFactor.code')}</span>
        <input
          value={code}
          onChange={(event) => setCode(event.target.value)}
          inputMode="numeric"
          autoComplete="one-time-code"
          required
          autoFocus
        />
      </label>
      <SignInError flow={flow} />
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={flow.busy || !code.trim()}>
          {t('accounts.twoFactor.submit')}
        </button>
      </div>
    </form>
  );
}
