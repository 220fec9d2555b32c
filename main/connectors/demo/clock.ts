import type { Random } from './random';
import { addDays, isWorkingDay, MINUTE, parisDay, parisTime, weekdayOf, type Day } from './time';

/** Dates of the demo, all relative to `now` and on working days, so that the workspace always looks current. */
export interface DemoClock {
  rng: Random;
  now: Date;
  /** The current year in Paris. */
  year: number;
  /** The latest moment of office hours up to `now`: at night or on a weekend, the last working evening. */
  officeNow: Date;
  /** A working day `workingDays` before today, at the given or a random office hour, never in the future. */
  ago(workingDays: number, hour?: number, minute?: number): Date;
  /** The working day `workingDays` after `from`, at the given hour (for convocations, deadlines). */
  later(from: Date, workingDays: number, hour?: number, minute?: number): Date;
  /** The Monday `weeks` weeks before this one, at the given time (never in the future). */
  mondayAgo(weeks: number, hour: number, minute: number): Date;
}

export function createClock(rng: Random, now: Date): DemoClock {
  const today = parisDay(now);
  const stepWorkingDays = (day: Day, count: number, direction: 1 | -1): Day => {
    let current = day;
    while (!isWorkingDay(current)) current = addDays(current, -1);
    for (let left = count; left > 0;) {
      current = addDays(current, direction);
      if (isWorkingDay(current)) left--;
    }
    return current;
  };
  const officeNow = latestOfficeMoment(now);
  const ago = (workingDays: number, hour?: number, minute?: number): Date => {
    const day = stepWorkingDays(today, workingDays, -1);
    const at = parisTime(day, hour ?? rng.int(8, 17), minute ?? rng.int(0, 59));
    return at.getTime() < officeNow.getTime() ? at : new Date(officeNow.getTime() - rng.int(5, 90) * MINUTE);
  };
  return {
    rng,
    now,
    year: today.year,
    officeNow,
    ago,
    later: (from, workingDays, hour = 9, minute = 30) =>
      parisTime(stepWorkingDays(parisDay(from), workingDays, 1), hour, minute),
    mondayAgo: (weeks, hour, minute) => ago(Math.min(weekdayOf(today), 5) - 1 + 5 * weeks, hour, minute),
  };
}

const OPENING = 8;
const CLOSING = 19;

function latestOfficeMoment(now: Date): Date {
  for (let day = parisDay(now); ; day = addDays(day, -1)) {
    if (!isWorkingDay(day) || parisTime(day, OPENING).getTime() >= now.getTime()) continue;
    const closing = parisTime(day, CLOSING);
    return closing.getTime() < now.getTime() ? closing : now;
  }
}
