// What a failed remote phase means for its task: wait for the server to be reachable again, wait for the user
// to sign in, wait for the user to change something (a refused recipient), or simply try again later.
import { CoreError } from '../errors';
import type { ErrorInfo } from '../model';

export type FailureKind = 'offline' | 'signIn' | 'user' | 'later';

export interface Failure {
  kind: FailureKind;
  error: ErrorInfo;
}

/** Errors only the user can cure: trying again unchanged would fail the same way. */
const NEEDS_THE_USER = new Set([
  'outbox.recipientRejected',
  'outbox.senderRejected',
  'outbox.refused',
  'outbox.tooLarge',
  'outbox.noRecipient',
  'mail.tooLarge',
]);

export function classify(error: unknown): Failure {
  if (!(error instanceof CoreError)) return { kind: 'later', error: { code: 'internal' } };
  const info = error.toInfo();
  if (error.code.startsWith('network.') || error.code.startsWith('tls.')) return { kind: 'offline', error: info };
  if (error.code.startsWith('auth.')) return { kind: 'signIn', error: info };
  if (NEEDS_THE_USER.has(error.code)) return { kind: 'user', error: info };
  return { kind: 'later', error: info };
}
