import { describe, expect, it } from 'vitest';
import { occurrenceStarts } from './recurrence';
import { instantOf, wallTimeOf } from './zoned-time';

const iso = (ms: number) => new Date(ms).toISOString();
const wall = (text: string) => {
  const [date, time = '00:00'] = text.split('T');
  const [year, month, day] = date!.split('-').map(Number) as [number, number, number];
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  return { year, month, day, hour, minute, second: 0 };
};
const far = Date.parse('2030-01-01T00:00:00Z');

describe('zoned time', () => {
  it('turns wall clock times into instants across daylight-saving changes', () => {
    expect(iso(instantOf(wall('2025-03-29T09:30'), 'Europe/Paris'))).toBe('2025-03-29T08:30:00.000Z');
    expect(iso(instantOf(wall('2025-03-31T09:30'), 'Europe/Paris'))).toBe('2025-03-31T07:30:00.000Z');
    // The hour skipped in spring moves forward; the repeated autumn hour takes its first pass.
    expect(iso(instantOf(wall('2025-03-30T02:30'), 'Europe/Paris'))).toBe('2025-03-30T01:30:00.000Z');
    expect(iso(instantOf(wall('2025-10-26T02:30'), 'Europe/Paris'))).toBe('2025-10-26T00:30:00.000Z');
    expect(wallTimeOf(Date.parse('2025-10-26T01:30:00Z'), 'Europe/Paris')).toMatchObject({ hour: 2, minute: 30 });
    expect(iso(instantOf(wall('2025-07-01T09:00'), 'America/Cayenne'))).toBe('2025-07-01T12:00:00.000Z');
  });
});

describe('recurrence', () => {
  it('weekly on several days, with an interval and a count', () => {
    const starts = occurrenceStarts(
      wall('2025-10-20T18:00'),
      'Europe/Paris',
      { frequency: 'WEEKLY', interval: 2, count: 4, byDay: [{ day: 'MO' }, { day: 'TH' }] },
      far,
    );
    expect(starts.map(iso)).toEqual([
      '2025-10-20T16:00:00.000Z',
      '2025-10-23T16:00:00.000Z',
      '2025-11-03T17:00:00.000Z',
      '2025-11-06T17:00:00.000Z',
    ]);
  });

  it('daily until a date (inclusive) and monthly on the last Friday', () => {
    const daily = occurrenceStarts(
      wall('2025-06-01T08:00'),
      'Europe/Paris',
      {
        frequency: 'DAILY',
        until: Date.parse('2025-06-03T06:00:00Z'),
      },
      far,
    );
    expect(daily.map(iso)).toEqual([
      '2025-06-01T06:00:00.000Z',
      '2025-06-02T06:00:00.000Z',
      '2025-06-03T06:00:00.000Z',
    ]);
    const monthly = occurrenceStarts(
      wall('2025-01-31T14:00'),
      'Europe/Paris',
      { frequency: 'MONTHLY', count: 3, byDay: [{ day: 'FR', offset: -1 }] },
      far,
    );
    expect(monthly.map(iso)).toEqual([
      '2025-01-31T13:00:00.000Z',
      '2025-02-28T13:00:00.000Z',
      '2025-03-28T13:00:00.000Z',
    ]);
  });

  it('skips months too short for the day, and stops at the window', () => {
    const starts = occurrenceStarts(
      wall('2025-01-31T10:00'),
      'UTC',
      { frequency: 'MONTHLY' },
      Date.parse('2025-06-01T00:00:00Z'),
    );
    expect(starts.map(iso)).toEqual([
      '2025-01-31T10:00:00.000Z',
      '2025-03-31T10:00:00.000Z',
      '2025-05-31T10:00:00.000Z',
    ]);
  });
});
