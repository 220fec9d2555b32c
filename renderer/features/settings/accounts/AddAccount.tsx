import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccountCandidate, AccountKindInfo, AccountSummary, ErrorInfo } from '../../../../preload/contract';
import { errorMessage } from '../../../i18n';
import { call, toErrorInfo } from '../../../ui/api';
import { AccountForm, blankServer, type AccountFormValues } from './AccountForm';
import { SignInError, TwoFactorForm } from './SignInFeedback';
import { addableKinds, useAccounts } from './store';
import { useSignIn } from './useSignIn';

type Step =
  | { name: 'address' }
  | { name: 'choose'; input: string; candidates: AccountCandidate[] }
  | { name: 'details'; kind: AccountKindInfo; initial: AccountFormValues; input: string };

/** Address or URL → what discovery found → confirm or correct the settings → password or SSO → code if asked. */
export function AddAccount({ onDone, onCancel }: { onDone: (account: AccountSummary) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const [step, setStep] = useState<Step>({ name: 'address' });
  const flow = useSignIn(onDone);

  return (
    <section className="account-panel" aria-labelledby="add-account-title">
      <h3 id="add-account-title" className="section-title">
        {t('accounts.add.title')}
      </h3>
      {step.name === 'address' && (
        <AddressStep onFound={(input, candidates) => setStep({ name: 'choose', input, candidates })} />
      )}
      {step.name === 'choose' && (
        <ChooseStep
          input={step.input}
          candidates={step.candidates}
          onChoose={(kind, initial) => setStep({ name: 'details', kind, initial, input: step.input })}
          onBack={() => setStep({ name: 'address' })}
        />
      )}
      {step.name === 'details' && !flow.challenge && (
        <AccountForm
          kind={step.kind}
          initial={step.initial}
          busy={flow.busy}
          submitLabel={t('accounts.add.signIn')}
          onSubmit={(values) =>
            void flow.start(() =>
              call('accounts:add', {
                kindId: step.kind.id,
                server: values.server,
                username: values.username.trim(),
                address: addressFor(step.input, values.username.trim()),
                displayName: values.displayName.trim() || undefined,
                method: values.method,
                password: values.method === 'password' ? values.password : undefined,
              }),
            )
          }
        >
          <SignInError flow={flow} />
        </AccountForm>
      )}
      {step.name === 'details' && flow.challenge && <TwoFactorForm flow={flow} />}
      {flow.busy && (
        <p role="status" className="account-hint">
          {t('accounts.add.signingIn')}
        </p>
      )}
      <div className="form-actions">
        <button type="button" className="button" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </section>
  );
}

function AddressStep({ onFound }: { onFound: (input: string, candidates: AccountCandidate[]) => void }) {
  const { t } = useTranslation();
  const [input, setInput] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorInfo | null>(null);
  return (
    <form
      className="account-form"
      onSubmit={(event) => {
        event.preventDefault();
        setBusy(true);
        setError(null);
        call('accounts:discover', { input: input.trim() })
          .then((result) => onFound(input.trim(), result.candidates))
          .catch((failure: unknown) => setError(toErrorInfo(failure)))
          .finally(() => setBusy(false));
      }}
    >
      <label className="field">
        <span>{t('accounts.add.address')}</span>
        <input
          value={input}
          onChange={(event) => setInput(event.target.value)}
          placeholder={t('accounts.add.addressHint')}
          required
          autoFocus
        />
      </label>
      {error && (
        <p className="account-error" role="alert">
          {errorMessage(t, error)}
        </p>
      )}
      {busy && (
        <p role="status" className="account-hint">
          {t('accounts.add.searching')}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={busy || !input.trim()}>
          {t('accounts.add.discover')}
        </button>
      </div>
    </form>
  );
}

function ChooseStep({
  input,
  candidates,
  onChoose,
  onBack,
}: {
  input: string;
  candidates: AccountCandidate[];
  onChoose: (kind: AccountKindInfo, initial: AccountFormValues) => void;
  onBack: () => void;
}) {
  const { t } = useTranslation();
  const kinds = addableKinds(useAccounts((s) => s.kinds));
  const username = input.includes('@') ? input : '';
  const blank = (kind: AccountKindInfo): AccountFormValues => ({
    server: blankServer(kind),
    username,
    displayName: '',
    method: kind.setup?.methods[0] ?? 'password',
    password: '',
  });

  return (
    <div className="account-form">
      <p>{candidates.length > 0 ? t('accounts.add.found', { input }) : t('accounts.add.nothingFound', { input })}</p>
      {candidates.length > 0 && (
        <ul className="candidate-list" aria-label={t('accounts.add.candidates')}>
          {candidates.map((candidate, index) => {
            const kind = kinds.find((k) => k.id === candidate.kindId);
            if (!kind) return null;
            return (
              <li key={index}>
                <button
                  type="button"
                  className="button candidate"
                  onClick={() =>
                    onChoose(kind, {
                      ...blank(kind),
                      server: candidate.server,
                      username: candidate.username || username,
                      method: candidate.methods[0] ?? 'password',
                    })
                  }
                >
                  <strong>{candidate.kindLabel}</strong>
                  <span className="account-hint">{describeServer(candidate.server)}</span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
      <fieldset className="fieldset">
        <legend>{t('accounts.add.manual')}</legend>
        <div className="kind-list">
          {kinds.map((kind) => (
            <button key={kind.id} type="button" className="button" onClick={() => onChoose(kind, blank(kind))}>
              {kind.label}
            </button>
          ))}
        </div>
      </fieldset>
      <div className="form-actions">
        <button type="button" className="button" onClick={onBack}>
          {t('common.back')}
        </button>
      </div>
    </div>
  );
}

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const DOMAIN = /^[\p{L}\p{N}-]+(\.[\p{L}\p{N}-]+)+$/u;

/**
 * The e-mail address of the account when the username alone may not say it (a bare `alice`): the address
 * discovery started from, or the username at the domain discovery started from.
 */
function addressFor(input: string, username: string): string | undefined {
  const typed = input.trim();
  if (EMAIL.test(typed)) return typed;
  if (EMAIL.test(username)) return undefined;
  if (DOMAIN.test(typed) && /^[^@\s]+$/.test(username)) return `${username}@${typed.toLowerCase()}`;
  return undefined;
}

function describeServer(server: AccountCandidate['server']): string {
  switch (server.type) {
    case 'web':
      return server.url;
    case 'mail':
      return `${server.incoming.host}:${server.incoming.port} · ${server.outgoing.host}:${server.outgoing.port}`;
    case 'chat':
      return `${server.domain} (${server.endpoint.host}:${server.endpoint.port})`;
  }
}
