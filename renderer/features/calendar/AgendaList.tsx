import { useTranslation } from 'react-i18next';
import type { CalendarEvent } from '../../../preload/contract';
import { dayLabel, groupByDay } from '../../ui/days';
import { VideoIcon } from '../../ui/icons';
import { timeRange } from './EventDetail';
import type { EventLook } from './TimeGrid';

/**
 * Events by day, each a button that opens its details and, when it has one, the link to join the meeting
 * (a plain link: the main process's URL guard opens it in the browser). A list, so Tab walks through it.
 */
export function AgendaList({
  label,
  events,
  selectedId,
  onSelect,
  look,
}: {
  label: string;
  events: CalendarEvent[];
  selectedId: string | null;
  onSelect: (id: string) => void;
  look: (event: CalendarEvent) => EventLook;
}) {
  const { t, i18n } = useTranslation();
  return (
    <ol className="agenda-days" aria-label={label}>
      {groupByDay(events, (event) => event.start).map((day) => (
        <li key={day.key} className="agenda-day">
          <h3 className="agenda-day-title">{dayLabel(day.date, t, i18n.language)}</h3>
          <ul className="agenda-events">
            {day.items.map((event) => {
              const { color, account } = look(event);
              const title = event.title || t('calendar.untitled');
              return (
                <li key={event.id} className="agenda-event" data-color={color}>
                  <button
                    type="button"
                    className="agenda-open"
                    aria-pressed={event.id === selectedId}
                    onClick={() => onSelect(event.id)}
                  >
                    <span className="agenda-time">
                      {event.allDay ? t('calendar.allDay') : timeRange(event, i18n.language)}
                    </span>
                    <span className="agenda-text">
                      <span className="agenda-title">{title}</span>
                      {event.location && <span className="agenda-location">{event.location}</span>}
                      {account && <span className="agenda-account">{t('calendar.inCalendar', { name: account })}</span>}
                    </span>
                  </button>
                  {event.meetingUrl && (
                    <a
                      className="icon-button agenda-join"
                      href={event.meetingUrl}
                      rel="noreferrer"
                      aria-label={t('calendar.joinEvent', { title })}
                      title={t('calendar.join')}
                    >
                      <VideoIcon size={18} />
                    </a>
                  )}
                </li>
              );
            })}
          </ul>
        </li>
      ))}
    </ol>
  );
}
