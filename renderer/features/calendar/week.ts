import type { CalendarEvent } from '../../../preload/contract';

export const dayStartHour = 8;
export const dayEndHour = 19;
const minutesShown = (dayEndHour - dayStartHour) * 60;

export function addDays(date: Date, days: number): Date {
  return new Date(date.getFullYear(), date.getMonth(), date.getDate() + days);
}

/** Monday to Friday of the week starting at `monday`. */
export function workDays(monday: Date): Date[] {
  return [0, 1, 2, 3, 4].map((offset) => addDays(monday, offset));
}

export interface PlacedEvent {
  event: CalendarEvent;
  /** Offsets in percent of the 8–19 column. */
  top: number;
  height: number;
  lane: number;
  lanes: number;
  /** The event runs before 8:00 or after 19:00 (it is clipped to the column). */
  clippedStart: boolean;
  clippedEnd: boolean;
}

/** Timed events touching `day` between 8:00 and 19:00, side by side where they overlap. */
export function placeEvents(events: readonly CalendarEvent[], day: Date): PlacedEvent[] {
  const open = new Date(day.getFullYear(), day.getMonth(), day.getDate(), dayStartHour).getTime();
  const close = new Date(day.getFullYear(), day.getMonth(), day.getDate(), dayEndHour).getTime();
  const visible = events
    .filter((e) => !e.allDay)
    .map((event) => ({ event, start: Date.parse(event.start), end: Date.parse(event.end) }))
    .filter(({ start, end }) => start < close && Math.max(end, start + 1) > open)
    .sort((a, b) => a.start - b.start || b.end - a.end);

  const placed: PlacedEvent[] = [];
  // Overlapping events form clusters; within a cluster each event takes the first free lane.
  let cluster: { item: PlacedEvent; end: number }[] = [];
  let clusterEnd = -Infinity;
  const closeCluster = () => {
    const lanes = Math.max(1, ...cluster.map((c) => c.item.lane + 1));
    for (const c of cluster) c.item.lanes = lanes;
    cluster = [];
  };
  for (const { event, start, end } of visible) {
    if (start >= clusterEnd) closeCluster();
    const from = Math.max(start, open);
    const to = Math.min(Math.max(end, start + 15 * 60_000), close);
    let lane = 0;
    while (cluster.some((c) => c.item.lane === lane && c.end > start)) lane += 1;
    const item: PlacedEvent = {
      event,
      top: ((from - open) / 60_000 / minutesShown) * 100,
      height: Math.max(((to - from) / 60_000 / minutesShown) * 100, 100 / (minutesShown / 20)),
      lane,
      lanes: 1,
      clippedStart: start < open,
      clippedEnd: end > close,
    };
    cluster.push({ item, end: Math.max(end, start + 15 * 60_000) });
    clusterEnd = Math.max(clusterEnd, end, start + 15 * 60_000);
    placed.push(item);
  }
  closeCluster();
  return placed;
}

/** All-day events (and those spanning whole days) that cover `day`. */
export function allDayEvents(events: readonly CalendarEvent[], day: Date): CalendarEvent[] {
  const from = day.getTime();
  const to = addDays(day, 1).getTime();
  return events.filter((e) => e.allDay && Date.parse(e.start) < to && Date.parse(e.end) > from);
}

/** Where the "now" line sits in today's column, or null outside 8–19. */
export function nowOffset(now: Date): number | null {
  const minutes = now.getHours() * 60 + now.getMinutes() - dayStartHour * 60;
  return minutes < 0 || minutes > minutesShown ? null : (minutes / minutesShown) * 100;
}
