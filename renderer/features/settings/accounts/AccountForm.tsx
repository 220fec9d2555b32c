import { useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type {
  AccountKindInfo,
  AccountServer,
  ConnectionSecurity,
  ServerEndpoint,
  SignInMethod,
} from '../../../../preload/contract';

export interface AccountFormValues {
  server: AccountServer;
  username: string;
  displayName: string;
  method: SignInMethod;
  password: string;
}

/** An empty server of the form a kind expects, for a setup typed by hand. */
export function blankServer(kind: AccountKindInfo): AccountServer {
  switch (kind.setup?.server) {
    case 'mail':
      return {
        type: 'mail',
        incoming: { host: '', port: 993, security: 'tls' },
        outgoing: { host: '', port: 587, security: 'starttls' },
      };
    case 'chat':
      return { type: 'chat', domain: '', endpoint: { host: '', port: 5222, security: 'starttls' } };
    default:
      return { type: 'web', url: 'https://' };
  }
}

const securities: readonly ConnectionSecurity[] = ['tls', 'starttls', 'none'];

/**
 * The settings and credentials of one account. `passwordRequired` is false when editing an account whose
 * server and username stay the same (the stored credentials still apply).
 */
export function AccountForm({
  kind,
  initial,
  submitLabel,
  busy,
  passwordOptional = false,
  onSubmit,
  children,
}: {
  kind: AccountKindInfo;
  initial: AccountFormValues;
  submitLabel: string;
  busy: boolean;
  passwordOptional?: boolean;
  onSubmit: (values: AccountFormValues) => void;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  const [values, setValues] = useState(initial);
  const methods = kind.setup?.methods ?? ['password'];
  const set = <K extends keyof AccountFormValues>(key: K, value: AccountFormValues[K]) =>
    setValues((current) => ({ ...current, [key]: value }));

  return (
    <form
      className="account-form"
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit(values);
      }}
    >
      <ServerFields server={values.server} onChange={(server) => set('server', server)} />
      <label className="field">
        <span>{t('accounts.form.username')}</span>
        <input
          value={values.username}
          onChange={(event) => set('username', event.target.value)}
          autoComplete="username"
          required
        />
      </label>
      <label className="field">
        <span>{t('accounts.form.displayName')}</span>
        <input
          value={values.displayName}
          onChange={(event) => set('displayName', event.target.value)}
          placeholder={t('accounts.form.displayNameHint')}
        />
      </label>
      {methods.length > 1 && (
        <fieldset className="fieldset">
          <legend>{t('accounts.form.method')}</legend>
          {methods.map((method) => (
            <label key={method} className="choice">
              <input
                type="radio"
                name="method"
                checked={values.method === method}
                onChange={() => set('method', method)}
              />
              {t(`accounts.methods.${method}`)}
            </label>
          ))}
        </fieldset>
      )}
      {values.method === 'password' && (
        <label className="field">
          <span>{t('accounts.form.password')}</span>
          <input
            type="password"
            value={values.password}
            onChange={(event) => set('password', event.target.value)}
            autoComplete="current-password"
            required={!passwordOptional}
            placeholder={passwordOptional ? t('accounts.form.passwordUnchanged') : undefined}
          />
        </label>
      )}
      {children}
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={busy}>
          {submitLabel}
        </button>
      </div>
    </form>
  );
}

function ServerFields({ server, onChange }: { server: AccountServer; onChange: (server: AccountServer) => void }) {
  const { t } = useTranslation();
  switch (server.type) {
    case 'web':
      return (
        <label className="field">
          <span>{t('accounts.form.serverUrl')}</span>
          <input
            type="url"
            value={server.url}
            onChange={(event) => onChange({ ...server, url: event.target.value.trim() })}
            required
          />
        </label>
      );
    case 'mail':
      return (
        <>
          <EndpointFields
            legend={t('accounts.form.incoming')}
            endpoint={server.incoming}
            onChange={(incoming) => onChange({ ...server, incoming })}
          />
          <EndpointFields
            legend={t('accounts.form.outgoing')}
            endpoint={server.outgoing}
            onChange={(outgoing) => onChange({ ...server, outgoing })}
          />
        </>
      );
    case 'chat':
      return (
        <>
          <label className="field">
            <span>{t('accounts.form.chatDomain')}</span>
            <input
              value={server.domain}
              onChange={(event) => onChange({ ...server, domain: event.target.value.trim() })}
              required
            />
          </label>
          <EndpointFields
            legend={t('accounts.form.chatServer')}
            endpoint={server.endpoint}
            onChange={(endpoint) => onChange({ ...server, endpoint })}
          />
        </>
      );
  }
}

function EndpointFields({
  legend,
  endpoint,
  onChange,
}: {
  legend: string;
  endpoint: ServerEndpoint;
  onChange: (endpoint: ServerEndpoint) => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <fieldset className="fieldset endpoint">
      <legend>{legend}</legend>
      <label className="field">
        <span>{t('accounts.form.host')}</span>
        <input
          value={endpoint.host}
          onChange={(event) => onChange({ ...endpoint, host: event.target.value.trim() })}
          required
        />
      </label>
      <label className="field field-port">
        <span>{t('accounts.form.port')}</span>
        <input
          type="number"
          min={1}
          max={65535}
          value={endpoint.port}
          onChange={(event) => onChange({ ...endpoint, port: Number(event.target.value) })}
          required
        />
      </label>
      <label className="field" htmlFor={`${id}-security`}>
        <span>{t('accounts.form.security')}</span>
        <select
          id={`${id}-security`}
          value={endpoint.security}
          onChange={(event) => onChange({ ...endpoint, security: event.target.value as ConnectionSecurity })}
        >
          {securities.map((security) => (
            <option key={security} value={security}>
              {t(`accounts.security.${security}`)}
            </option>
          ))}
        </select>
      </label>
    </fieldset>
  );
}
