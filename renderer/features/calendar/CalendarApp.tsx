import { useEffect, useMemo, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CalendarEvent } from '../../../preload/contract';
import { useNav } from '../../app/store';
import { call, subscribe } from '../../ui/api';
import { formatDateRange, formatDay } from '../../ui/format';
import { ChevronLeftIcon, ChevronRightIcon } from '../../ui/icons';
import { Empty, QueryView } from '../../ui/states';
import { useQuery } from '../../ui/useQuery';
import { AgendaList } from './AgendaList';
import { EventDetail } from './EventDetail';
import { TimeGrid, type EventLook } from './TimeGrid';
import { calendarViews, colorIndexOf, dayShownIn, periodOf, step, useCalendarView } from './view';
import { addDays } from './week';
import './calendar.css';

/** Previous and next period, and back to today (0). */
const navigationKeys: Record<string, 1 | -1 | 0> = { PageUp: -1, PageDown: 1, Home: 0 };

export default function CalendarApp() {
  const { t, i18n } = useTranslation();
  const { weekStart, eventId, reveal } = useNav((s) => s.calendar);
  const { showWeek, selectEvent } = useNav.getState();
  const { view, day: dayMs, setView, setDay } = useCalendarView();
  const monday = useMemo(() => new Date(weekStart), [weekStart]);
  const day = useMemo(() => new Date(dayMs), [dayMs]);
  const period = useMemo(() => periodOf(view, day, monday), [view, day, monday]);

  const events = useQuery('calendar:events', { from: period.from.toISOString(), to: period.to.toISOString() });
  const accounts = useQuery('accounts:list', {});
  const sorted = useMemo(() => (events.data ?? []).toSorted((a, b) => a.start.localeCompare(b.start)), [events.data]);
  const selected = sorted.find((e) => e.id === eventId);
  const refreshEvents = events.refresh;
  const refreshAccounts = accounts.refresh;
  // Accounts mirror their calendars in the background: show their events as they arrive.
  useEffect(() => subscribe('calendar:changed', () => refreshEvents()), [refreshEvents]);
  useEffect(() => subscribe('accounts:changed', () => refreshAccounts()), [refreshAccounts]);

  /** Shows the period around `date`, in every view at once (switching views keeps the place). */
  const go = (date: Date) => {
    setDay(date);
    showWeek(date);
  };

  useEffect(() => {
    if (!reveal) return;
    let live = true;
    // No channel fetches one event by id: look for it within a year around today.
    const now = new Date();
    void call('calendar:events', { from: addDays(now, -366).toISOString(), to: addDays(now, 366).toISOString() })
      .then((all) => {
        const found = all.find((e) => e.id === reveal);
        const target = found ? new Date(found.start) : new Date(weekStart);
        if (!live) return;
        useCalendarView.getState().setDay(target);
        showWeek(target);
      })
      .catch(() => live && showWeek(new Date(weekStart)));
    return () => {
      live = false;
    };
  }, [reveal, showWeek, weekStart]);

  const accountIds = useMemo(() => (accounts.data ?? []).map((account) => account.id), [accounts.data]);
  const look = (event: CalendarEvent): EventLook => {
    const account = accounts.data?.find((candidate) => candidate.id === event.accountId);
    // With one account, naming it on every event says nothing.
    return {
      color: colorIndexOf(event.accountId, accountIds),
      account: account && accountIds.length > 1 ? account.displayName : null,
    };
  };
  const calendars = (accounts.data ?? []).filter(
    (account) => account.capabilities.includes('calendar') || sorted.some((event) => event.accountId === account.id),
  );

  const previousLabel = t(`calendar.previous.${view}`);
  const nextLabel = t(`calendar.next.${view}`);
  const rangeLabel =
    view === 'day' ? formatDay(period.first, i18n.language) : formatDateRange(period.first, period.last, i18n.language);

  const onKeyDown = (event: KeyboardEvent) => {
    const target = event.target as HTMLElement;
    const direction = navigationKeys[event.key];
    if (direction === undefined || event.altKey || event.ctrlKey || event.metaKey) return;
    if (target.closest('input, textarea, select, [contenteditable="true"]')) return;
    event.preventDefault();
    go(direction === 0 ? new Date() : step(view, day, monday, direction));
  };

  return (
    <div className="app app-calendar" onKeyDown={onKeyDown}>
      <div className="app-header">
        <h1>{t('calendar.title')}</h1>
        <div className="toolbar" role="toolbar" aria-label={t('calendar.navigation')}>
          <button type="button" className="button" aria-keyshortcuts="Home" onClick={() => go(new Date())}>
            {t('calendar.today')}
          </button>
          <button
            type="button"
            className="icon-button"
            aria-label={previousLabel}
            aria-keyshortcuts="PageUp"
            onClick={() => go(step(view, day, monday, -1))}
          >
            <ChevronLeftIcon size={18} />
          </button>
          <button
            type="button"
            className="icon-button"
            aria-label={nextLabel}
            aria-keyshortcuts="PageDown"
            onClick={() => go(step(view, day, monday, 1))}
          >
            <ChevronRightIcon size={18} />
          </button>
        </div>
        <h2 className="week-label" aria-live="polite">
          {rangeLabel}
        </h2>
        <div className="calendar-views" role="group" aria-label={t('calendar.views')}>
          {calendarViews.map((candidate) => (
            <button
              key={candidate}
              type="button"
              className="button"
              aria-pressed={candidate === view}
              onClick={() => {
                if (view === 'week') setDay(dayShownIn(monday));
                setView(candidate);
              }}
            >
              {t(`calendar.viewNames.${candidate}`)}
            </button>
          ))}
        </div>
      </div>
      {calendars.length > 1 && (
        <ul className="calendar-legend" aria-label={t('calendar.calendars')}>
          {calendars.map((account) => (
            <li key={account.id} data-color={colorIndexOf(account.id, accountIds)}>
              <span className="calendar-swatch" aria-hidden="true" />
              {account.displayName}
            </li>
          ))}
        </ul>
      )}
      <QueryView query={events}>
        {() => (
          <div className="calendar-layout" data-view={view}>
            {view === 'agenda' ? (
              <section className="pane agenda-pane" aria-labelledby="agenda-view-title">
                <h2 id="agenda-view-title" className="pane-title">
                  {t('calendar.agendaView')}
                </h2>
                {sorted.length === 0 ? (
                  <Empty>{t('calendar.noEventsPeriod')}</Empty>
                ) : (
                  <AgendaList
                    label={t('calendar.agendaView')}
                    events={sorted}
                    selectedId={eventId}
                    onSelect={selectEvent}
                    look={look}
                  />
                )}
              </section>
            ) : (
              <TimeGrid days={period.days} events={sorted} selectedId={eventId} onSelect={selectEvent} look={look} />
            )}
            <div className="calendar-side">
              {selected && (
                <EventDetail event={selected} accountName={look(selected).account} onClose={() => selectEvent(null)} />
              )}
              {view !== 'agenda' && (
                <section className="pane agenda" aria-labelledby="agenda-title">
                  <h2 id="agenda-title" className="pane-title">
                    {t(view === 'day' ? 'calendar.dayAgenda' : 'calendar.agenda')}
                  </h2>
                  {sorted.length === 0 ? (
                    <Empty>{t(view === 'day' ? 'calendar.noEventsDay' : 'calendar.noEvents')}</Empty>
                  ) : (
                    <AgendaList
                      label={t(view === 'day' ? 'calendar.dayAgenda' : 'calendar.agenda')}
                      events={sorted}
                      selectedId={eventId}
                      onSelect={selectEvent}
                      look={look}
                    />
                  )}
                </section>
              )}
              {view === 'agenda' && !selected && <Empty>{t('calendar.selectPrompt')}</Empty>}
            </div>
          </div>
        )}
      </QueryView>
    </div>
  );
}
