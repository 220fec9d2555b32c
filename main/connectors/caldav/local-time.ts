// Wall-clock date-times (no zone) and calendar arithmetic on them, done in UTC so that no zone interferes.

export interface LocalDateTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** 1 = Monday … 7 = Sunday (ISO 8601), as RRULE's MO…SU. */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** The wall-clock time as if it were UTC: a number that orders and subtracts like the calendar. */
export const asUtc = (t: LocalDateTime): number => Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second);

export function fromUtcFields(ms: number): LocalDateTime {
  const date = new Date(ms);
  return {
    year: date.getUTCFullYear(),
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
    hour: date.getUTCHours(),
    minute: date.getUTCMinutes(),
    second: date.getUTCSeconds(),
  };
}

export const addDays = (t: LocalDateTime, days: number): LocalDateTime =>
  fromUtcFields(Date.UTC(t.year, t.month - 1, t.day + days, t.hour, t.minute, t.second));

export const weekdayOf = (t: LocalDateTime): Weekday => (new Date(asUtc(t)).getUTCDay() || 7) as Weekday;

export const daysInMonth = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate();

export const compare = (a: LocalDateTime, b: LocalDateTime): number => asUtc(a) - asUtc(b);

/** The date-time of a DATE or DATE-TIME value (`20260314`, `20260314T100000`, `20260314T090000Z`). */
export function parseDateTime(value: string): { local: LocalDateTime; utc: boolean; date: boolean } | null {
  const match = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z)?)?$/.exec(value.trim());
  if (!match) return null;
  const [, year, month, day, hour, minute, second, zulu] = match;
  return {
    local: {
      year: Number(year),
      month: Number(month),
      day: Number(day),
      hour: Number(hour ?? 0),
      minute: Number(minute ?? 0),
      second: Number(second ?? 0),
    },
    utc: zulu === 'Z',
    date: hour === undefined,
  };
}
