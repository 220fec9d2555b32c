import { useState } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import type { ErrorInfo, MailAddress, MailMessage } from '../../../preload/contract';
import { errorMessage } from '../../i18n';
import { call, toErrorInfo } from '../../ui/api';
import { formatDateTime, formatSize } from '../../ui/format';
import { FileIcon } from '../../ui/icons';
import { Avatar } from '../../ui/people';
import { MessageBody } from './MessageBody';

function formatAddress(address: MailAddress): string {
  return address.name ? `${address.name} <${address.address}>` : address.address;
}

function Attachments({ message }: { message: MailMessage }) {
  const { t, i18n } = useTranslation();
  const [error, setError] = useState<ErrorInfo | null>(null);
  // Inline parts belong to the HTML body; a text-only reading lists them with the others.
  const listed = message.attachments.filter((a) => !a.inline || message.bodyHtml === null);
  if (listed.length === 0) return null;
  const headingId = `attachments-${message.id}`;
  return (
    <section className="attachments" aria-labelledby={headingId}>
      <h3 id={headingId}>{t('mail.attachments', { count: listed.length })}</h3>
      <ul>
        {listed.map((attachment) => (
          <li key={attachment.id}>
            <Button
              className="attachment"
              onPress={() => {
                setError(null);
                call('mail:openAttachment', { attachmentId: attachment.id }).catch((e: unknown) =>
                  setError(toErrorInfo(e)),
                );
              }}
            >
              <FileIcon size={18} />
              <span className="visually-hidden">{t('mailReader.openAttachment')} </span>
              <span className="attachment-name">{attachment.name}</span>
              <span className="attachment-size">{formatSize(attachment.size, i18n.language)}</span>
            </Button>
          </li>
        ))}
      </ul>
      {error && (
        <p role="alert" className="attachment-error">
          {errorMessage(t, error)}
        </p>
      )}
    </section>
  );
}

/** One message in full: who, when, its attachments and its body. */
export function MessageView({ message, onChanged }: { message: MailMessage; onChanged: () => void }) {
  const { t, i18n } = useTranslation();
  const sender = message.from.name || message.from.address;
  return (
    <div className="message-view">
      <div className="reading-headers">
        <Avatar name={sender} size="lg" />
        <dl>
          <div>
            <dt>{t('mail.from')}</dt>
            <dd>{formatAddress(message.from)}</dd>
          </div>
          {message.to.length > 0 && (
            <div>
              <dt>{t('mail.to')}</dt>
              <dd>{message.to.map(formatAddress).join(', ')}</dd>
            </div>
          )}
          {message.cc.length > 0 && (
            <div>
              <dt>{t('mail.cc')}</dt>
              <dd>{message.cc.map(formatAddress).join(', ')}</dd>
            </div>
          )}
          <div>
            <dt>{t('mail.date')}</dt>
            <dd>
              <time dateTime={message.date}>{formatDateTime(message.date, i18n.language)}</time>
            </dd>
          </div>
        </dl>
      </div>
      <Attachments message={message} />
      <MessageBody message={message} onChanged={onChanged} />
    </div>
  );
}
