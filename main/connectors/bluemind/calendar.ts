// Calendars (read) over REST (brief §7): each subscribed calendar's changeset tells whether anything changed
// since the stored version; if so (or when the window moved), `_search` over the window returns the series
// that occur in it, and recurring ones are expanded here on the wall clock of their time zone. All-day events
// (`precision: "Date"`) span whole days of the user's time zone.
import { apiPath, type BlueMindClient } from './client';
import { isFault } from './errors';
import type { KeyValue } from './state';
import { occurrenceStarts, type Rule } from './recurrence';
import { containerChangesetById, eventSearch, type BmDateTime, type EventItem, type VEvent } from './schemas';
import { addDays, instantOf, isKnownZone, wallTimeOf, type WallTime } from './zoned-time';
import type { EventRecord, PersonRecord } from '../../store/records';

const DAY = 86_400_000;
const PAGE = 200;
/** What is kept locally: a month back, a year ahead (re-read when the window has moved by a week). */
const PAST_DAYS = 31;
const FUTURE_DAYS = 366;
const WINDOW_SLACK_DAYS = 7;

export interface LocalCalendar {
  putPeople(people: PersonRecord[]): void;
  /** Replaces every stored event whose id starts with `prefix` by `events`. */
  replaceEvents(prefix: string, events: EventRecord[]): void;
  calendarChanged(): void;
}

interface Cursor {
  version: number;
  from: number;
  to: number;
}

export interface CalendarSyncOptions {
  client: BlueMindClient;
  accountId: string;
  calendars: () => string[];
  /** The user's time zone (user settings), for all-day events and zone-less dates. */
  zone: () => string;
  state: KeyValue;
  local: LocalCalendar;
  now: () => number;
}

export class CalendarSync {
  constructor(private readonly options: CalendarSyncOptions) {}

  async sync(signal?: AbortSignal): Promise<void> {
    let changed = false;
    for (const calendar of this.options.calendars()) {
      signal?.throwIfAborted();
      changed = (await this.syncCalendar(calendar, signal)) || changed;
    }
    if (changed) this.options.local.calendarChanged();
  }

  /** Whether the stored events of this calendar changed. */
  async syncCalendar(calendarUid: string, signal?: AbortSignal): Promise<boolean> {
    const { client, state, now } = this.options;
    const key = `calendar:${calendarUid}`;
    const stored = JSON.parse(state.get(key) ?? 'null') as Cursor | null;
    const today = Math.floor(now() / DAY) * DAY;
    const from = today - PAST_DAYS * DAY;
    const to = today + FUTURE_DAYS * DAY;
    let changes;
    try {
      changes = await client.expect(
        'GET',
        apiPath`/api/calendars/${calendarUid}/_changesetById`,
        containerChangesetById,
        {
          query: { since: stored?.version ?? 0 },
          ...(signal ? { signal } : {}),
        },
      );
    } catch (error) {
      if (isFault(error, 'NOT_FOUND', 'PERMISSION_DENIED')) return false;
      throw error;
    }
    const windowHolds = stored !== null && stored.from <= from && stored.to >= to - WINDOW_SLACK_DAYS * DAY;
    const unchanged = stored !== null && changes.version === stored.version && changes.deleted.length === 0;
    if (unchanged && windowHolds) return false;

    const items = await this.search(calendarUid, from, to, signal);
    const people = new Map<string, PersonRecord>();
    const events = items.flatMap((item) => this.expand(calendarUid, item, from, to, people));
    this.options.local.putPeople([...people.values()]);
    this.options.local.replaceEvents(`${this.options.accountId}:${calendarUid}:`, events);
    state.set(key, JSON.stringify({ version: changes.version, from, to } satisfies Cursor));
    return true;
  }

  private async search(calendarUid: string, from: number, to: number, signal?: AbortSignal): Promise<EventItem[]> {
    const zone = this.options.zone();
    const bound = (ms: number): BmDateTime => ({
      iso8601: new Date(ms).toISOString(),
      timezone: zone,
      precision: 'DateTime',
    });
    const items: EventItem[] = [];
    for (let offset = 0; ; offset += PAGE) {
      const page = await this.options.client.expect(
        'POST',
        apiPath`/api/calendars/${calendarUid}/_search`,
        eventSearch,
        {
          json: { query: null, from: offset, size: PAGE, dateMin: bound(from), dateMax: bound(to) },
          ...(signal ? { signal } : {}),
        },
      );
      items.push(...page.values);
      if (page.values.length < PAGE || items.length >= page.total) return items;
    }
  }

  /** The records of one series inside [from, to): the event itself, or each of its occurrences. */
  expand(
    calendarUid: string,
    item: EventItem,
    from: number,
    to: number,
    people: Map<string, PersonRecord>,
  ): EventRecord[] {
    const main = item.value.main;
    if (!main) return [];
    const base = `${this.options.accountId}:${calendarUid}:${item.uid}`;
    const timing = this.timing(main);
    const exceptions = new Map<number, VEvent>();
    for (const occurrence of item.value.occurrences ?? []) {
      if (occurrence.recurid) exceptions.set(this.instant(occurrence.recurid), occurrence);
    }
    const overlaps = (start: number, end: number) => start < to && end > from;
    if (!main.rrule) {
      return overlaps(timing.start, timing.end) ? [this.record(base, main, timing.start, timing.end, people)] : [];
    }
    const excluded = new Set((main.exdate ?? []).map((date) => this.instant(date)));
    const rule: Rule = {
      ...main.rrule,
      until: main.rrule.until ? this.instant(main.rrule.until, true) : null,
    };
    const records: EventRecord[] = [];
    for (const start of occurrenceStarts(timing.wall, timing.zone, rule, to)) {
      if (excluded.has(start)) continue;
      const exception = exceptions.get(start);
      if (exception) {
        const moved = this.timing(exception);
        if (overlaps(moved.start, moved.end))
          records.push(this.record(`${base}:${start}`, exception, moved.start, moved.end, people));
        continue;
      }
      const end = timing.allDay
        ? instantOf(addDays(wallTimeOf(start, timing.zone), timing.days), timing.zone)
        : start + (timing.end - timing.start);
      if (overlaps(start, end)) records.push(this.record(`${base}:${start}`, main, start, end, people));
    }
    return records;
  }

  private timing(event: VEvent) {
    const allDay = event.dtstart.precision === 'Date';
    const zone = !allDay && isKnownZone(event.dtstart.timezone) ? event.dtstart.timezone : this.options.zone();
    const start = this.instant(event.dtstart);
    const end = event.dtend
      ? this.instant(event.dtend)
      : allDay
        ? instantOf(addDays(wallTimeOf(start, zone), 1), zone)
        : start;
    const days = allDay ? Math.max(1, Math.round((end - start) / DAY)) : 0;
    return { allDay, zone, start, end: Math.max(end, start), wall: wallTimeOf(start, zone), days };
  }

  /** A `BmDateTime` as an instant: a date is midnight in the user's zone; a date-time honours its offset or zone. */
  instant(date: BmDateTime, endOfDay = false): number {
    const zone = isKnownZone(date.timezone) ? date.timezone : this.options.zone();
    const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date.iso8601.trim());
    if (day || date.precision === 'Date') {
      const [y, m, d] = date.iso8601.slice(0, 10).split('-').map(Number) as [number, number, number];
      const wall: WallTime = { year: y, month: m, day: d, hour: 0, minute: 0, second: 0 };
      return instantOf(endOfDay ? addDays(wall, 1) : wall, zone) - (endOfDay ? 1 : 0);
    }
    if (/([zZ]|[+-]\d{2}:?\d{2})$/.test(date.iso8601)) return Date.parse(date.iso8601);
    // A floating local time: read it on the zone's clock.
    const [datePart, timePart = '00:00:00'] = date.iso8601.split('T');
    const [y, m, d] = datePart!.split('-').map(Number) as [number, number, number];
    const [hh = 0, mm = 0, ss = 0] = timePart.split(':').map((part) => Number.parseFloat(part));
    return instantOf({ year: y, month: m, day: d, hour: hh, minute: mm, second: Math.floor(ss) }, zone);
  }

  private record(
    id: string,
    event: VEvent,
    start: number,
    end: number,
    people: Map<string, PersonRecord>,
  ): EventRecord {
    const personOf = (who: { commonName?: string | null; mailto?: string | null } | null | undefined) => {
      const address = who?.mailto?.replace(/^mailto:/i, '').toLowerCase();
      const key = `${this.options.accountId}:mailto:${address || who?.commonName || 'inconnu'}`;
      if (!people.has(key)) {
        people.set(key, {
          id: key,
          name: who?.commonName || address || '—',
          ...(address ? { address } : {}),
        });
      }
      return key;
    };
    const organizerId = personOf(event.organizer);
    const attendeeIds = [...new Set((event.attendees ?? []).map(personOf))];
    return {
      id,
      title: event.summary ?? '',
      start: new Date(start).toISOString(),
      end: new Date(end).toISOString(),
      allDay: event.dtstart.precision === 'Date',
      location: event.location || null,
      organizerId,
      attendeeIds: attendeeIds.includes(organizerId) ? attendeeIds : [organizerId, ...attendeeIds],
      meetingUrl: event.conference || event.url || null,
      description: event.description ?? '',
    };
  }
}
