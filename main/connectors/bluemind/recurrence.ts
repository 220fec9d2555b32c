// Occurrences of a recurring event inside a window (RFC 5545 rules as BlueMind's `RRule` carries them:
// frequency, interval, count, until, byDay with optional offsets, byMonthDay). Computed on the wall clock of
// the event's time zone, then turned into instants (zoned-time.ts).
import { addDays, addMonths, instantOf, weekdayOf, type WallTime } from './zoned-time';

export interface Rule {
  frequency: 'SECONDLY' | 'MINUTELY' | 'HOURLY' | 'DAILY' | 'WEEKLY' | 'MONTHLY' | 'YEARLY';
  interval?: number | null;
  count?: number | null;
  /** Last possible start, inclusive (epoch ms). */
  until?: number | null;
  byDay?: { day: string; offset?: number | null }[] | null;
  byMonthDay?: number[] | null;
}

const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];
/** Generated candidates before giving up (a daily rule over ten years stays well below). */
const MAX_STEPS = 20_000;

/** Start instants of the occurrences of `rule` from `start` (wall time in `zone`) that begin before `to`. */
export function occurrenceStarts(start: WallTime, zone: string, rule: Rule, to: number): number[] {
  const interval = Math.max(1, rule.interval ?? 1);
  const first = instantOf(start, zone);
  const starts: number[] = [];
  const limitCount = rule.count ?? Number.POSITIVE_INFINITY;
  const until = rule.until ?? Number.POSITIVE_INFINITY;
  for (let period = 0, steps = 0; steps < MAX_STEPS; period++) {
    const candidates = datesOfPeriod(start, rule, period * interval);
    if (candidates === 'stop') break;
    let passedEnd = false;
    for (const wall of candidates) {
      steps += 1;
      const instant = instantOf(wall, zone);
      if (instant < first) continue;
      if (instant > until || instant >= to || starts.length >= limitCount) {
        passedEnd = true;
        break;
      }
      starts.push(instant);
    }
    if (passedEnd) break;
    steps += 1;
  }
  return starts;
}

/** The wall times of one period (`offset` days, weeks, months or years after the start's), in order. */
function datesOfPeriod(start: WallTime, rule: Rule, offset: number): WallTime[] | 'stop' {
  switch (rule.frequency) {
    case 'DAILY':
      return [addDays(start, offset)];
    case 'WEEKLY': {
      const monday = addDays(start, -weekdayOf(start) + offset * 7);
      const days = weekdays(rule) ?? [weekdayOf(start)];
      return days.map((day) => addDays(monday, day));
    }
    case 'MONTHLY': {
      const month = addMonths({ ...start, day: 1 }, offset);
      return month ? daysOfMonth(start, month, rule) : [];
    }
    case 'YEARLY': {
      const date = addMonths(start, offset * 12);
      return date ? [date] : [];
    }
    default:
      // Sub-daily rules are not used for meetings; the first occurrence alone is shown.
      return offset === 0 ? [start] : 'stop';
  }
}

function weekdays(rule: Rule): number[] | null {
  const days = (rule.byDay ?? []).map((d) => WEEKDAYS.indexOf(d.day.toUpperCase())).filter((d) => d >= 0);
  return days.length ? [...new Set(days)].sort((a, b) => a - b) : null;
}

function daysOfMonth(start: WallTime, firstOfMonth: WallTime, rule: Rule): WallTime[] {
  const length = new Date(Date.UTC(firstOfMonth.year, firstOfMonth.month, 0)).getUTCDate();
  const at = (day: number): WallTime => ({ ...start, year: firstOfMonth.year, month: firstOfMonth.month, day });
  const days = new Set<number>();
  for (const day of rule.byMonthDay ?? []) {
    const actual = day > 0 ? day : length + day + 1;
    if (actual >= 1 && actual <= length) days.add(actual);
  }
  for (const { day, offset } of rule.byDay ?? []) {
    const weekday = WEEKDAYS.indexOf(day.toUpperCase());
    if (weekday < 0) continue;
    const matching: number[] = [];
    for (let d = 1; d <= length; d++) if (weekdayOf(at(d)) === weekday) matching.push(d);
    if (!offset) matching.forEach((d) => days.add(d));
    else {
      const pick = offset > 0 ? matching[offset - 1] : matching[matching.length + offset];
      if (pick !== undefined) days.add(pick);
    }
  }
  if (days.size === 0 && start.day <= length) days.add(start.day);
  return [...days].sort((a, b) => a - b).map(at);
}
