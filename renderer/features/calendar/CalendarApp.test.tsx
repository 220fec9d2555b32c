// @vitest-environment jsdom
import '../../test/setup';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import type { AccountSummary, CalendarEvent } from '../../../preload/contract';
import { useNav, weekStartOf } from '../../app/store';
import { createFakeBastide, demoData, installFakeBastide } from '../../test/fake-bastide';
import CalendarApp from './CalendarApp';
import { useCalendarView } from './view';

const monday = weekStartOf(new Date());
const at = (day: number, hour: number) =>
  new Date(monday.getFullYear(), monday.getMonth(), monday.getDate() + day, hour);

function event(
  id: string,
  accountId: string,
  title: string,
  start: Date,
  extra: Partial<CalendarEvent> = {},
): CalendarEvent {
  return {
    id,
    accountId,
    title,
    start: start.toISOString(),
    end: new Date(start.getTime() + 3_600_000).toISOString(),
    allDay: false,
    location: null,
    organizer: { id: `${accountId}:o`, name: 'Sophie Martin' },
    attendees: [],
    meetingUrl: null,
    description: '',
    ...extra,
  };
}

const account = (id: string, displayName: string): AccountSummary => ({
  id,
  kindId: 'caldav',
  kindLabel: 'Agenda CalDAV',
  displayName,
  address: `${id}@example.test`,
  state: 'online',
  capabilities: ['calendar'],
});

function install(events: CalendarEvent[]) {
  const fake = createFakeBastide({ ...demoData(), events });
  const answer = fake.invoke.bind(fake);
  fake.invoke = (async (channel: string, request?: unknown) =>
    channel === 'accounts:list'
      ? [account('a', 'Agenda de la direction'), account('b', 'Agenda personnel')]
      : answer(channel as never, request as never)) as typeof fake.invoke;
  installFakeBastide(fake);
  return fake;
}

beforeEach(() => {
  useNav.setState((state) => ({
    calendar: { ...state.calendar, weekStart: monday.getTime(), eventId: null, reveal: null },
  }));
  useCalendarView.setState({ view: 'week', day: at(0, 0).getTime() });
});

describe('Calendar app', () => {
  it('shows every account’s events in its colour, told in words too, with a legend', async () => {
    install([event('a:1', 'a', 'COPIL', at(1, 10)), event('b:1', 'b', 'Dentiste', at(2, 15))]);
    render(<CalendarApp />);
    const week = await screen.findByRole('group', { name: 'Semaine de travail' });
    const copil = within(week).getByRole('button', { name: /COPIL.*agenda Agenda de la direction/ });
    const dentist = within(week).getByRole('button', { name: /Dentiste.*agenda Agenda personnel/ });
    expect(copil.dataset.color).toBe('0');
    expect(dentist.dataset.color).toBe('1');
    const legend = screen.getByRole('list', { name: 'Agendas affichés' });
    expect(
      within(legend)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual(['Agenda de la direction', 'Agenda personnel']);
  });

  it('switches between day, week and agenda views, with meeting links as plain links', async () => {
    // Leaving the week for a day or the agenda starts from today (it is in the week shown).
    const today = new Date();
    const todayAt = (days: number, hour: number) =>
      new Date(today.getFullYear(), today.getMonth(), today.getDate() + days, hour);
    install([
      event('a:1', 'a', 'Point hebdomadaire', todayAt(0, 10), { meetingUrl: 'https://visio.example.test/point' }),
      event('a:2', 'a', 'Comité', todayAt(9, 14)),
    ]);
    render(<CalendarApp />);
    await screen.findByRole('group', { name: 'Semaine de travail' });

    fireEvent.click(screen.getByRole('button', { name: 'Agenda' }));
    const agenda = await screen.findByRole('list', { name: 'Agenda sur deux semaines' });
    const join = within(agenda).getByRole('link', { name: 'Rejoindre la réunion « Point hebdomadaire »' });
    expect(join.getAttribute('href')).toBe('https://visio.example.test/point');
    expect(within(agenda).getByText('Comité')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Jour' }));
    expect(await screen.findByRole('button', { name: 'Jour suivant' })).toBeTruthy();
    expect(screen.getByRole('group', { name: /^Journée du / })).toBeTruthy();

    fireEvent.click(within(screen.getByRole('group', { name: /^Journée du / })).getAllByRole('button')[0]!);
    const detail = await screen.findByRole('region', { name: 'Point hebdomadaire' });
    expect(within(detail).getByRole('link', { name: 'Rejoindre la réunion' }).getAttribute('href')).toBe(
      'https://visio.example.test/point',
    );
  });

  it('browses with the keyboard: Page Down and Page Up move by the view’s period, Home comes back', async () => {
    install([]);
    render(<CalendarApp />);
    const range = await screen.findByRole('heading', { level: 2, name: /./ });
    const thisWeek = range.textContent;
    const app = range.closest('.app-calendar')!;
    fireEvent.keyDown(app, { key: 'PageDown' });
    expect(new Date(useNav.getState().calendar.weekStart)).toEqual(at(7, 0));
    expect(range.textContent).not.toBe(thisWeek);
    fireEvent.keyDown(app, { key: 'PageUp' });
    fireEvent.keyDown(app, { key: 'PageUp' });
    expect(new Date(useNav.getState().calendar.weekStart)).toEqual(at(-7, 0));
    fireEvent.keyDown(app, { key: 'Home' });
    expect(range.textContent).toBe(thisWeek);
  });
});
