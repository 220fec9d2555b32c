// Wall-clock time in a named time zone, with the platform's tz database (Intl): a weekly meeting at 09:30 in
// Europe/Paris stays at 09:30 across daylight-saving changes, so occurrences are computed on the wall clock of
// the event's zone and only then turned into instants.

export interface WallTime {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let format = formatters.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, format);
  }
  return format;
}

/** Whether the platform knows this zone name. */
export function isKnownZone(zone: string | null | undefined): zone is string {
  if (!zone) return false;
  try {
    formatter(zone);
    return true;
  } catch {
    return false;
  }
}

export function wallTimeOf(ms: number, zone: string): WallTime {
  const parts = Object.fromEntries(
    formatter(zone)
      .formatToParts(new Date(ms))
      .map((p) => [p.type, p.value]),
  );
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
  };
}

const asUtc = (t: WallTime) => Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second);

/**
 * The instant showing `wall` on the clocks of `zone`. In the hour skipped in spring the time is pushed forward
 * (02:30 → 03:30), in the hour repeated in autumn the first of the two is taken, as calendar software does.
 */
export function instantOf(wall: WallTime, zone: string): number {
  const target = asUtc(wall);
  const offsetAt = (ms: number) => asUtc(wallTimeOf(ms, zone)) - ms;
  // Zones change offset at most once around a given day: try the offsets of the day before and after.
  const before = target - offsetAt(target - 86_400_000);
  const after = target - offsetAt(target + 86_400_000);
  const valid = [before, after].filter((ms) => asUtc(wallTimeOf(ms, zone)) === target);
  return valid.length ? Math.min(...valid) : before;
}

/** The wall time `days` calendar days later (month and year lengths handled by Date.UTC). */
export function addDays(wall: WallTime, days: number): WallTime {
  const date = new Date(Date.UTC(wall.year, wall.month - 1, wall.day + days));
  return { ...wall, year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

/** The same day-of-month `months` later, or null when that month is too short (RFC 5545 skips it). */
export function addMonths(wall: WallTime, months: number): WallTime | null {
  const index = wall.year * 12 + (wall.month - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const length = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return wall.day > length ? null : { ...wall, year, month };
}

/** 0 = Monday … 6 = Sunday. */
export const weekdayOf = (wall: WallTime) =>
  (new Date(Date.UTC(wall.year, wall.month - 1, wall.day)).getUTCDay() + 6) % 7;
