// What IMAP and SMTP failures mean to the user: translatable errors, and for the engine the difference
// between "the server is out of reach" (retry when it is back), "the password is refused" (ask the user) and
// "the server said no to this" (a refused recipient, a full mailbox: the user decides).
import { CoreError } from '../../core/errors';
import { toNetworkError } from '../http/network';
import type { MailServerAccess } from './connection';

interface ImapFailure {
  authenticationFailed?: boolean;
  serverResponseCode?: string;
  responseStatus?: string;
  responseText?: string;
  code?: string;
}

interface SmtpFailure {
  code?: string;
  responseCode?: number;
  response?: string;
  command?: string;
  rejected?: string[];
}

const QUOTA = /quota|mailbox (is )?full|over ?quota/i;
const TOO_LARGE = /too (big|large)|size (limit|exceed)|message size|exceeds/i;
const MAX_REASON = 200;

const reasonOf = (text: string | undefined) => (text ?? '').replace(/\s+/g, ' ').trim().slice(0, MAX_REASON);

/** An IMAP failure as a CoreError; errors that are not about IMAP (a bug) come back unchanged. */
export async function imapError(error: unknown, access: MailServerAccess): Promise<unknown> {
  if (error instanceof CoreError) return error;
  const failure = (error ?? {}) as ImapFailure;
  if (failure.authenticationFailed) return new CoreError('auth.expired');
  const code = failure.serverResponseCode?.toUpperCase();
  if (code === 'OVERQUOTA' || (failure.responseStatus === 'NO' && QUOTA.test(failure.responseText ?? ''))) {
    return new CoreError('mail.quotaExceeded');
  }
  if (code === 'TRYCREATE' || code === 'NONEXISTENT') return new CoreError('mail.folderMissing');
  if (code === 'TOOBIG' || code === 'LIMIT') return new CoreError('mail.tooLarge');
  if (failure.responseStatus === 'NO' || failure.responseStatus === 'BAD') {
    return new CoreError('mail.serverRefused', { reason: reasonOf(failure.responseText) });
  }
  const { host, port, security } = access.incoming;
  return toNetworkError(error, { host, port, startTls: security === 'starttls' ? 'imap' : undefined }, access.network);
}

/** An SMTP failure as a CoreError: refused recipients and sizes are the user's to fix; 4xx replies are retried. */
export async function smtpError(error: unknown, access: MailServerAccess): Promise<unknown> {
  if (error instanceof CoreError) return error;
  const failure = (error ?? {}) as SmtpFailure;
  if (failure.code === 'EAUTH') return new CoreError('auth.expired');
  const reply = failure.responseCode;
  if (reply === 552 || (reply !== undefined && reply >= 500 && TOO_LARGE.test(failure.response ?? ''))) {
    return new CoreError('outbox.tooLarge');
  }
  if (failure.code === 'EENVELOPE' && failure.rejected && failure.rejected.length > 0) {
    return new CoreError('outbox.recipientRejected', { recipients: failure.rejected.join(', ') });
  }
  if (reply !== undefined && reply >= 500) {
    const code = failure.command === 'MAIL FROM' ? 'outbox.senderRejected' : 'outbox.refused';
    return new CoreError(code, { reason: reasonOf(failure.response) });
  }
  if (reply !== undefined && reply >= 400)
    return new CoreError('mail.serverBusy', { reason: reasonOf(failure.response) });
  const { host, port, security } = access.outgoing;
  return toNetworkError(error, { host, port, startTls: security === 'starttls' ? 'smtp' : undefined }, access.network);
}
