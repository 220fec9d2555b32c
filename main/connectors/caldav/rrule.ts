// Recurrence rules (RFC 5545 §3.3.10) expanded in wall-clock time: the caller turns each occurrence into an
// instant with the event's time zone, so a weekly 10:00 meeting in Paris stays at 10:00 across the DST change.
// DAILY, WEEKLY (BYDAY, WKST), MONTHLY and YEARLY (BYMONTH, BYMONTHDAY, BYDAY with ordinals), INTERVAL and
// COUNT; UNTIL is the caller's to compare, as it may be an instant. Other frequencies are not expanded.
import {
  addDays,
  compare,
  daysInMonth,
  parseDateTime,
  weekdayOf,
  type LocalDateTime,
  type Weekday,
} from './local-time';

export interface Rule {
  freq: 'DAILY' | 'WEEKLY' | 'MONTHLY' | 'YEARLY';
  interval: number;
  count: number | null;
  until: ReturnType<typeof parseDateTime>;
  byDay: { weekday: Weekday; nth: number | null }[];
  byMonth: number[];
  byMonthDay: number[];
  wkst: Weekday;
}

const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];
const weekday = (code: string): Weekday | null => {
  const index = WEEKDAYS.indexOf(code.toUpperCase());
  return index < 0 ? null : ((index + 1) as Weekday);
};

export function parseRule(value: string): Rule | null {
  const parts = new Map(
    value.split(';').map((part) => {
      const [key = '', val = ''] = part.split('=');
      return [key.trim().toUpperCase(), val.trim()] as const;
    }),
  );
  const freq = parts.get('FREQ')?.toUpperCase();
  if (freq !== 'DAILY' && freq !== 'WEEKLY' && freq !== 'MONTHLY' && freq !== 'YEARLY') return null;
  const numbers = (key: string) =>
    (parts.get(key) ?? '')
      .split(',')
      .filter(Boolean)
      .map(Number)
      .filter((n) => Number.isInteger(n) && n !== 0);
  const byDay = (parts.get('BYDAY') ?? '')
    .split(',')
    .filter(Boolean)
    .flatMap((entry) => {
      const match = /^([+-]?\d{1,2})?([A-Za-z]{2})$/.exec(entry.trim());
      const day = match && weekday(match[2]!);
      return day ? [{ weekday: day, nth: match[1] ? Number(match[1]) : null }] : [];
    });
  const count = Number(parts.get('COUNT'));
  const interval = Number(parts.get('INTERVAL') ?? 1);
  return {
    freq,
    interval: Number.isInteger(interval) && interval > 0 ? interval : 1,
    count: Number.isInteger(count) && count > 0 ? count : null,
    until: parts.has('UNTIL') ? parseDateTime(parts.get('UNTIL')!) : null,
    byDay,
    byMonth: numbers('BYMONTH').filter((month) => month >= 1 && month <= 12),
    byMonthDay: numbers('BYMONTHDAY'),
    wkst: weekday(parts.get('WKST') ?? 'MO') ?? 1,
  };
}

/**
 * The occurrences' starts in wall-clock time, in order, from `start` (the first occurrence, as RFC 5545
 * counts it) on. Endless unless COUNT says otherwise: the caller stops at its window or at UNTIL.
 */
export function* expand(start: LocalDateTime, rule: Rule): Generator<LocalDateTime> {
  let produced = 0;
  for (let period = 0; ; period += rule.interval) {
    const candidates = periodCandidates(start, rule, period);
    if (candidates === null) return;
    for (const candidate of candidates) {
      if (compare(candidate, start) < 0) continue;
      yield candidate;
      produced += 1;
      if (rule.count !== null && produced >= rule.count) return;
    }
  }
}

/** Occurrence candidates of the `period`-th day, week, month or year after the start's; null past year 9999. */
function periodCandidates(start: LocalDateTime, rule: Rule, period: number): LocalDateTime[] | null {
  const time = { hour: start.hour, minute: start.minute, second: start.second };
  switch (rule.freq) {
    case 'DAILY': {
      const day = addDays(start, period);
      if (day.year > 9999) return null;
      const matches =
        (rule.byDay.length === 0 || rule.byDay.some((entry) => entry.weekday === weekdayOf(day))) &&
        (rule.byMonth.length === 0 || rule.byMonth.includes(day.month));
      return matches ? [day] : [];
    }
    case 'WEEKLY': {
      const weekStart = addDays(start, period * 7 - ((weekdayOf(start) - rule.wkst + 7) % 7));
      if (weekStart.year > 9999) return null;
      const days = rule.byDay.length > 0 ? rule.byDay.map((entry) => entry.weekday) : [weekdayOf(start)];
      return days
        .map((day) => addDays(weekStart, (day - rule.wkst + 7) % 7))
        .filter((day) => rule.byMonth.length === 0 || rule.byMonth.includes(day.month))
        .sort(compare);
    }
    case 'MONTHLY': {
      const index = start.month - 1 + period;
      const year = start.year + Math.floor(index / 12);
      if (year > 9999) return null;
      const month = (index % 12) + 1;
      if (rule.byMonth.length > 0 && !rule.byMonth.includes(month)) return [];
      return daysOfMonth(year, month, rule, start.day).map((day) => ({ year, month, day, ...time }));
    }
    case 'YEARLY': {
      const year = start.year + period;
      if (year > 9999) return null;
      const months = rule.byMonth.length > 0 ? rule.byMonth : [start.month];
      return months
        .toSorted((a, b) => a - b)
        .flatMap((month) => daysOfMonth(year, month, rule, start.day).map((day) => ({ year, month, day, ...time })));
    }
  }
}

/** The days of one month a MONTHLY or YEARLY rule selects, in order. */
function daysOfMonth(year: number, month: number, rule: Rule, startDay: number): number[] {
  const length = daysInMonth(year, month);
  const days = new Set<number>();
  for (const day of rule.byMonthDay) {
    const resolved = day > 0 ? day : length + day + 1;
    if (resolved >= 1 && resolved <= length) days.add(resolved);
  }
  for (const { weekday: wanted, nth } of rule.byDay) {
    const first = weekdayOf({ year, month, day: 1, hour: 0, minute: 0, second: 0 });
    const matching: number[] = [];
    for (let day = 1 + ((wanted - first + 7) % 7); day <= length; day += 7) matching.push(day);
    if (nth === null) matching.forEach((day) => days.add(day));
    else {
      const picked = nth > 0 ? matching[nth - 1] : matching[matching.length + nth];
      if (picked !== undefined) days.add(picked);
    }
  }
  if (rule.byMonthDay.length === 0 && rule.byDay.length === 0 && startDay <= length) days.add(startDay);
  return [...days].sort((a, b) => a - b);
}
