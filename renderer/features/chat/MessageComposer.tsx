// Writing in a conversation: text (Enter sends, Shift+Enter goes to the line) and file attachments, sent at once
// or queued while offline; whatever the conversation's back-end, through `chat:send`.
import { useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ErrorInfo } from '../../../preload/contract';
import { errorMessage } from '../../i18n';
import { call, toErrorInfo } from '../../ui/api';
import { PaperclipIcon, SentIcon } from '../../ui/icons';
import { stageFile } from '../files/transfer';

export function MessageComposer({ conversationId, onSent }: { conversationId: string; onSent: () => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const picker = useRef<HTMLInputElement>(null);

  const send = async (file?: File) => {
    if (busy || (!file && text.trim() === '')) return;
    setBusy(true);
    setError(null);
    try {
      const stagingId = file ? await stageFile(file) : undefined;
      await call('chat:send', { conversationId, text: file ? '' : text, ...(stagingId && { stagingId }) });
      if (!file) setText('');
      onSent();
    } catch (failure) {
      setError(toErrorInfo(failure));
    } finally {
      setBusy(false);
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      void send();
    }
  };

  return (
    <form
      className="composer chat-composer"
      onSubmit={(event) => {
        event.preventDefault();
        void send();
      }}
    >
      <label htmlFor="chat-composer" className="visually-hidden">
        {t('chat.composer')}
      </label>
      <div className="chat-composer-row">
        <textarea
          id="chat-composer"
          rows={2}
          value={text}
          placeholder={t('chat.composerPlaceholder')}
          onChange={(event) => setText(event.target.value)}
          onKeyDown={onKeyDown}
        />
        <button
          type="button"
          className="icon-button"
          aria-label={t('chat.attach')}
          disabled={busy}
          onClick={() => picker.current?.click()}
        >
          <PaperclipIcon size={18} />
        </button>
        <button type="submit" className="icon-button" aria-label={t('chat.send')} disabled={busy || text.trim() === ''}>
          <SentIcon size={18} />
        </button>
        <input
          ref={picker}
          type="file"
          hidden
          aria-label={t('chat.attach')}
          onChange={(event) => {
            const file = event.currentTarget.files?.[0];
            event.currentTarget.value = '';
            if (file) void send(file);
          }}
        />
      </div>
      {error && (
        <p className="composer-error" role="alert">
          {errorMessage(t, error)}
        </p>
      )}
    </form>
  );
}
