// Settings: each mail account's signature (plain text, kept on this device), which the composer inserts in new
// mail, replies and forwards.
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccountSummary, ErrorInfo } from '../../../preload/contract';
import { errorMessage } from '../../i18n';
import { call, toErrorInfo } from '../../ui/api';
import { useQuery } from '../../ui/useQuery';

export function SignatureSettings() {
  const { t } = useTranslation();
  const accounts = useQuery('accounts:list', {});
  const mailAccounts = (accounts.data ?? []).filter((a) => a.capabilities.includes('mail'));
  if (mailAccounts.length === 0) return null;
  return (
    <section className="signature-settings" aria-labelledby="signature-settings-title">
      <h3 id="signature-settings-title" className="radio-group-label">
        {t('composer.signatures')}
      </h3>
      {mailAccounts.map((account) => (
        <SignatureEditor key={account.id} account={account} />
      ))}
    </section>
  );
}

function SignatureEditor({ account }: { account: AccountSummary }) {
  const { t } = useTranslation();
  const id = useId();
  const [text, setText] = useState<string | null>(null);
  const [state, setState] = useState<'idle' | 'saved'>('idle');
  const [error, setError] = useState<ErrorInfo | null>(null);

  useEffect(() => {
    let live = true;
    call('mail:signature', { accountId: account.id }).then(
      (signature) => live && setText(signature),
      (failure: unknown) => live && (setText(''), setError(toErrorInfo(failure))),
    );
    return () => {
      live = false;
    };
  }, [account.id]);

  const save = async () => {
    setError(null);
    try {
      setText(await call('mail:setSignature', { accountId: account.id, signature: text ?? '' }));
      setState('saved');
    } catch (failure) {
      setError(toErrorInfo(failure));
    }
  };

  return (
    <div className="signature-editor">
      <label htmlFor={id}>{t('composer.signatureOf', { account: account.displayName })}</label>
      <textarea
        id={id}
        value={text ?? ''}
        disabled={text === null}
        maxLength={10_000}
        onChange={(event) => {
          setText(event.target.value);
          setState('idle');
        }}
      />
      <button type="button" className="button" onClick={() => void save()} disabled={text === null}>
        {t('composer.saveSignature')}
      </button>
      <span role="status" className="muted">
        {state === 'saved' && t('composer.signatureSaved')}
      </span>
      {error && <p role="alert">{errorMessage(t, error)}</p>}
    </div>
  );
}
