// What the Calendar app shows: a view (one day, the working week, or an agenda of the coming days) and the
// day it starts from. The week itself stays in the navigation store, which deep links move.
import { create } from 'zustand';
import { addDays, workDays } from './week';

export type CalendarView = 'day' | 'week' | 'agenda';

export const calendarViews: readonly CalendarView[] = ['day', 'week', 'agenda'];

/** How many days the agenda lists. */
export const agendaDays = 14;

export const startOfDay = (date: Date) => new Date(date.getFullYear(), date.getMonth(), date.getDate());

interface ViewState {
  view: CalendarView;
  /** Local midnight (epoch ms) of the day the day and agenda views start from. */
  day: number;
  setView(view: CalendarView): void;
  setDay(day: Date): void;
}

export const useCalendarView = create<ViewState>((set) => ({
  view: 'week',
  day: startOfDay(new Date()).getTime(),
  setView: (view) => set({ view }),
  setDay: (day) => set({ day: startOfDay(day).getTime() }),
}));

export interface Period {
  /** What the request asks for: [from, to). */
  from: Date;
  to: Date;
  /** The columns of a time grid (empty for the agenda). */
  days: Date[];
  /** What the header says: first and last day shown. */
  first: Date;
  last: Date;
}

/** The period a view shows; the week view covers the whole week (its agenda includes the weekend). */
export function periodOf(view: CalendarView, day: Date, weekStart: Date): Period {
  switch (view) {
    case 'day':
      return { from: day, to: addDays(day, 1), days: [day], first: day, last: day };
    case 'week':
      return {
        from: weekStart,
        to: addDays(weekStart, 7),
        days: workDays(weekStart),
        first: weekStart,
        last: addDays(weekStart, 4),
      };
    case 'agenda':
      return { from: day, to: addDays(day, agendaDays), days: [], first: day, last: addDays(day, agendaDays - 1) };
  }
}

/** The day the previous or next period starts: a day, a week, or the agenda's length away. */
export function step(view: CalendarView, day: Date, weekStart: Date, direction: 1 | -1): Date {
  switch (view) {
    case 'day':
      return addDays(day, direction);
    case 'week':
      return addDays(weekStart, 7 * direction);
    case 'agenda':
      return addDays(day, agendaDays * direction);
  }
}

/** The day a day view opened from a week starts on: today when the week holds it, else its Monday. */
export function dayShownIn(monday: Date, now = new Date()): Date {
  const today = startOfDay(now);
  return today >= monday && today < addDays(monday, 7) ? today : monday;
}

/** Eight colours told apart, each account keeping its own in the order the user gave the accounts. */
export const accountColors = 8;

export function colorIndexOf(accountId: string, accountIds: readonly string[]): number {
  const index = accountIds.indexOf(accountId);
  return (index < 0 ? accountIds.length : index) % accountColors;
}
