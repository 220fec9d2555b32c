import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccountServer, PreconfiguredAccountEntry } from '../../../preload/contract';
import { useManaged } from '../../app/managed';
import { call } from '../../ui/api';
import { SignInError, TwoFactorForm } from './accounts/SignInFeedback';
import { useSignIn } from './accounts/useSignIn';
import { ManagedBadge } from './Managed';

function serverName(server: AccountServer): string {
  if (server.type === 'web') return new URL(server.url).host;
  return server.type === 'mail' ? server.incoming.host : server.domain;
}

/** The accounts the organisation preconfigured, each signed in with a password (or SSO) and nothing more. */
export function ManagedAccounts() {
  const { t } = useTranslation();
  const entries = useManaged((s) => s.preconfigured);
  const allowAccountAdd = useManaged((s) => s.policy.allowAccountAdd);
  if (entries.length === 0 && allowAccountAdd) return null;
  return (
    <section className="settings-section" aria-labelledby="managed-accounts-title">
      <h3 id="managed-accounts-title" className="section-title">
        {t('policy.accounts.title')}
      </h3>
      {entries.length > 0 && (
        <ul className="managed-accounts" aria-labelledby="managed-accounts-title">
          {entries.map((entry) => (
            <ManagedAccount key={entry.id} entry={entry} />
          ))}
        </ul>
      )}
      {!allowAccountAdd && <p className="settings-hint">{t('policy.accounts.addLocked')}</p>}
    </section>
  );
}

function ManagedAccount({ entry }: { entry: PreconfiguredAccountEntry }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <li className="managed-account" aria-label={entry.label}>
      <div className="managed-account-head">
        <span className="managed-account-name">{entry.label}</span>
        <ManagedBadge />
      </div>
      <span className="managed-account-detail">
        {entry.username ? `${entry.username} · ${serverName(entry.server)}` : serverName(entry.server)}
      </span>
      {entry.accountId ? (
        <span className="managed-account-detail">{t('policy.accounts.signedIn')}</span>
      ) : open ? (
        <SignInForm entry={entry} onDone={() => setOpen(false)} />
      ) : (
        <button
          type="button"
          className="button"
          onClick={() => setOpen(true)}
          aria-label={t('policy.accounts.signInTo', { label: entry.label })}
        >
          {t('policy.accounts.signIn')}
        </button>
      )}
    </li>
  );
}

/** The username when the policy leaves it open, the password unless SSO; then what the server asks for. */
function SignInForm({ entry, onDone }: { entry: PreconfiguredAccountEntry; onDone(): void }) {
  const { t } = useTranslation();
  const [username, setUsername] = useState(entry.username ?? '');
  const [password, setPassword] = useState('');
  const flow = useSignIn(() => {
    onDone();
    void useManaged.getState().refreshPreconfigured();
  });
  if (flow.challenge) return <TwoFactorForm flow={flow} />;

  const { kindId, server, method } = entry;
  return (
    <form
      className="account-form managed-sign-in"
      onSubmit={(event) => {
        event.preventDefault();
        const secret = method === 'password' ? { password } : {};
        void flow.start(() => call('accounts:add', { kindId, server, username: username.trim(), method, ...secret }));
      }}
    >
      {entry.username === null && (
        <label className="field">
          <span>{t('policy.accounts.username')}</span>
          <input
            value={username}
            onChange={(event) => setUsername(event.target.value)}
            autoComplete="username"
            required
            autoFocus
          />
        </label>
      )}
      {method === 'password' && (
        <label className="field">
          <span>{t('policy.accounts.password')}</span>
          <input
            type="password"
            value={password}
            onChange={(event) => setPassword(event.target.value)}
            autoComplete="current-password"
            required
            autoFocus={entry.username !== null}
          />
        </label>
      )}
      <SignInError flow={flow} />
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={flow.busy}>
          {method === 'sso' ? t('policy.accounts.signInSso') : t('policy.accounts.signIn')}
        </button>
        <button type="button" className="button" onClick={onDone}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
