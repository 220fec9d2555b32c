// One calendar object (an .ics resource) into the store's events for a window of time: time zones resolved,
// recurrences expanded (with their exceptions, extra dates and moved occurrences), all-day events kept on
// their dates in the user's zone, organiser and attendees as people, the meeting link found.
import type { EventRecord, PersonRecord } from '../../core/ports';
import { findAll, parseICalendar, properties, property, text, type Component, type Property } from './ical';
import { addDays, asUtc, compare, parseDateTime, type LocalDateTime } from './local-time';
import { meetingLink } from './meeting-link';
import { expand, parseRule } from './rrule';
import { resolveZone, utcZone, type Zone } from './zones';

export interface ExpandOptions {
  accountId: string;
  /** Distinguishes calendars of one account (one UID may be in two calendars). */
  calendarKey: string;
  /** Epoch milliseconds: events overlapping [start, end) are kept. */
  window: { start: number; end: number };
  /** The user's IANA zone: for floating times, all-day dates and unknown TZIDs. */
  timeZone: string;
  /** Who organises an event that names no organiser: the account's owner. */
  selfPersonId: string;
}

export interface ExpandedObject {
  events: EventRecord[];
  people: PersonRecord[];
}

/** Upper bound of occurrences walked for one rule (an event repeated daily for years stays far below). */
const MAX_OCCURRENCES = 20_000;

interface Moment {
  instant: number;
  allDay: boolean;
  local: LocalDateTime;
}

export function eventsOf(ics: string, options: ExpandOptions): ExpandedObject {
  const roots = parseICalendar(ics);
  const timezones = findAll(roots, 'VTIMEZONE');
  const userZone = resolveZone(undefined, [], options.timeZone);
  /** The zone a DATE or DATE-TIME property is written in; all-day dates are the user's dates. */
  const zoneOf = (prop: Property): Zone => {
    if (prop.value.trim().endsWith('Z')) return utcZone;
    if (prop.params.VALUE === 'DATE' || parseDateTime(prop.value)?.date) return userZone;
    return resolveZone(prop.params.TZID, timezones, options.timeZone);
  };
  const people = new Map<string, PersonRecord>();
  const events: EventRecord[] = [];

  const byUid = new Map<string, Component[]>();
  for (const vevent of findAll(roots, 'VEVENT')) {
    const uid = property(vevent, 'UID')?.value ?? '';
    byUid.set(uid, [...(byUid.get(uid) ?? []), vevent]);
  }

  for (const [uid, vevents] of byUid) {
    const master = vevents.find((vevent) => !property(vevent, 'RECURRENCE-ID'));
    // Occurrences moved or changed one by one (RECURRENCE-ID) replace the ones the rule would give.
    const moved = new Set<number>();
    for (const override of vevents.filter((vevent) => property(vevent, 'RECURRENCE-ID'))) {
      const recurrenceId = momentOf(property(override, 'RECURRENCE-ID')!, zoneOf);
      if (!recurrenceId) continue;
      moved.add(recurrenceId.instant);
      const span = spanOf(override, zoneOf);
      if (span && !cancelled(override) && overlaps(span, options.window)) {
        events.push(record(override, uid, recurrenceId.instant, span, options, people));
      }
    }
    if (!master || cancelled(master)) continue;
    const span = spanOf(master, zoneOf);
    if (!span) continue;
    if (!property(master, 'RRULE') && !property(master, 'RDATE')) {
      if (overlaps(span, options.window)) events.push(record(master, uid, null, span, options, people));
      continue;
    }
    for (const start of occurrences(master, span.start, zoneOf, options.window.end)) {
      if (moved.has(start.instant)) continue;
      const occurrence = shift(span, start, userZone);
      if (overlaps(occurrence, options.window))
        events.push(record(master, uid, start.instant, occurrence, options, people));
    }
  }
  return { events, people: [...people.values()] };
}

interface Span {
  start: Moment;
  end: Moment;
}

type ZoneOf = (prop: Property) => Zone;

function momentOf(prop: Property, zoneOf: ZoneOf): Moment | null {
  const parsed = parseDateTime(prop.value);
  if (!parsed) return null;
  return {
    instant: zoneOf(prop)(parsed.local),
    allDay: parsed.date || prop.params.VALUE === 'DATE',
    local: parsed.local,
  };
}

/** Start and end of a VEVENT as written (DTEND, else DURATION, else the RFC 5545 defaults). */
function spanOf(vevent: Component, zoneOf: ZoneOf): Span | null {
  const dtstart = property(vevent, 'DTSTART');
  const start = dtstart && momentOf(dtstart, zoneOf);
  if (!dtstart || !start) return null;
  const dtend = property(vevent, 'DTEND');
  const written = dtend && momentOf(dtend, zoneOf);
  if (written && written.instant > start.instant) return { start, end: written };
  const duration = parseDuration(property(vevent, 'DURATION')?.value ?? '') ?? { days: start.allDay ? 1 : 0, ms: 0 };
  const local = addDays(start.local, duration.days);
  const instant = start.allDay ? zoneOf(dtstart)(local) : start.instant + duration.days * 86_400_000 + duration.ms;
  return { start, end: { instant, allDay: start.allDay, local } };
}

/** The starts of a recurring event's occurrences before `end` (RRULE and RDATE, minus EXDATE). */
function occurrences(master: Component, start: Moment, zoneOf: ZoneOf, end: number): Moment[] {
  const zone = zoneOf(property(master, 'DTSTART')!);
  const starts = new Map<number, Moment>([[start.instant, start]]);
  const written = property(master, 'RRULE');
  const rule = written && parseRule(written.value);
  if (rule) {
    let walked = 0;
    for (const local of expand(start.local, rule)) {
      const instant = zone(local);
      if (++walked > MAX_OCCURRENCES || instant >= end || pastUntil(rule.until, local, instant)) break;
      starts.set(instant, { instant, allDay: start.allDay, local });
    }
  }
  for (const rdate of properties(master, 'RDATE')) {
    for (const value of rdate.value.split(',')) {
      const moment = momentOf({ ...rdate, value }, zoneOf);
      if (moment && moment.instant < end) starts.set(moment.instant, moment);
    }
  }
  for (const exdate of properties(master, 'EXDATE')) {
    for (const value of exdate.value.split(',')) {
      const moment = momentOf({ ...exdate, value }, zoneOf);
      if (moment) starts.delete(moment.instant);
    }
  }
  return [...starts.values()].sort((a, b) => a.instant - b.instant);
}

/** UNTIL is an instant when written in UTC, else a wall-clock bound; a DATE includes its whole day. */
function pastUntil(until: ReturnType<typeof parseDateTime>, local: LocalDateTime, instant: number): boolean {
  if (!until) return false;
  if (until.utc) return instant > asUtc(until.local);
  const bound = until.date ? { ...until.local, hour: 23, minute: 59, second: 59 } : until.local;
  return compare(local, bound) > 0;
}

/** The master's span moved to another start: the same dates for all-day events, the same duration else. */
function shift(span: Span, start: Moment, userZone: Zone): Span {
  if (!span.start.allDay) {
    return { start, end: { ...span.end, instant: start.instant + (span.end.instant - span.start.instant) } };
  }
  const days = Math.round((asUtc(span.end.local) - asUtc(span.start.local)) / 86_400_000);
  const local = addDays(start.local, days);
  return { start, end: { instant: userZone(local), allDay: true, local } };
}

const overlaps = (span: Span, window: ExpandOptions['window']) =>
  span.start.instant < window.end && Math.max(span.end.instant, span.start.instant + 1) > window.start;

const cancelled = (vevent: Component) => property(vevent, 'STATUS')?.value.toUpperCase() === 'CANCELLED';

function record(
  vevent: Component,
  uid: string,
  recurrence: number | null,
  span: Span,
  options: ExpandOptions,
  people: Map<string, PersonRecord>,
): EventRecord {
  const person = (prop: Property): string => {
    const address = prop.value
      .replace(/^mailto:/i, '')
      .trim()
      .toLowerCase();
    const id = `${options.accountId}:${address}`;
    if (!people.has(id)) people.set(id, { id, name: prop.params.CN?.trim() || address, address });
    return id;
  };
  const organizer = property(vevent, 'ORGANIZER');
  const base = `${options.accountId}:${options.calendarKey}:${uid}`;
  return {
    id: recurrence === null ? base : `${base}:${new Date(recurrence).toISOString()}`,
    title: text(vevent, 'SUMMARY') ?? '',
    start: new Date(span.start.instant).toISOString(),
    end: new Date(span.end.instant).toISOString(),
    allDay: span.start.allDay,
    location: text(vevent, 'LOCATION'),
    organizerId: organizer ? person(organizer) : options.selfPersonId,
    attendeeIds: [...new Set(properties(vevent, 'ATTENDEE').map(person))],
    meetingUrl: meetingLink(vevent),
    description: text(vevent, 'DESCRIPTION') ?? '',
  };
}

/** An ISO 8601 duration as RFC 5545 writes it (P1D, PT1H30M, P2W), as days plus milliseconds. */
function parseDuration(value: string): { days: number; ms: number } | null {
  const match = /^([+-])?P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(value.trim());
  if (!match || value.trim() === 'P') return null;
  const sign = match[1] === '-' ? -1 : 1;
  const days = Number(match[2] ?? 0) * 7 + Number(match[3] ?? 0);
  const ms = ((Number(match[4] ?? 0) * 60 + Number(match[5] ?? 0)) * 60 + Number(match[6] ?? 0)) * 1000;
  return { days: sign * days, ms: sign * ms };
}
