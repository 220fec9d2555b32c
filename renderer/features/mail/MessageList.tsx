import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { MailSummary } from '../../../preload/contract';
import { formatShortDate } from '../../ui/format';
import { FlagIcon, PaperclipIcon } from '../../ui/icons';

/**
 * A virtualised listbox: the list keeps focus and points at the active row with aria-activedescendant,
 * so the active row only has to be rendered, not focused. Arrows move, Enter or a click opens.
 */
export function MessageList({
  label,
  messages,
  total,
  openedId,
  onOpen,
  onNearEnd,
}: {
  label: string;
  messages: MailSummary[];
  total: number;
  openedId: string | null;
  onOpen: (message: MailSummary) => void;
  onNearEnd: () => void;
}) {
  const { t, i18n } = useTranslation();
  const baseId = useId();
  const scroller = useRef<HTMLDivElement>(null);
  const [activeId, setActiveId] = useState<string | null>(null);
  const openedIndex = messages.findIndex((m) => m.id === openedId);
  const activeIndex = Math.max(0, activeId === null ? openedIndex : messages.findIndex((m) => m.id === activeId));

  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualiser is read during render only
  const virtualizer = useVirtualizer({
    count: messages.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => 76,
    overscan: 10,
    initialRect: { width: 600, height: 800 },
  });
  const rows = virtualizer.getVirtualItems();
  const lastIndex = rows[rows.length - 1]?.index ?? -1;
  const nearEnd = lastIndex >= messages.length - 20 && messages.length < total;
  useEffect(() => {
    if (nearEnd) onNearEnd();
  }, [nearEnd, messages.length, onNearEnd]);

  const optionId = (index: number) => `${baseId}-${index}`;

  function moveTo(index: number) {
    const clamped = Math.min(messages.length - 1, Math.max(0, index));
    const message = messages[clamped];
    if (!message) return;
    setActiveId(message.id);
    virtualizer.scrollToIndex(clamped, { align: 'auto' });
  }

  function onKeyDown(event: KeyboardEvent) {
    const page = Math.max(1, Math.floor((scroller.current?.clientHeight ?? 600) / 76) - 1);
    const moves: Record<string, number> = {
      ArrowDown: activeIndex + 1,
      ArrowUp: activeIndex - 1,
      PageDown: activeIndex + page,
      PageUp: activeIndex - page,
      Home: 0,
      End: messages.length - 1,
    };
    const target = moves[event.key];
    if (target !== undefined) {
      event.preventDefault();
      moveTo(target);
    } else if (event.key === 'Enter' || event.key === ' ') {
      const message = messages[activeIndex];
      if (message) {
        event.preventDefault();
        onOpen(message);
      }
    }
  }

  return (
    <div
      ref={scroller}
      className="message-list"
      role="listbox"
      aria-label={label}
      tabIndex={0}
      aria-activedescendant={messages.length > 0 ? optionId(activeIndex) : undefined}
      onKeyDown={onKeyDown}
    >
      <div role="presentation" className="virtual-space" style={{ height: virtualizer.getTotalSize() }}>
        {rows.map((row) => {
          const message = messages[row.index];
          if (!message) return null;
          return (
            <div
              key={message.id}
              id={optionId(row.index)}
              ref={virtualizer.measureElement}
              data-index={row.index}
              role="option"
              aria-selected={message.id === openedId}
              aria-posinset={row.index + 1}
              aria-setsize={total}
              className="message-row"
              data-unread={message.unread || undefined}
              data-active={row.index === activeIndex || undefined}
              style={{ transform: `translateY(${row.start}px)` }}
              onClick={() => {
                setActiveId(message.id);
                onOpen(message);
              }}
            >
              <span className="message-row-top">
                <span className="message-from">{message.from.name || message.from.address}</span>
                <time className="message-date" dateTime={message.date}>
                  {formatShortDate(message.date, i18n.language)}
                </time>
              </span>
              <span className="message-row-middle">
                <span className="message-subject">{message.subject || t('mail.noSubject')}</span>
                {message.hasAttachments && (
                  <PaperclipIcon size={15} aria-label={t('mail.hasAttachments')} role="img" aria-hidden={false} />
                )}
                {message.flagged && (
                  <FlagIcon size={15} className="flag" aria-label={t('mail.flagged')} role="img" aria-hidden={false} />
                )}
              </span>
              <span className="message-snippet">{message.snippet}</span>
              {message.unread && <span className="visually-hidden">{t('mail.unread')}</span>}
            </div>
          );
        })}
      </div>
    </div>
  );
}
