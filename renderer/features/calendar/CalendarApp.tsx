import { useEffect, useMemo } from 'react';
import { Header, ListBox, ListBoxItem, ListBoxSection } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import type { CalendarEvent } from '../../../preload/contract';
import { useNav } from '../../app/store';
import { call } from '../../ui/api';
import { dayLabel, groupByDay } from '../../ui/days';
import { formatDateRange, formatDay, formatDayShort, formatTime, isSameDay } from '../../ui/format';
import {
  ChevronLeftIcon,
  ChevronRightIcon,
  ClockIcon,
  CloseIcon,
  LocationIcon,
  PersonIcon,
  VideoIcon,
} from '../../ui/icons';
import { Empty, QueryView } from '../../ui/states';
import { onlyKey } from '../../ui/selection';
import { useQuery } from '../../ui/useQuery';
import { addDays, allDayEvents, dayEndHour, dayStartHour, nowOffset, placeEvents, workDays } from './week';

const hours = Array.from({ length: dayEndHour - dayStartHour }, (_, i) => dayStartHour + i);

export default function CalendarApp() {
  const { t, i18n } = useTranslation();
  const { weekStart, eventId, reveal } = useNav((s) => s.calendar);
  const { showWeek, selectEvent } = useNav.getState();
  const monday = useMemo(() => new Date(weekStart), [weekStart]);
  // The agenda covers the whole week (weekend included); the grid shows Monday to Friday.
  const events = useQuery('calendar:events', {
    from: monday.toISOString(),
    to: addDays(monday, 7).toISOString(),
  });
  const sorted = useMemo(() => (events.data ?? []).toSorted((a, b) => a.start.localeCompare(b.start)), [events.data]);
  const selected = sorted.find((e) => e.id === eventId);

  useEffect(() => {
    if (!reveal) return;
    let live = true;
    // No channel fetches one event by id: look for it within a year around today.
    const now = new Date();
    void call('calendar:events', {
      from: addDays(now, -366).toISOString(),
      to: addDays(now, 366).toISOString(),
    })
      .then((all) => {
        const found = all.find((e) => e.id === reveal);
        if (live) showWeek(found ? new Date(found.start) : new Date(weekStart));
      })
      .catch(() => live && showWeek(new Date(weekStart)));
    return () => {
      live = false;
    };
  }, [reveal, showWeek, weekStart]);

  const rangeLabel = formatDateRange(monday, addDays(monday, 4), i18n.language);

  return (
    <div className="app app-calendar">
      <div className="app-header">
        <h1>{t('calendar.title')}</h1>
        <div className="toolbar" role="toolbar" aria-label={t('calendar.navigation')}>
          <button type="button" className="button" onClick={() => showWeek(new Date())}>
            {t('calendar.today')}
          </button>
          <button
            type="button"
            className="icon-button"
            aria-label={t('calendar.previousWeek')}
            onClick={() => showWeek(addDays(monday, -7))}
          >
            <ChevronLeftIcon size={18} />
          </button>
          <button
            type="button"
            className="icon-button"
            aria-label={t('calendar.nextWeek')}
            onClick={() => showWeek(addDays(monday, 7))}
          >
            <ChevronRightIcon size={18} />
          </button>
        </div>
        <h2 className="week-label" aria-live="polite">
          {rangeLabel}
        </h2>
      </div>
      <QueryView query={events}>
        {() => (
          <div className="calendar-layout">
            <WeekGrid monday={monday} events={sorted} selectedId={eventId} onSelect={selectEvent} />
            <div className="calendar-side">
              {selected && <EventDetail event={selected} onClose={() => selectEvent(null)} />}
              <section className="pane agenda" aria-labelledby="agenda-title">
                <h2 id="agenda-title" className="pane-title">
                  {t('calendar.agenda')}
                </h2>
                {sorted.length === 0 ? (
                  <Empty>{t('calendar.noEvents')}</Empty>
                ) : (
                  <Agenda events={sorted} selectedId={eventId} onSelect={selectEvent} />
                )}
              </section>
            </div>
          </div>
        )}
      </QueryView>
    </div>
  );
}

function timeRange(event: CalendarEvent, language: string): string {
  return `${formatTime(event.start, language)} – ${formatTime(event.end, language)}`;
}

function WeekGrid({
  monday,
  events,
  selectedId,
  onSelect,
}: {
  monday: Date;
  events: CalendarEvent[];
  selectedId: string | null;
  onSelect: (id: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const now = new Date();
  const days = workDays(monday);
  const hasAllDay = days.some((day) => allDayEvents(events, day).length > 0);
  return (
    <div className="week" role="group" aria-label={t('calendar.weekView')}>
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
              {allDayEvents(events, day).map((event) => (
                <button
                  key={event.id}
                  type="button"
                  className="event-chip"
                  aria-pressed={event.id === selectedId}
                  onClick={() => onSelect(event.id)}
                >
                  {event.title}
                </button>
              ))}
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
          const isToday = isSameDay(day, now);
          const line = isToday ? nowOffset(now) : null;
          return (
            <div key={day.getTime()} className="week-column" role="group" aria-label={formatDay(day, i18n.language)}>
              {placeEvents(events, day).map((placed) => (
                <button
                  key={placed.event.id}
                  type="button"
                  className="event"
                  aria-pressed={placed.event.id === selectedId}
                  style={{
                    top: `${placed.top}%`,
                    height: `${placed.height}%`,
                    left: `${(placed.lane / placed.lanes) * 100}%`,
                    width: `${100 / placed.lanes}%`,
                  }}
                  onClick={() => onSelect(placed.event.id)}
                >
                  <span className="event-title">{placed.event.title}</span>
                  <span className="event-time">{timeRange(placed.event, i18n.language)}</span>
                  {placed.event.location && <span className="event-location">{placed.event.location}</span>}
                </button>
              ))}
              {line !== null && <span className="now-line" style={{ top: `${line}%` }} aria-hidden="true" />}
            </div>
          );
        })}
      </div>
    </div>
  );
}

function Agenda({
  events,
  selectedId,
  onSelect,
}: {
  events: CalendarEvent[];
  selectedId: string | null;
  onSelect: (id: string | null) => void;
}) {
  const { t, i18n } = useTranslation();
  const days = groupByDay(events, (e) => e.start);
  return (
    <ListBox
      aria-label={t('calendar.agenda')}
      className="item-list agenda-list"
      selectionMode="single"
      selectionBehavior="replace"
      selectedKeys={selectedId ? [selectedId] : []}
      onSelectionChange={(keys) => onSelect(onlyKey(keys))}
    >
      {days.map((day) => (
        <ListBoxSection key={day.key} id={day.key} className="agenda-day">
          <Header className="agenda-day-title">{dayLabel(day.date, t, i18n.language)}</Header>
          {day.items.map((event) => (
            <ListBoxItem key={event.id} id={event.id} textValue={event.title} className="item agenda-item">
              <span className="agenda-time">
                {event.allDay ? t('calendar.allDay') : timeRange(event, i18n.language)}
              </span>
              <span className="item-text">
                <span className="item-title">{event.title}</span>
                {event.location && <span className="item-snippet">{event.location}</span>}
              </span>
            </ListBoxItem>
          ))}
        </ListBoxSection>
      ))}
    </ListBox>
  );
}

function EventDetail({ event, onClose }: { event: CalendarEvent; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const start = new Date(event.start);
  return (
    <section className="pane event-detail" aria-labelledby="event-detail-title">
      <div className="detail-header">
        <h2 id="event-detail-title" className="detail-title">
          {event.title}
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
