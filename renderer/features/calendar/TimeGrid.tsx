import type { CSSProperties, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CalendarEvent } from '../../../preload/contract';
import { formatDay, formatDayShort, formatTime, isSameDay } from '../../ui/format';
import { timeRange } from './EventDetail';
import { allDayEvents, dayEndHour, dayStartHour, nowOffset, placeEvents } from './week';

const hours = Array.from({ length: dayEndHour - dayStartHour }, (_, i) => dayStartHour + i);

export interface EventLook {
  /** The account's colour (an index into the palette) and name, told in words too. */
  color: number;
  account: string | null;
}

/** The day or the working week, hour by hour (8:00–19:00), all-day events above. */
export function TimeGrid({
  days,
  events,
  selectedId,
  onSelect,
  look,
}: {
  days: Date[];
  events: CalendarEvent[];
  selectedId: string | null;
  onSelect: (id: string) => void;
  look: (event: CalendarEvent) => EventLook;
}) {
  const { t, i18n } = useTranslation();
  const now = new Date();
  const hasAllDay = days.some((day) => allDayEvents(events, day).length > 0);
  const label =
    days.length === 1 ? t('calendar.dayView', { day: formatDay(days[0]!, i18n.language) }) : t('calendar.weekView');
  const eventButton = (event: CalendarEvent, className: string, style?: CSSProperties, children?: ReactNode) => {
    const { color, account } = look(event);
    return (
      <button
        key={event.id}
        type="button"
        className={className}
        data-color={color}
        aria-pressed={event.id === selectedId}
        style={style}
        onClick={() => onSelect(event.id)}
      >
        {children ?? <span className="event-title">{event.title || t('calendar.untitled')}</span>}
        {account && <span className="visually-hidden">, {t('calendar.inCalendar', { name: account })}</span>}
      </button>
    );
  };
  return (
    <div className="week" role="group" aria-label={label} style={{ '--days': days.length } as CSSProperties}>
      <div className="week-row week-head" aria-hidden="true">
        <span className="week-gutter" />
        {days.map((day) => (
          <span key={day.getTime()} className="week-day-name" data-today={isSameDay(day, now) || undefined}>
            {formatDayShort(day, i18n.language)}
          </span>
        ))}
      </div>
      {hasAllDay && (
        <div className="week-row week-allday">
          <span className="week-gutter">{t('calendar.allDay')}</span>
          {days.map((day) => (
            <div key={day.getTime()} className="week-allday-cell">
              {allDayEvents(events, day).map((event) => eventButton(event, 'event-chip'))}
            </div>
          ))}
        </div>
      )}
      <div className="week-row week-body">
        <div className="week-gutter week-hours" aria-hidden="true">
          {hours.map((hour) => (
            <span key={hour} className="week-hour">
              {formatTime(new Date(2000, 0, 1, hour).toISOString(), i18n.language)}
            </span>
          ))}
        </div>
        {days.map((day) => {
          const line = isSameDay(day, now) ? nowOffset(now) : null;
          return (
            <div key={day.getTime()} className="week-column" role="group" aria-label={formatDay(day, i18n.language)}>
              {placeEvents(events, day).map((placed) =>
                eventButton(
                  placed.event,
                  'event',
                  {
                    top: `${placed.top}%`,
                    height: `${placed.height}%`,
                    left: `${(placed.lane / placed.lanes) * 100}%`,
                    width: `${100 / placed.lanes}%`,
                  },
                  <>
                    <span className="event-title">{placed.event.title || t('calendar.untitled')}</span>
                    <span className="event-time">{timeRange(placed.event, i18n.language)}</span>
                    {placed.event.location && <span className="event-location">{placed.event.location}</span>}
                  </>,
                ),
              )}
              {line !== null && <span className="now-line" style={{ top: `${line}%` }} aria-hidden="true" />}
            </div>
          );
        })}
      </div>
    </div>
  );
}
