// Calendar, read-only (§8): `SearchRequest types=appointment` with `calExpandInstStart/End` expands series
// on the server; each instance comes as `{s: <UTC ms>, tzo: <offset of the event's zone at s, ms>, dur?}`.
// Timed events are instants and need no zone; an all-day event is a *date* in the event's zone (its `s` is local
// midnight there), shown as that date in the user's zone.
import type { EventRecord, PersonRecord } from '../../core/ports';
import type { ZimbraClient } from './soap';
import { bool, list, num, one, text, type SoapObject } from './values';

const DAY_MS = 86_400_000;
const PAGE = 500;

export interface CalendarWindow {
  from: Date;
  to: Date;
}

export interface CalendarSnapshot {
  events: EventRecord[];
  people: PersonRecord[];
}

/** The UTC instant of midnight starting `date` (y, m, d) in `timeZone`. */
export function midnightIn(timeZone: string, y: number, m: number, d: number): number {
  const naive = Date.UTC(y, m - 1, d);
  const offsetAt = (utc: number) => {
    const parts = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    }).formatToParts(new Date(utc));
    const get = (type: string) => Number(parts.find((part) => part.type === type)?.value ?? 0);
    return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')) - utc;
  };
  // Two rounds settle the offset on either side of a DST change.
  let guess = naive - offsetAt(naive);
  guess = naive - offsetAt(guess);
  return guess;
}

/** The [start, end) of an all-day instance, as midnights of its dates in the user's zone. */
export function allDaySpan(instanceStart: number, zoneOffset: number, durationMs: number, userZone: string) {
  const local = new Date(instanceStart + zoneOffset); // its date, read in UTC fields
  const days = Math.max(1, Math.round(durationMs / DAY_MS));
  const y = local.getUTCFullYear();
  const m = local.getUTCMonth() + 1;
  const d = local.getUTCDate();
  const endDate = new Date(Date.UTC(y, m - 1, d + days));
  return {
    start: midnightIn(userZone, y, m, d),
    end: midnightIn(userZone, endDate.getUTCFullYear(), endDate.getUTCMonth() + 1, endDate.getUTCDate()),
  };
}

const URL_PATTERN = /https?:\/\/[^\s<>"')]+/i;

/** A meeting link in the location or the description (visio links are how agents join). */
function meetingUrl(...texts: (string | null | undefined)[]): string | null {
  for (const value of texts) {
    const found = value ? URL_PATTERN.exec(value) : null;
    if (found) return found[0];
  }
  return null;
}

export function personId(accountId: string, address: string): string {
  return `${accountId}:person:${address.trim().toLowerCase()}`;
}

function instancesOf(
  accountId: string,
  appointment: SoapObject,
  window: { from: number; to: number },
  userZone: string,
  people: Map<string, PersonRecord>,
): EventRecord[] {
  const id = text(appointment.id);
  // A cancelled meeting is not happening: it does not take a place in the week.
  if (!id || text(appointment.status) === 'CANC') return [];
  const organizer = one(appointment.or);
  const organizerAddress = text(organizer?.a);
  const organizerId = organizerAddress ? personId(accountId, organizerAddress) : `${accountId}:person:unknown`;
  if (organizerAddress && !people.has(organizerId)) {
    people.set(organizerId, {
      id: organizerId,
      name: text(organizer?.d) ?? organizerAddress,
      address: organizerAddress,
    });
  }
  const title = text(appointment.name) ?? '';
  const location = text(appointment.loc) || null;
  const description = text(appointment.fr) ?? '';
  const allDay = bool(appointment.allDay);
  const defaultDuration = num(appointment.dur) ?? 0;
  const out: EventRecord[] = [];
  for (const instance of list(appointment.inst)) {
    const start = num(instance.s);
    if (start === undefined || start < window.from || start >= window.to) continue;
    const duration = num(instance.dur) ?? defaultDuration;
    const span = allDay
      ? allDaySpan(start, num(instance.tzo) ?? 0, duration, userZone)
      : { start, end: start + Math.max(duration, 0) };
    out.push({
      id: `${accountId}:appt:${id}:${start}`,
      title,
      start: new Date(span.start).toISOString(),
      end: new Date(span.end).toISOString(),
      allDay,
      location,
      organizerId,
      attendeeIds: organizerAddress ? [organizerId] : [],
      meetingUrl: meetingUrl(location, description),
      description,
    });
  }
  return out;
}

/** Every instance of the calendars' appointments that starts within the window. */
export async function readCalendar(
  client: ZimbraClient,
  accountId: string,
  window: CalendarWindow,
  userZone: string,
  signal?: AbortSignal,
): Promise<CalendarSnapshot> {
  const range = { from: window.from.getTime(), to: window.to.getTime() };
  const people = new Map<string, PersonRecord>();
  const events: EventRecord[] = [];
  for (let offset = 0; ;) {
    const answer = await client.call(
      'SearchRequest',
      {
        types: 'appointment',
        // Every calendar folder, shared ones excluded (they are other people's calendars).
        query: 'is:local',
        calExpandInstStart: range.from,
        calExpandInstEnd: range.to,
        sortBy: 'none',
        limit: PAGE,
        offset,
      },
      signal ? { signal } : {},
    );
    const page = list(answer.appt);
    for (const appointment of page) events.push(...instancesOf(accountId, appointment, range, userZone, people));
    offset += page.length;
    if (page.length === 0 || !bool(answer.more)) break;
  }
  return { events, people: [...people.values()] };
}
