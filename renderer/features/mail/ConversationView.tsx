import { useState } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import type { MailMessage, MailSummary } from '../../../preload/contract';
import { formatShortDate } from '../../ui/format';
import { ChevronRightIcon } from '../../ui/icons';
import { QueryView } from '../../ui/states';
import { useQuery } from '../../ui/useQuery';
import { MessageView } from './MessageView';

function LoadedMessage({ id, onChanged }: { id: string; onChanged: () => void }) {
  const message = useQuery('mail:get', { id });
  return <QueryView query={message}>{(data) => <MessageView message={data} onChanged={onChanged} />}</QueryView>;
}

function ThreadItem({
  summary,
  opened,
  onChanged,
}: {
  summary: MailSummary;
  opened: MailMessage | null;
  onChanged: () => void;
}) {
  const { t, i18n } = useTranslation();
  const [expanded, setExpanded] = useState(opened !== null);
  const sender = summary.from.name || summary.from.address;
  const panelId = `thread-${summary.id}`;
  return (
    <li className="thread-item" data-expanded={expanded || undefined} data-unread={summary.unread || undefined}>
      <Button
        className="thread-item-header"
        aria-expanded={expanded}
        aria-controls={expanded ? panelId : undefined}
        onPress={() => setExpanded((e) => !e)}
      >
        <ChevronRightIcon size={14} className="thread-chevron" />
        <span className="thread-from">{sender}</span>
        {!expanded && <span className="thread-snippet">{summary.snippet}</span>}
        <time dateTime={summary.date}>{formatShortDate(summary.date, i18n.language)}</time>
        {summary.unread && <span className="visually-hidden">{t('mail.unread')}</span>}
      </Button>
      {expanded && (
        <div id={panelId} className="thread-item-body">
          {opened ? (
            <MessageView message={opened} onChanged={onChanged} />
          ) : (
            <LoadedMessage id={summary.id} onChanged={onChanged} />
          )}
        </div>
      )}
    </li>
  );
}

/**
 * The opened message, inside its conversation when it has one: every message of the thread (oldest first),
 * collapsed to a line, the opened one expanded; the others load when expanded.
 */
export function ConversationView({ message, onChanged }: { message: MailMessage; onChanged: () => void }) {
  const { t } = useTranslation();
  const thread = useQuery('mail:thread', { threadId: message.threadId });
  const items = thread.data ?? [];
  if (items.length <= 1) return <MessageView message={message} onChanged={onChanged} />;
  return (
    <section className="conversation" aria-label={t('mailReader.conversation', { count: items.length })}>
      <ol className="thread">
        {items.map((summary) => (
          <ThreadItem
            key={summary.id}
            summary={summary}
            opened={summary.id === message.id ? message : null}
            onChanged={onChanged}
          />
        ))}
      </ol>
    </section>
  );
}
