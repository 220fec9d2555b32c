import { useTranslation } from 'react-i18next';
import type { CalendarEvent } from '../../../preload/contract';
import { formatDay, formatTime } from '../../ui/format';
import { ClockIcon, CloseIcon, LocationIcon, PersonIcon, VideoIcon } from '../../ui/icons';

export function timeRange(event: CalendarEvent, language: string): string {
  return `${formatTime(event.start, language)} – ${formatTime(event.end, language)}`;
}

export function EventDetail({
  event,
  accountName,
  onClose,
}: {
  event: CalendarEvent;
  accountName: string | null;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const start = new Date(event.start);
  return (
    <section className="pane event-detail" aria-labelledby="event-detail-title">
      <div className="detail-header">
        <h2 id="event-detail-title" className="detail-title">
          {event.title || t('calendar.untitled')}
        </h2>
        <button type="button" className="icon-button" aria-label={t('calendar.closeDetails')} onClick={onClose}>
          <CloseIcon size={18} />
        </button>
      </div>
      <dl className="properties">
        <div>
          <dt>
            <ClockIcon size={16} />
            <span className="visually-hidden">{t('calendar.when')}</span>
          </dt>
          <dd>
            {formatDay(start, i18n.language)}
            <br />
            {event.allDay ? t('calendar.allDay') : timeRange(event, i18n.language)}
          </dd>
        </div>
        {event.location && (
          <div>
            <dt>
              <LocationIcon size={16} />
              <span className="visually-hidden">{t('calendar.location')}</span>
            </dt>
            <dd>{event.location}</dd>
          </div>
        )}
        <div>
          <dt>
            <PersonIcon size={16} />
            <span className="visually-hidden">{t('calendar.organizer')}</span>
          </dt>
          <dd>{t('calendar.organizedBy', { name: event.organizer.name })}</dd>
        </div>
        {accountName && (
          <div>
            <dt>{t('calendar.calendar')}</dt>
            <dd>{accountName}</dd>
          </div>
        )}
      </dl>
      {event.meetingUrl && (
        <a className="button button-primary join-link" href={event.meetingUrl} rel="noreferrer">
          <VideoIcon size={18} />
          {t('calendar.join')}
        </a>
      )}
      {event.attendees.length > 0 && (
        <>
          <h3 className="detail-section-title">{t('calendar.attendees', { count: event.attendees.length })}</h3>
          <ul className="attendees">
            {event.attendees.map((person) => (
              <li key={person.id}>{person.name}</li>
            ))}
          </ul>
        </>
      )}
      {event.description && <p className="event-description">{event.description}</p>}
    </section>
  );
}
