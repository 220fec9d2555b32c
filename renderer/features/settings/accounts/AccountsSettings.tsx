import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccountDetails, AccountSummary, NoKeyringBehaviour } from '../../../../preload/contract';
import { useManaged } from '../../../app/managed';
import { errorMessage } from '../../../i18n';
import { call, toErrorInfo } from '../../../ui/api';
import { CloseIcon } from '../../../ui/icons';
import { AccountForm } from './AccountForm';
import { AddAccount } from './AddAccount';
import { CertificatesSettings } from './CertificatesSettings';
import { SignInError, TwoFactorForm } from './SignInFeedback';
import { useAccounts } from './store';
import { useSignIn } from './useSignIn';
import './accounts.css';

type Panel = { name: 'list' } | { name: 'add' } | { name: 'edit'; id: string } | { name: 'signIn'; id: string };

/** Accounts in Settings: the ordered list, adding, editing, signing in again, removing; then certificates. */
export default function AccountsSettings() {
  const { t } = useTranslation();
  const load = useAccounts((s) => s.load);
  const accounts = useAccounts((s) => s.accounts);
  const failure = useAccounts((s) => s.failure);
  const dismissFailure = useAccounts((s) => s.dismissFailure);
  const [panel, setPanel] = useState<Panel>({ name: 'list' });
  // AllowAccountAdd: the core refuses other accounts too (policy.accountAddLocked).
  const allowAccountAdd = useManaged((s) => s.policy.allowAccountAdd);

  useEffect(() => {
    let stop: (() => void) | undefined;
    let stopped = false;
    void load().then((unsubscribe) => (stopped ? unsubscribe() : (stop = unsubscribe)));
    return () => {
      stopped = true;
      stop?.();
    };
  }, [load]);

  const back = () => setPanel({ name: 'list' });

  return (
    <div className="accounts-settings">
      <section aria-labelledby="accounts-title">
        <h3 id="accounts-title" className="section-title">
          {t('accounts.title')}
        </h3>
        {failure && (
          <div className="account-error" role="alert">
            <span>{errorMessage(t, failure)}</span>
            <button type="button" className="icon-button" aria-label={t('common.close')} onClick={dismissFailure}>
              <CloseIcon size={14} />
            </button>
          </div>
        )}
        {panel.name === 'list' && (
          <>
            <ol className="account-list" aria-label={t('accounts.list')}>
              {accounts.map((account, index) => (
                <AccountItem
                  key={account.id}
                  account={account}
                  first={index === 0}
                  last={index === accounts.length - 1}
                  onEdit={() => setPanel({ name: 'edit', id: account.id })}
                  onSignIn={() => setPanel({ name: 'signIn', id: account.id })}
                />
              ))}
            </ol>
            {allowAccountAdd && (
              <button type="button" className="button button-primary" onClick={() => setPanel({ name: 'add' })}>
                {t('accounts.add.button')}
              </button>
            )}
          </>
        )}
        {panel.name === 'add' && <AddAccount onDone={back} onCancel={back} />}
        {panel.name === 'edit' && <EditAccount id={panel.id} onDone={back} />}
        {panel.name === 'signIn' && <SignInAgain id={panel.id} onDone={back} />}
      </section>
      <NoKeyringSetting />
      <CertificatesSettings />
    </div>
  );
}

function AccountItem({
  account,
  first,
  last,
  onEdit,
  onSignIn,
}: {
  account: AccountSummary;
  first: boolean;
  last: boolean;
  onEdit: () => void;
  onSignIn: () => void;
}) {
  const { t } = useTranslation();
  const kinds = useAccounts((s) => s.kinds);
  const move = useAccounts((s) => s.move);
  const remove = useAccounts((s) => s.remove);
  const reconnect = useAccounts((s) => s.reconnect);
  const [confirming, setConfirming] = useState(false);
  const allowAccountRemove = useManaged((s) => s.policy.allowAccountRemove);
  const editable = Boolean(kinds.find((kind) => kind.id === account.kindId)?.setup);
  const name = account.displayName;

  return (
    <li className="account-item" aria-label={t('accounts.item', { name, kind: account.kindLabel })}>
      <div className="account-main">
        <span className="account-name">{name}</span>
        <span className="account-hint">
          {account.kindLabel} · {account.address}
        </span>
        <span className={`account-state state-${account.state}`}>{t(`accounts.states.${account.state}`)}</span>
        {account.problem && account.state !== 'online' && (
          <span className="account-hint">{errorMessage(t, account.problem)}</span>
        )}
      </div>
      {confirming ? (
        <div className="account-actions" role="group" aria-label={t('accounts.remove.confirmTitle', { name })}>
          <span>{t('accounts.remove.confirm')}</span>
          <button
            type="button"
            className="button button-danger"
            onClick={() => void remove(account.id).then(() => setConfirming(false))}
          >
            {t('accounts.remove.yes')}
          </button>
          <button type="button" className="button" onClick={() => setConfirming(false)}>
            {t('common.cancel')}
          </button>
        </div>
      ) : (
        <div className="account-actions">
          <button
            type="button"
            className="button"
            disabled={first}
            aria-label={t('accounts.moveUp', { name })}
            onClick={() => void move(account.id, -1)}
          >
            ↑
          </button>
          <button
            type="button"
            className="button"
            disabled={last}
            aria-label={t('accounts.moveDown', { name })}
            onClick={() => void move(account.id, 1)}
          >
            ↓
          </button>
          {editable && account.state === 'needs-sign-in' && (
            <button type="button" className="button" onClick={onSignIn} aria-label={t('accounts.signIn.for', { name })}>
              {t('accounts.signIn.button')}
            </button>
          )}
          {editable && account.state === 'offline' && (
            <button
              type="button"
              className="button"
              onClick={() => void reconnect(account.id)}
              aria-label={t('accounts.reconnectFor', { name })}
            >
              {t('accounts.reconnect')}
            </button>
          )}
          {editable && (
            <button type="button" className="button" onClick={onEdit} aria-label={t('accounts.editFor', { name })}>
              {t('accounts.edit')}
            </button>
          )}
          {allowAccountRemove && (
            <button
              type="button"
              className="button"
              onClick={() => setConfirming(true)}
              aria-label={t('accounts.remove.for', { name })}
            >
              {t('accounts.remove.button')}
            </button>
          )}
        </div>
      )}
    </li>
  );
}

function useDetails(id: string) {
  const [details, setDetails] = useState<AccountDetails | null>(null);
  const [error, setError] = useState<ReturnType<typeof toErrorInfo> | null>(null);
  useEffect(() => {
    let live = true;
    call('accounts:get', { id }).then(
      (value) => live && setDetails(value),
      (failure: unknown) => live && setError(toErrorInfo(failure)),
    );
    return () => {
      live = false;
    };
  }, [id]);
  return { details, error };
}

function EditAccount({ id, onDone }: { id: string; onDone: () => void }) {
  const { t } = useTranslation();
  const { details, error } = useDetails(id);
  const kind = useAccounts((s) => s.kinds.find((candidate) => candidate.id === details?.kindId));
  const flow = useSignIn(onDone);
  if (error) return <p className="account-error">{errorMessage(t, error)}</p>;
  if (!details || !kind) return null;
  return (
    <section className="account-panel" aria-labelledby="edit-account-title">
      <h3 id="edit-account-title" className="section-title">
        {t('accounts.editTitle', { name: details.displayName })}
      </h3>
      {flow.challenge ? (
        <TwoFactorForm flow={flow} />
      ) : (
        <AccountForm
          kind={kind}
          initial={{ ...details, password: '' }}
          busy={flow.busy}
          passwordOptional
          submitLabel={t('accounts.save')}
          onSubmit={(values) => {
            const changed = JSON.stringify(values.server) !== JSON.stringify(details.server);
            const request = {
              id,
              displayName: values.displayName.trim() || undefined,
              server: changed ? values.server : undefined,
              username: values.username.trim() !== details.username ? values.username.trim() : undefined,
              method: values.method !== details.method ? values.method : undefined,
              password: values.method === 'password' && values.password ? values.password : undefined,
            };
            void flow.start(() => call('accounts:update', request));
          }}
        >
          <SignInError flow={flow} />
        </AccountForm>
      )}
      <div className="form-actions">
        <button type="button" className="button" onClick={onDone}>
          {t('common.cancel')}
        </button>
      </div>
    </section>
  );
}

function SignInAgain({ id, onDone }: { id: string; onDone: () => void }) {
  const { t } = useTranslation();
  const { details } = useDetails(id);
  const [password, setPassword] = useState('');
  const flow = useSignIn(onDone);
  if (!details) return null;
  const sso = details.method === 'sso';
  return (
    <section className="account-panel" aria-labelledby="sign-in-title">
      <h3 id="sign-in-title" className="section-title">
        {t('accounts.signIn.title', { name: details.displayName })}
      </h3>
      {flow.challenge ? (
        <TwoFactorForm flow={flow} />
      ) : (
        <form
          className="account-form"
          onSubmit={(event) => {
            event.preventDefault();
            void flow.start(() =>
              call('accounts:signIn', sso ? { id, method: 'sso' } : { id, method: 'password', password }),
            );
          }}
        >
          {!sso && (
            <label className="field">
              <span>{t('accounts.form.password')}</span>
              <input
                type="password"
                value={password}
                onChange={(event) => setPassword(event.target.value)}
                autoComplete="current-password"
                required
                autoFocus
              />
            </label>
          )}
          <SignInError flow={flow} />
          <div className="form-actions">
            <button type="submit" className="button button-primary" disabled={flow.busy}>
              {t('accounts.signIn.submit')}
            </button>
            <button type="button" className="button" onClick={onDone}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}

function NoKeyringSetting() {
  const { t } = useTranslation();
  const secrets = useAccounts((s) => s.secrets);
  const setBehaviour = useAccounts((s) => s.setNoKeyringBehaviour);
  if (!secrets) return null;
  const behaviours: NoKeyringBehaviour[] = ['memory-with-banner', 'refuse'];
  return (
    <section aria-labelledby="secrets-title">
      <h3 id="secrets-title" className="section-title">
        {t('secrets.title')}
      </h3>
      <p className="account-hint">{t(`secrets.storage.${secrets.storage}`)}</p>
      <fieldset className="fieldset" disabled={secrets.locked}>
        <legend>{t('secrets.noKeyring')}</legend>
        {behaviours.map((behaviour) => (
          <label key={behaviour} className="choice">
            <input
              type="radio"
              name="no-keyring"
              checked={secrets.noKeyringBehaviour === behaviour}
              onChange={() => void setBehaviour(behaviour)}
            />
            {t(`secrets.behaviours.${behaviour}`)}
          </label>
        ))}
        {secrets.locked && <p className="account-hint">{t('secrets.locked')}</p>}
      </fieldset>
    </section>
  );
}
