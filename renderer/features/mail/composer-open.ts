// What the composer starts from: a draft the core creates (blank, or answering a message: it builds the
// recipients, subject and quote) or one it already has, and the body to show, with the account's signature
// inserted above any quote for new mail, replies and forwards.
import type { Draft, ErrorInfo } from '../../../preload/contract';
import { useNav } from '../../app/store';
import { call } from '../../ui/api';
import { signatureHtml, textToHtml } from './composer-html';
import type { ComposeRequest } from './composer-store';
import { parseRecipients, toAddresses } from './recipients';

export interface OpenedDraft {
  draft: Draft;
  html: string;
  /** The draft differs from what the core created (prefill, signature): save it at once. */
  prefilled: boolean;
}

/** A failure of the renderer's own (the core's come as bridge errors, see `toErrorInfo`). */
export class ComposeError extends Error {
  constructor(readonly info: ErrorInfo) {
    super(info.code);
  }
}

/** The account a new mail is written from when the request names none: the folder on screen's, else the first. */
async function defaultAccount(): Promise<string> {
  const folders = await call('mail:folders', {});
  const selected = useNav.getState().mail.folderId;
  const accountId = folders.find((f) => f.id === selected)?.accountId ?? folders[0]?.accountId;
  if (!accountId) throw new ComposeError({ code: 'mail.noAccount' });
  return accountId;
}

const bodyOf = (draft: Draft) => draft.bodyHtml ?? textToHtml(draft.bodyText);

async function signatureOf(accountId: string): Promise<string> {
  // A missing signature never stops writing a mail.
  return signatureHtml(await call('mail:signature', { accountId }).catch(() => ''));
}

export async function openDraft(request: ComposeRequest): Promise<OpenedDraft> {
  if (request.mode === 'draft') {
    const draft = await call('drafts:get', { id: request.draftId });
    return { draft, html: bodyOf(draft), prefilled: false };
  }
  if (request.mode === 'edit') {
    const draft = await call('drafts:create', { source: { messageId: request.messageId, mode: 'edit' } });
    return { draft, html: bodyOf(draft), prefilled: false };
  }
  if (request.mode === 'new') {
    const accountId = request.accountId ?? (await defaultAccount());
    const created = await call('drafts:create', { accountId });
    const signature = await signatureOf(accountId);
    const body = textToHtml(request.body ?? '');
    const list = (entries: string[] | undefined) => toAddresses(parseRecipients((entries ?? []).join(',')));
    const draft: Draft = {
      ...created,
      to: list(request.to),
      cc: list(request.cc),
      bcc: list(request.bcc),
      subject: request.subject ?? '',
    };
    return { draft, html: `${body || '<p><br></p>'}${signature}`, prefilled: true };
  }
  const draft = await call('drafts:create', { source: { messageId: request.messageId, mode: request.mode } });
  const signature = await signatureOf(draft.accountId);
  const quote = bodyOf(draft).replace(/^<p><br><\/p>/, '');
  return { draft, html: `<p><br></p>${signature}${signature && quote ? '<p><br></p>' : ''}${quote}`, prefilled: true };
}
