import { useEffect, useRef, useState } from 'react';
import { ListBox, ListBoxItem } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import type { ChatMessage, Conversation, Person } from '../../../preload/contract';
import { useNav } from '../../app/store';
import { dayLabel, groupByDay } from '../../ui/days';
import { formatShortDate, formatTime } from '../../ui/format';
import { Avatar } from '../../ui/people';
import { Empty, QueryView } from '../../ui/states';
import { onlyKey } from '../../ui/selection';
import { useQuery } from '../../ui/useQuery';
import { call, subscribe } from '../../ui/api';
import { MessageComposer } from './MessageComposer';
import { Attachment, DeliveryState, MessageActions } from './MessageExtras';
import './chat-extras.css';

/** The other person of a one-to-one conversation, whose presence the list shows. */
function counterpart(conversation: Conversation): Person | undefined {
  if (conversation.kind !== 'direct') return undefined;
  const { participants, title } = conversation;
  return participants.find((p) => p.name === title) ?? participants.find((p) => p.presence) ?? participants[0];
}

export default function ChatApp() {
  const { t } = useTranslation();
  const { conversationId, messageId } = useNav((s) => s.chat);
  const selectConversation = useNav((s) => s.selectConversation);
  const conversations = useQuery('chat:conversations', {});
  const refreshConversations = conversations.refresh;
  useEffect(() => subscribe('chat:changed', () => refreshConversations()), [refreshConversations]);
  const sorted = (conversations.data ?? []).toSorted((a, b) =>
    (b.lastMessageAt ?? '').localeCompare(a.lastMessageAt ?? ''),
  );
  const current = sorted.find((c) => c.id === conversationId);

  return (
    <div className="app app-chat">
      <div className="app-header">
        <h1>{t('chat.title')}</h1>
      </div>
      <div className="split">
        <section className="pane list-pane" aria-labelledby="chat-list-title">
          <h2 id="chat-list-title" className="pane-title">
            {t('chat.recent')}
          </h2>
          <QueryView query={conversations}>
            {() =>
              sorted.length === 0 ? (
                <Empty>{t('chat.empty')}</Empty>
              ) : (
                <ConversationList conversations={sorted} selectedId={conversationId} onSelect={selectConversation} />
              )
            }
          </QueryView>
        </section>
        <section className="pane detail-pane chat-detail" aria-label={current?.title ?? t('chat.title')}>
          {current ? (
            <ConversationView conversation={current} highlightId={messageId} />
          ) : conversations.status === 'ready' && conversationId ? (
            <Empty>{t('errors.notFound')}</Empty>
          ) : (
            <Empty>{t('chat.selectPrompt')}</Empty>
          )}
        </section>
      </div>
    </div>
  );
}

function ConversationList({
  conversations,
  selectedId,
  onSelect,
}: {
  conversations: Conversation[];
  selectedId: string | null;
  onSelect: (id: string) => void;
}) {
  const { t, i18n } = useTranslation();
  return (
    <ListBox
      aria-label={t('chat.list')}
      className="item-list"
      items={conversations}
      dependencies={[i18n.language]}
      selectionMode="single"
      selectionBehavior="replace"
      disallowEmptySelection
      selectedKeys={selectedId ? [selectedId] : []}
      onSelectionChange={(keys) => {
        const id = onlyKey(keys);
        if (id) onSelect(id);
      }}
    >
      {(conversation) => {
        const other = counterpart(conversation);
        return (
          <ListBoxItem id={conversation.id} textValue={conversation.title} className="item">
            <Avatar name={conversation.title} presence={other?.presence} />
            <span className="item-text">
              <span className="item-line">
                <span className="item-title" data-unread={conversation.unread > 0 || undefined}>
                  {conversation.title}
                </span>
                {conversation.lastMessageAt && (
                  <time className="item-date" dateTime={conversation.lastMessageAt}>
                    {formatShortDate(conversation.lastMessageAt, i18n.language)}
                  </time>
                )}
              </span>
              <span className="item-line">
                <span className="item-snippet">{conversation.lastMessagePreview}</span>
                {conversation.unread > 0 && (
                  <span className="count count-strong">
                    <span aria-hidden="true">{conversation.unread}</span>
                    <span className="visually-hidden">, {t('chat.unreadCount', { count: conversation.unread })}</span>
                  </span>
                )}
              </span>
            </span>
          </ListBoxItem>
        );
      }}
    </ListBox>
  );
}

function ConversationView({ conversation, highlightId }: { conversation: Conversation; highlightId: string | null }) {
  const { t } = useTranslation();
  const [limit, setLimit] = useState(200);
  const [complete, setComplete] = useState(false);
  const messages = useQuery('chat:messages', { conversationId: conversation.id, limit });
  const refreshMessages = messages.refresh;
  useEffect(() => {
    // On screen: read here and on the server; new messages count as read as they arrive.
    void call('chat:markRead', { conversationId: conversation.id }).catch(() => undefined);
    void call('chat:focus', { conversationId: conversation.id }).catch(() => undefined);
    const stop = subscribe('chat:changed', ({ conversationIds }) => {
      if (conversationIds.length === 0 || conversationIds.includes(conversation.id)) refreshMessages();
    });
    return () => {
      stop();
      void call('chat:focus', { conversationId: null }).catch(() => undefined);
    };
  }, [conversation.id, refreshMessages]);
  const older = async () => {
    const page = await call('chat:older', { conversationId: conversation.id }).catch(() => ({
      added: 0,
      complete: true,
    }));
    setComplete(page?.complete ?? true);
    setLimit((current) => current + Math.max(page?.added ?? 0, 50));
  };
  const other = counterpart(conversation);
  const subtitle = other
    ? other.presence && t(`presence.${other.presence}`)
    : conversation.participants.map((p) => p.name).join(', ');
  return (
    <>
      <div className="detail-header">
        <Avatar name={conversation.title} presence={other?.presence} size="lg" />
        <div>
          <h2 id="chat-title" className="detail-title">
            {conversation.title}
          </h2>
          {subtitle && <p className="detail-subtitle">{subtitle}</p>}
        </div>
      </div>
      <QueryView query={messages}>
        {(data) =>
          data.length === 0 ? (
            <Empty>{t('chat.noMessages')}</Empty>
          ) : (
            <MessageHistory
              messages={data}
              title={conversation.title}
              highlightId={highlightId}
              onChanged={refreshMessages}
              onOlder={complete ? undefined : older}
            />
          )
        }
      </QueryView>
      <MessageComposer conversationId={conversation.id} onSent={refreshMessages} />
    </>
  );
}

function MessageHistory({
  messages,
  title,
  highlightId,
  onChanged,
  onOlder,
}: {
  messages: ChatMessage[];
  title: string;
  highlightId: string | null;
  onChanged: () => void;
  onOlder?: () => Promise<void>;
}) {
  const { t, i18n } = useTranslation();
  const scroller = useRef<HTMLDivElement>(null);
  const ordered = messages.toSorted((a, b) => a.sentAt.localeCompare(b.sentAt));
  const days = groupByDay(ordered, (m) => m.sentAt);

  useEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const target = highlightId
      ? element.querySelector<HTMLElement>(`[data-message-id="${CSS.escape(highlightId)}"]`)
      : null;
    if (target) target.scrollIntoView({ block: 'center' });
    else element.scrollTop = element.scrollHeight;
  }, [messages, highlightId]);

  return (
    <div ref={scroller} className="history" role="region" aria-label={t('chat.history', { title })} tabIndex={0}>
      {onOlder && (
        <div className="chat-older">
          <button type="button" className="button" onClick={() => void onOlder()}>
            {t('chat.olderMessages')}
          </button>
        </div>
      )}
      {days.map((day) => (
        <section key={day.key} className="day" aria-labelledby={`day-${day.key}`}>
          <h3 id={`day-${day.key}`} className="day-separator">
            <span>{dayLabel(day.date, t, i18n.language)}</span>
          </h3>
          <ol className="chat-messages">
            {day.items.map((message) => (
              <li
                key={message.id}
                className="chat-message"
                data-message-id={message.id}
                data-highlight={message.id === highlightId || undefined}
              >
                <Avatar name={message.author.name} size="sm" />
                <div className="chat-message-body">
                  <div className="chat-message-meta">
                    <span className="chat-author">{message.author.name}</span>
                    <time dateTime={message.sentAt}>{formatTime(message.sentAt, i18n.language)}</time>
                    {message.editedAt && !message.deleted && <span className="muted">({t('chat.edited')})</span>}
                    <DeliveryState message={message} onChanged={onChanged} />
                    <MessageActions message={message} onChanged={onChanged} />
                  </div>
                  {message.deleted ? (
                    <p className="chat-text chat-deleted">{t('chat.deleted')}</p>
                  ) : (
                    <>
                      {!message.attachment && <p className="chat-text">{message.text}</p>}
                      <Attachment message={message} />
                    </>
                  )}
                </div>
              </li>
            ))}
          </ol>
        </section>
      ))}
    </div>
  );
}
