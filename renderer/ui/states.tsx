import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ErrorInfo } from '../../preload/contract';
import { errorMessage } from '../i18n';
import type { Query } from './useQuery';

export function Loading() {
  const { t } = useTranslation();
  return (
    <div className="state" role="status">
      <span className="spinner" aria-hidden="true" />
      {t('states.loading')}
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <div className="state state-empty">{children}</div>;
}

export function Failure({ error, onRetry }: { error: ErrorInfo; onRetry?: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="state state-error" role="alert">
      <p>{errorMessage(t, error)}</p>
      {onRetry && (
        <button type="button" className="button" onClick={onRetry}>
          {t('states.retry')}
        </button>
      )}
    </div>
  );
}

/** Renders the loading and error states of a query, and its data once ready. */
export function QueryView<T>({
  query,
  children,
}: {
  query: Pick<Query<T>, 'status' | 'data' | 'error' | 'refresh'>;
  children: (data: T) => ReactNode;
}) {
  if (query.status === 'idle') return null;
  if (query.data !== undefined) return <>{children(query.data)}</>;
  if (query.status === 'error' && query.error) return <Failure error={query.error} onRetry={query.refresh} />;
  return <Loading />;
}
