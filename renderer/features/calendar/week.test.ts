import { describe, expect, it } from 'vitest';
import type { CalendarEvent } from '../../../preload/contract';
import { weekStartOf } from '../../app/store';
import { allDayEvents, placeEvents, workDays } from './week';

function event(id: string, start: Date, end: Date, allDay = false): CalendarEvent {
  return {
    id,
    accountId: 'a',
    title: id,
    start: start.toISOString(),
    end: end.toISOString(),
    allDay,
    location: null,
    organizer: { id: 'p', name: 'P' },
    attendees: [],
    meetingUrl: null,
    description: '',
  };
}

const day = new Date(2026, 10, 24); // a Tuesday
const at = (h: number, m = 0) => new Date(2026, 10, 24, h, m);

describe('week', () => {
  it('starts weeks on Monday, also from a Sunday', () => {
    expect(weekStartOf(new Date(2026, 10, 29, 15)).getDate()).toBe(23);
    expect(weekStartOf(new Date(2026, 10, 23, 0, 1)).getDate()).toBe(23);
    expect(workDays(weekStartOf(day)).map((d) => d.getDay())).toEqual([1, 2, 3, 4, 5]);
  });

  it('places an event by its time within 8–19', () => {
    const [placed] = placeEvents([event('e', at(9), at(10))], day);
    expect(placed?.top).toBeCloseTo((60 / 660) * 100);
    expect(placed?.height).toBeCloseTo((60 / 660) * 100);
    expect(placed?.lanes).toBe(1);
  });

  it('puts overlapping events side by side and frees lanes after a cluster', () => {
    const placed = placeEvents(
      [
        event('a', at(9), at(11)),
        event('b', at(10), at(12)),
        event('c', at(10, 30), at(11)),
        event('d', at(14), at(15)),
      ],
      day,
    );
    const lanes = Object.fromEntries(placed.map((p) => [p.event.id, [p.lane, p.lanes]]));
    expect(lanes).toEqual({ a: [0, 3], b: [1, 3], c: [2, 3], d: [0, 1] });
  });

  it('clips events running outside the visible hours and drops those fully outside', () => {
    const placed = placeEvents([event('early', at(7), at(9)), event('night', at(20), at(21))], day);
    expect(placed.map((p) => p.event.id)).toEqual(['early']);
    expect(placed[0]?.top).toBe(0);
    expect(placed[0]?.clippedStart).toBe(true);
  });

  it('keeps all-day events for the days they cover', () => {
    const e = event('holiday', new Date(2026, 10, 24), new Date(2026, 10, 25), true);
    expect(allDayEvents([e], day)).toHaveLength(1);
    expect(allDayEvents([e], new Date(2026, 10, 25))).toHaveLength(0);
    expect(placeEvents([e], day)).toHaveLength(0);
  });
});
