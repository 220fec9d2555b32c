import { useRef, useState } from 'react';
import type { AccountSummary, ErrorInfo, SignInResult } from '../../../../preload/contract';
import { call, toErrorInfo } from '../../../ui/api';

/**
 * One sign-in as the user lives it: the request, then a second-factor code if the server asks for one, an
 * untrusted certificate the user may decide to trust (and the request is sent again), or an error to read.
 */
export function useSignIn(onSignedIn: (account: AccountSummary) => void) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [challenge, setChallenge] = useState<string | null>(null);
  const last = useRef<(() => Promise<SignInResult>) | null>(null);

  async function settle(request: Promise<SignInResult>): Promise<void> {
    setBusy(true);
    setError(null);
    try {
      const result = await request;
      if (result.status === 'two-factor-required') {
        setChallenge(result.challengeId);
      } else {
        setChallenge(null);
        onSignedIn(result.account);
      }
    } catch (failure) {
      const info = toErrorInfo(failure);
      // An expired challenge cannot take a code any more: back to the password.
      if (info.code === 'auth.challengeExpired') setChallenge(null);
      setError(info);
    } finally {
      setBusy(false);
    }
  }

  return {
    busy,
    error,
    challenge,
    start(request: () => Promise<SignInResult>) {
      last.current = request;
      return settle(request());
    },
    submitCode(code: string) {
      if (!challenge) return Promise.resolve();
      return settle(call('accounts:twoFactor', { challengeId: challenge, code }));
    },
    /** Trusts the certificate of the last `tls.untrusted` error, then sends the request again. */
    async trustAndRetry() {
      const host = String(error?.params?.host ?? '');
      const fingerprint = String(error?.params?.fingerprint ?? '');
      try {
        await call('certificates:trust', { host, fingerprint });
      } catch (failure) {
        setError(toErrorInfo(failure));
        return;
      }
      if (last.current) await settle(last.current());
    },
    reset() {
      setError(null);
      setChallenge(null);
    },
  };
}

export type SignInFlow = ReturnType<typeof useSignIn>;
