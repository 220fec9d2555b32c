// Calendar arithmetic in Europe/Paris without a time-zone library: Intl gives the offset of any instant.

export interface Day {
  year: number;
  month: number; // 1–12
  day: number;
}

const TIME_ZONE = 'Europe/Paris';
const dayParts = new Intl.DateTimeFormat('en-CA', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});
const offsetParts = new Intl.DateTimeFormat('en-US', { timeZone: TIME_ZONE, timeZoneName: 'longOffset' });
const longDay = new Intl.DateTimeFormat('fr-FR', {
  timeZone: TIME_ZONE,
  weekday: 'long',
  day: 'numeric',
  month: 'long',
});
const monthName = new Intl.DateTimeFormat('fr-FR', { timeZone: TIME_ZONE, month: 'long' });
const hourOnly = new Intl.DateTimeFormat('en-GB', { timeZone: TIME_ZONE, hour: '2-digit', hourCycle: 'h23' });
const dayMonth = new Intl.DateTimeFormat('fr-FR', { timeZone: TIME_ZONE, day: 'numeric', month: 'long' });
const clock = new Intl.DateTimeFormat('fr-FR', { timeZone: TIME_ZONE, hour: '2-digit', minute: '2-digit' });

export const HOUR = 3_600_000;
export const MINUTE = 60_000;

/** The calendar day of an instant, in Paris. */
export function parisDay(date: Date): Day {
  const parts = Object.fromEntries(dayParts.formatToParts(date).map((part) => [part.type, part.value]));
  return { year: Number(parts.year), month: Number(parts.month), day: Number(parts.day) };
}

export function addDays(day: Day, days: number): Day {
  const date = new Date(Date.UTC(day.year, day.month - 1, day.day + days));
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

/** 1 = Monday … 7 = Sunday. */
export function weekdayOf(day: Day): number {
  return new Date(Date.UTC(day.year, day.month - 1, day.day)).getUTCDay() || 7;
}

export function mondayOf(day: Day): Day {
  return addDays(day, 1 - weekdayOf(day));
}

// Public holidays on a fixed date (the Easter-based ones are left out: the demo only needs plausibility).
const FIXED_HOLIDAYS = new Set(['1-1', '5-1', '5-8', '7-14', '8-15', '11-1', '11-11', '12-25']);

/** Not a weekend, not a fixed public holiday. */
export const isWorkingDay = (day: Day): boolean =>
  weekdayOf(day) <= 5 && !FIXED_HOLIDAYS.has(`${day.month}-${day.day}`);

/** The day itself, or the next working day. */
export function workingDayFrom(day: Day): Day {
  let current = day;
  while (!isWorkingDay(current)) current = addDays(current, 1);
  return current;
}

/** The instant of a Paris wall-clock time. */
export function parisTime(day: Day, hour: number, minute = 0): Date {
  const wall = Date.UTC(day.year, day.month - 1, day.day, hour, minute);
  let instant = wall - offsetMinutes(wall) * MINUTE;
  // Near a DST change the first guess used the other side's offset.
  const corrected = wall - offsetMinutes(instant) * MINUTE;
  if (corrected !== instant) instant = corrected;
  return new Date(instant);
}

function offsetMinutes(instant: number): number {
  const name = offsetParts.formatToParts(new Date(instant)).find((part) => part.type === 'timeZoneName')?.value;
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name ?? '');
  if (!match) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return match[1] === '-' ? -minutes : minutes;
}

/** French writes the first of the month « 1er ». */
const firstOfMonth = (text: string): string => text.replace(/(^|\s)1(\s)/u, '$11er$2');

/** « jeudi 12 mars », « lundi 1er juin » */
export const formatDay = (date: Date): string => firstOfMonth(longDay.format(date));
/** The hour (0–23) of an instant, in Paris. */
export const parisHour = (date: Date): number => Number(hourOnly.format(date));

/** « 12 mars » */
export const formatDayMonth = (date: Date): string => firstOfMonth(dayMonth.format(date));
/** « mars » */
export const formatMonth = (date: Date): string => monthName.format(date);
/** « 14 h 30 » */
export function formatHour(date: Date): string {
  const [hours, minutes] = clock.format(date).split(':');
  return minutes === '00' ? `${Number(hours)} h` : `${Number(hours)} h ${minutes}`;
}
