// What a message may carry besides its text: an attachment, where it stands while not yet on the server, and,
// for one's own messages, editing and deleting.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChatMessage } from '../../../preload/contract';
import { call } from '../../ui/api';
import { formatSize } from '../../ui/format';
import { PaperclipIcon } from '../../ui/icons';

export function Attachment({ message }: { message: ChatMessage }) {
  const { t, i18n } = useTranslation();
  const attachment = message.attachment;
  if (!attachment) return null;
  const label = `${attachment.name}${attachment.size !== null ? ` (${formatSize(attachment.size, i18n.language)})` : ''}`;
  return (
    <p className="chat-attachment">
      <PaperclipIcon size={14} />{' '}
      {attachment.fileId ? (
        <button
          type="button"
          className="link-button"
          title={t('chat.openAttachment')}
          onClick={() => void call('files:open', { id: attachment.fileId! }).catch(() => undefined)}
        >
          {label}
        </button>
      ) : (
        label
      )}
    </p>
  );
}

export function DeliveryState({ message, onChanged }: { message: ChatMessage; onChanged: () => void }) {
  const { t } = useTranslation();
  if (!message.delivery) return null;
  if (message.delivery === 'queued') return <span className="chat-delivery">{t('chat.queued')}</span>;
  const act = (discard: boolean) =>
    void call('chat:retry', { messageId: message.id, discard }).then(onChanged, onChanged);
  return (
    <span className="chat-delivery chat-delivery-failed" role="alert">
      {t('chat.failed')}
      <button type="button" className="link-button" onClick={() => act(false)}>
        {t('chat.retry')}
      </button>
      <button type="button" className="link-button" onClick={() => act(true)}>
        {t('chat.discard')}
      </button>
    </span>
  );
}

/** Edit and delete, on one's own messages. */
export function MessageActions({ message, onChanged }: { message: ChatMessage; onChanged: () => void }) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(message.text);
  if (!message.mine || message.deleted) return null;
  if (editing) {
    return (
      <form
        className="chat-edit"
        onSubmit={(event) => {
          event.preventDefault();
          if (text.trim() === '') return;
          void call('chat:edit', { messageId: message.id, text }).then(() => {
            setEditing(false);
            onChanged();
          }, onChanged);
        }}
      >
        <label className="visually-hidden" htmlFor={`edit-${message.id}`}>
          {t('chat.editLabel')}
        </label>
        <input id={`edit-${message.id}`} value={text} autoFocus onChange={(event) => setText(event.target.value)} />
        <button type="submit" className="button">
          {t('chat.save')}
        </button>
        <button type="button" className="button" onClick={() => setEditing(false)}>
          {t('common.cancel')}
        </button>
      </form>
    );
  }
  return (
    <span className="chat-actions">
      <button
        type="button"
        className="link-button"
        onClick={() => {
          setText(message.text);
          setEditing(true);
        }}
      >
        {t('chat.edit')}
      </button>
      <button
        type="button"
        className="link-button"
        onClick={() => void call('chat:delete', { messageId: message.id }).then(onChanged, onChanged)}
      >
        {t('chat.delete')}
      </button>
    </span>
  );
}
