// The REST client's session keys from the accounts layer's sessions (login.ts puts the BlueMind session id in
// the `X-BM-ApiKey` header of the session's auth): the current key is the session's, and a refused key is
// renewed by telling the session manager that this session expired, which renews it once with the device's
// API key or leaves the account waiting for the user.
import type { SessionAuth } from '../../core/accounts/driver';
import { CoreError } from '../../core/errors';
import type { SessionKeys } from './client';

export type WithSession = <T>(work: (auth: SessionAuth) => Promise<T>) => Promise<T>;

const keyOf = (auth: SessionAuth): string => {
  const key = auth.headers?.['X-BM-ApiKey'];
  if (!key) throw new CoreError('auth.expired');
  return key;
};

export function sessionKeysFrom(withSession: WithSession): SessionKeys {
  return {
    current: () => withSession(async (auth) => keyOf(auth)),
    renew: (refused) =>
      withSession(async (auth) => {
        const key = keyOf(auth);
        // The manager renews on `auth.expired` and runs this again with the new session.
        if (key === refused) throw new CoreError('auth.expired');
        return key;
      }),
  };
}
