// The mail composer: a non-modal panel over the reading pane. The core creates the draft (quotes, recipients and
// subject of replies and forwards); every change is saved to it after a quiet second and on close, files are
// staged to the core in chunks, and "Envoyer" queues the draft in the outbox (it leaves when the server is there).
import { useEffect, useRef, useState, type DragEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AttachmentPolicy, Draft, ErrorInfo } from '../../../preload/contract';
import { errorMessage } from '../../i18n';
import { call, toErrorInfo } from '../../ui/api';
import { CloseIcon } from '../../ui/icons';
import { stageFile } from '../files/transfer';
import { ComposerAttachments, linkChoiceFor, type AttachmentItem } from './ComposerAttachments';
import { ComposerEditor } from './ComposerEditor';
import { htmlToPlainText } from './composer-html';
import { ComposeError, openDraft } from './composer-open';
import { DraftSaver } from './composer-saver';
import type { ComposeRequest } from './composer-store';
import { RecipientField } from './RecipientField';
import { toAddresses, toRecipient, type Recipient } from './recipients';

interface Fields {
  to: Recipient[];
  cc: Recipient[];
  bcc: Recipient[];
  subject: string;
  html: string;
  attachments: AttachmentItem[];
}

type SaveState = 'idle' | 'saving' | 'saved' | 'failed';

const emptyFields: Fields = { to: [], cc: [], bcc: [], subject: '', html: '', attachments: [] };

const hasFiles = (event: DragEvent) => [...event.dataTransfer.types].includes('Files');
const asInfo = (error: unknown): ErrorInfo => (error instanceof ComposeError ? error.info : toErrorInfo(error));

let nextKey = 0;
const itemOf = (attachment: Draft['attachments'][number]): AttachmentItem => ({
  key: `saved-${attachment.id}`,
  id: attachment.id,
  name: attachment.name,
  size: attachment.size,
  mimeType: attachment.mimeType,
  sendAsLink: attachment.sendAsLink === true,
});

export function Composer({ request, onClose }: { request: ComposeRequest; onClose: () => void }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<Draft | null>(null);
  const [initialHtml, setInitialHtml] = useState<string | null>(null);
  const [openError, setOpenError] = useState<ErrorInfo | null>(null);
  const [fields, setFieldsState] = useState<Fields>(emptyFields);
  const [policy, setPolicy] = useState<AttachmentPolicy | null>(null);
  const [saveState, setSaveState] = useState<SaveState>('idle');
  const [saveError, setSaveError] = useState<ErrorInfo | null>(null);
  const [sendError, setSendError] = useState<ErrorInfo | null>(null);
  const [sending, setSending] = useState(false);
  const [dragOver, setDragOver] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  // The latest state for the saver and the handlers (they run outside renders): every setter below updates it.
  const latest = useRef<{
    draft: Draft | null;
    fields: Fields;
    policy: AttachmentPolicy | null;
    saveError: ErrorInfo | null;
  }>({ draft: null, fields: emptyFields, policy: null, saveError: null });
  const touched = useRef(false);
  const closing = useRef(false);

  // The autosave, made once mounted (it reads `latest`, outside renders); handlers reach it through `saverRef`.
  const saverRef = useRef<DraftSaver | null>(null);
  useEffect(() => {
    const saver: DraftSaver = new DraftSaver(
      async () => {
        const { draft: current, fields: now } = latest.current;
        if (!current) return;
        setSaveState('saving');
        const included = now.attachments.filter((a) => a.id !== undefined || a.stagingId !== undefined);
        const saved = await call('drafts:save', {
          id: current.id,
          to: toAddresses(now.to),
          cc: toAddresses(now.cc),
          bcc: toAddresses(now.bcc),
          subject: now.subject,
          bodyHtml: now.html,
          bodyText: htmlToPlainText(now.html),
          attachments: included.map((a) => {
            const link = a.sendAsLink || linkChoiceFor(latest.current.policy, a.size) === 'forced';
            const choice = link ? { sendAsLink: true } : {};
            if (a.id !== undefined) return { id: a.id, ...choice };
            return {
              stagingId: a.stagingId!,
              name: a.name,
              ...(a.mimeType ? { mimeType: a.mimeType } : {}),
              ...choice,
            };
          }),
        });
        // Staged files are the draft's now: they are kept by id from here on.
        const ids = new Map(included.map((a, index) => [a.key, saved.attachments[index]?.id]));
        setFields((f) => ({
          attachments: f.attachments.map((a) =>
            ids.get(a.key) !== undefined ? { ...a, id: ids.get(a.key), stagingId: undefined } : a,
          ),
        }));
        latest.current.draft = saved;
        setDraft(saved);
        latest.current.saveError = null;
        setSaveError(null);
        setSaveState(saver.dirty ? 'idle' : 'saved');
      },
      (error) => {
        setSaveState('failed');
        latest.current.saveError = asInfo(error);
        setSaveError(latest.current.saveError);
      },
    );
    saverRef.current = saver;
    // Leaving (another composer opened, the Mail app left) saves what is not saved yet.
    return () => {
      if (!closing.current) void saver.flush();
      saver.dispose();
    };
  }, []);

  /** Changes the fields on screen and in `latest` at once (the saver may run before the next render). */
  function setFields(patch: Partial<Fields> | ((f: Fields) => Partial<Fields>)) {
    const current = latest.current.fields;
    const next = { ...current, ...(typeof patch === 'function' ? patch(current) : patch) };
    latest.current.fields = next;
    setFieldsState(next);
  }

  /** A change by the user: shown, then saved after a quiet second. */
  const update = (patch: Partial<Fields> | ((f: Fields) => Partial<Fields>)) => {
    touched.current = true;
    setFields(patch);
    setSaveState('idle');
    saverRef.current?.changed();
  };

  // Opens (or creates) the draft once, even when React mounts the component twice in development.
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    openDraft(request).then(
      ({ draft: opened, html, prefilled }) => {
        const next: Fields = {
          to: opened.to.map(toRecipient),
          cc: opened.cc.map(toRecipient),
          bcc: opened.bcc.map(toRecipient),
          subject: opened.subject,
          html,
          attachments: opened.attachments.map(itemOf),
        };
        latest.current.draft = opened;
        setDraft(opened);
        setFields(next);
        setInitialHtml(html);
        if (prefilled) saverRef.current?.changed();
        call('attachments:policy', { accountId: opened.accountId }).then(
          (found) => {
            latest.current.policy = found;
            setPolicy(found);
          },
          () => undefined,
        );
      },
      (error: unknown) => setOpenError(asInfo(error)),
    );
  }, [request]);

  const close = async () => {
    if (closing.current) return;
    closing.current = true;
    const current = latest.current.draft;
    // An answer or a new mail the user never touched leaves no draft behind.
    if (current && !touched.current && request.mode !== 'draft' && request.mode !== 'edit') {
      saverRef.current?.dispose();
      await call('drafts:discard', { id: current.id }).catch(() => undefined);
    } else {
      await saverRef.current?.flush();
    }
    onClose();
  };

  const discard = async () => {
    closing.current = true;
    saverRef.current?.dispose();
    const current = latest.current.draft;
    if (current) {
      try {
        await call('drafts:discard', { id: current.id });
      } catch (error) {
        closing.current = false;
        setSendError(asInfo(error));
        return;
      }
    }
    onClose();
  };

  const send = async () => {
    if (sending || !draft) return;
    setSendError(null);
    const { fields: now } = latest.current;
    if ([...now.to, ...now.cc, ...now.bcc].some((r) => !r.valid)) {
      setSendError({ code: 'mail.invalidRecipient' });
      return;
    }
    if (now.attachments.some((a) => a.id === undefined && a.stagingId === undefined && !a.error)) {
      setSendError({ code: 'mail.attachmentsPending' });
      return;
    }
    const saver = saverRef.current;
    if (!saver) return;
    setSending(true);
    saver.changed();
    await saver.flush();
    if (saver.dirty) {
      setSending(false);
      setSendError(latest.current.saveError ?? { code: 'network.unavailable' });
      return;
    }
    try {
      closing.current = true;
      await call('outbox:send', { draftId: draft.id });
      saver.dispose();
      onClose();
    } catch (error) {
      // The draft stays as it is: the user corrects it and sends again.
      closing.current = false;
      setSendError(asInfo(error));
      setSending(false);
    }
  };

  const addFiles = (files: File[]) => {
    for (const file of files) {
      const key = `new-${(nextKey += 1)}`;
      const item: AttachmentItem = {
        key,
        name: file.name,
        size: file.size,
        ...(file.type ? { mimeType: file.type } : {}),
        staged: 0,
        sendAsLink: false,
      };
      update((f) => ({ attachments: [...f.attachments, item] }));
      const patch = (change: Partial<AttachmentItem>) =>
        setFields((f) => ({ attachments: f.attachments.map((a) => (a.key === key ? { ...a, ...change } : a)) }));
      stageFile(file, (done) => patch({ staged: done })).then(
        (stagingId) => {
          // Removed while it was staging: the core drops unclaimed staged files.
          if (!latest.current.fields.attachments.some((a) => a.key === key)) return;
          patch({ stagingId, staged: file.size });
          saverRef.current?.changed();
          void saverRef.current?.flush();
        },
        (error: unknown) => patch({ error: asInfo(error) }),
      );
    }
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape' && !event.defaultPrevented) {
      event.preventDefault();
      void close();
    } else if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void send();
    }
  };

  const title =
    request.mode === 'reply' || request.mode === 'replyAll'
      ? t('composer.titleReply')
      : request.mode === 'forward'
        ? t('composer.titleForward')
        : t('composer.titleNew');

  return (
    <form
      className="composer"
      aria-label={t('composer.label')}
      data-drag-over={dragOver || undefined}
      onSubmit={(event) => {
        event.preventDefault();
        void send();
      }}
      onKeyDown={onKeyDown}
      onDragOver={(event) => {
        if (!hasFiles(event)) return;
        event.preventDefault();
        event.dataTransfer.dropEffect = 'copy';
        setDragOver(true);
      }}
      onDragLeave={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setDragOver(false);
      }}
      onDrop={(event) => {
        if (!hasFiles(event)) return;
        event.preventDefault();
        setDragOver(false);
        if (draft) addFiles([...event.dataTransfer.files]);
      }}
    >
      <div className="composer-header">
        <h2 className="composer-title">{fields.subject.trim() || title}</h2>
        <span className="composer-save-state muted" role="status">
          {saveState === 'saved' && t('composer.saved')}
          {saveState === 'saving' && t('composer.saving')}
        </span>
        <button type="button" className="icon-button" aria-label={t('common.close')} onClick={() => void close()}>
          <CloseIcon size={18} />
        </button>
      </div>
      {openError ? (
        <p className="composer-error" role="alert">
          {errorMessage(t, openError)}
        </p>
      ) : !draft || initialHtml === null ? (
        <p className="muted" role="status">
          {t('states.loading')}
        </p>
      ) : (
        <>
          <p className="composer-from muted">
            {t('composer.from', {
              from: draft.from.name ? `${draft.from.name} <${draft.from.address}>` : draft.from.address,
            })}
          </p>
          <RecipientField
            label={t('composer.to')}
            accountId={draft.accountId}
            value={fields.to}
            onChange={(to) => update({ to })}
            autoFocus={request.mode === 'new' && fields.to.length === 0}
          />
          <RecipientField
            label={t('composer.cc')}
            accountId={draft.accountId}
            value={fields.cc}
            onChange={(cc) => update({ cc })}
          />
          <RecipientField
            label={t('composer.bcc')}
            accountId={draft.accountId}
            value={fields.bcc}
            onChange={(bcc) => update({ bcc })}
          />
          <div className="composer-subject">
            <label htmlFor="composer-subject">{t('composer.subject')}</label>
            <input
              id="composer-subject"
              value={fields.subject}
              maxLength={998}
              onChange={(event) => update({ subject: event.target.value })}
            />
          </div>
          <ComposerEditor
            initialHtml={initialHtml}
            onChange={(html) => update({ html })}
            autoFocus={request.mode !== 'new' || fields.to.length > 0}
          />
          <ComposerAttachments
            items={fields.attachments}
            policy={policy}
            onRemove={(key) => update((f) => ({ attachments: f.attachments.filter((a) => a.key !== key) }))}
            onSendAsLink={(key, sendAsLink) =>
              update((f) => ({ attachments: f.attachments.map((a) => (a.key === key ? { ...a, sendAsLink } : a)) }))
            }
          />
          {dragOver && (
            <div className="composer-drop-hint" aria-hidden="true">
              {t('composer.dropHere')}
            </div>
          )}
          {(sendError ?? saveError) && (
            <p className="composer-error" role="alert">
              {errorMessage(t, (sendError ?? saveError)!)}
            </p>
          )}
          <div className="composer-actions">
            <button type="submit" className="button button-primary" disabled={sending}>
              {t('composer.send')}
            </button>
            <button type="button" className="button" onClick={() => fileInput.current?.click()}>
              {t('composer.attach')}
            </button>
            <input
              ref={fileInput}
              type="file"
              multiple
              hidden
              tabIndex={-1}
              aria-hidden="true"
              data-testid="composer-file-input"
              onChange={(event) => {
                const files = [...(event.currentTarget.files ?? [])];
                event.currentTarget.value = '';
                addFiles(files);
              }}
            />
            <button type="button" className="button composer-discard" onClick={() => void discard()}>
              {t('composer.discard')}
            </button>
          </div>
        </>
      )}
    </form>
  );
}
