import { useTranslation } from 'react-i18next';
import type { MailAddress, MailMessage } from '../../../preload/contract';
import { formatDateTime, formatSize } from '../../ui/format';
import { FileIcon, FlagIcon } from '../../ui/icons';
import { Avatar } from '../../ui/people';

function formatAddress(address: MailAddress): string {
  return address.name ? `${address.name} <${address.address}>` : address.address;
}

export function ReadingPane({ message }: { message: MailMessage }) {
  const { t, i18n } = useTranslation();
  const sender = message.from.name || message.from.address;
  return (
    <article className="reading" aria-labelledby="reading-subject">
      <h2 id="reading-subject" className="reading-subject">
        {message.subject || t('mail.noSubject')}
        {message.flagged && (
          <FlagIcon size={18} className="flag" role="img" aria-hidden={false} aria-label={t('mail.flagged')} />
        )}
      </h2>
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
      {message.attachments.length > 0 && (
        <section className="attachments" aria-labelledby="reading-attachments">
          <h3 id="reading-attachments">{t('mail.attachments', { count: message.attachments.length })}</h3>
          <ul>
            {message.attachments.map((attachment) => (
              <li key={attachment.id} className="attachment">
                <FileIcon size={18} />
                <span className="attachment-name">{attachment.name}</span>
                <span className="attachment-size">{formatSize(attachment.size, i18n.language)}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
      {message.bodyHtml !== null && <p className="notice">{t('mail.htmlAsText')}</p>}
      {/* HTML bodies are shown as their text part until the sanitised, sandboxed viewer lands. */}
      <div className="mail-body">{message.bodyText}</div>
    </article>
  );
}
