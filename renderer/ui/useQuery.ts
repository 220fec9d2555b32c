import { useCallback, useEffect, useState } from 'react';
import type { Channel, ErrorInfo, RequestOf, ResponseOf } from '../../preload/contract';
import { call, toErrorInfo } from './api';

export type QueryStatus = 'idle' | 'loading' | 'error' | 'ready';

export interface Query<T> {
  status: QueryStatus;
  data: T | undefined;
  error: ErrorInfo | undefined;
  /** Fetches again, keeping the current data on screen until the answer arrives. */
  refresh: () => void;
  /** Patches the data locally (optimistic updates). */
  mutate: (update: (data: T) => T) => void;
}

interface Settled<T> {
  key: string;
  data?: T;
  error?: ErrorInfo;
}

/**
 * One contract request tied to a component's life. A `null` request means "nothing to ask yet" (idle).
 * A changed request shows `loading` with no data; a refresh of the same request keeps the old data.
 */
export function useQuery<C extends Channel>(channel: C, request: RequestOf<C> | null): Query<ResponseOf<C>> {
  const key = request === null ? '' : `${channel} ${JSON.stringify(request)}`;
  const [settled, setSettled] = useState<Settled<ResponseOf<C>>>({ key: '' });
  const [version, setVersion] = useState(0);

  useEffect(() => {
    if (key === '') return;
    let live = true;
    const parsed = JSON.parse(key.slice(channel.length + 1)) as RequestOf<C>;
    call(channel, parsed).then(
      (data) => live && setSettled({ key, data }),
      (error: unknown) => live && setSettled({ key, error: toErrorInfo(error) }),
    );
    return () => {
      live = false;
    };
  }, [channel, key, version]);

  const refresh = useCallback(() => {
    // After a failure, show loading again rather than the stale error.
    setSettled((s) => (s.error ? { key: '' } : s));
    setVersion((v) => v + 1);
  }, []);
  const mutate = useCallback(
    (update: (data: ResponseOf<C>) => ResponseOf<C>) =>
      setSettled((s) => (s.data === undefined ? s : { ...s, data: update(s.data) })),
    [],
  );

  if (key === '') return { status: 'idle', data: undefined, error: undefined, refresh, mutate };
  if (settled.key !== key) return { status: 'loading', data: undefined, error: undefined, refresh, mutate };
  return {
    status: settled.error ? 'error' : 'ready',
    data: settled.data,
    error: settled.error,
    refresh,
    mutate,
  };
}
