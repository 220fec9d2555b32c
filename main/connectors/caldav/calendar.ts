// The CalDAV calendar port: every calendar of the account mirrored into the store for a window around today,
// recurrences expanded. Per calendar, a cursor keeps the window, the ctag and sync token the server gave, and
// each object's etag with the events it became: an unchanged ctag costs one request; a sync token brings only
// the changed objects; without either (or when the window moves on, weekly) the window is fetched again.
import { createHash } from 'node:crypto';
import type { CalendarPort, EventRecord, PersonRecord, StoreSink, SyncContext } from '../../core/ports';
import type { FetchLike } from '../http/network';
import { openDav, SyncTokenRefused, type DavCalendar, type DavObject, type DavSession } from './dav';
import { eventsOf } from './events';

export interface CalDavOptions {
  accountId: string;
  /** The server's address: its root, a principal or a calendar home (discovery finds the calendars). */
  url: string;
  login: () => Promise<{ username: string; password: string }>;
  fetch: FetchLike;
  now?: () => Date;
  /** The user's IANA zone (floating times, all-day dates); by default this machine's. */
  timeZone?: string;
  /** Days before this week's Monday and after it that are kept in the store. */
  window?: { pastDays: number; futureDays: number };
}

interface CalendarCursor {
  window: [number, number];
  ctag: string | null;
  syncToken: string | null;
  /** Object URL → its etag and the events it became in the window. */
  objects: Record<string, { etag: string | null; events: string[] }>;
}

interface Expanded {
  events: EventRecord[];
  people: PersonRecord[];
}

const CALENDARS_KEY = 'caldav:calendars';
const DAY_MS = 86_400_000;

export class CalDavCalendar implements CalendarPort {
  readonly #options: Required<Omit<CalDavOptions, 'timeZone'>> & { timeZone: string };
  #session: DavSession | null = null;
  /** Who organises the events that name no organiser: the account's owner. */
  #self: PersonRecord | null = null;

  constructor(options: CalDavOptions) {
    this.#options = {
      now: () => new Date(),
      timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
      window: { pastDays: 8 * 7, futureDays: 26 * 7 },
      ...options,
    };
  }

  async sync({ sink, progress }: SyncContext): Promise<void> {
    await this.syncNow(sink, progress);
  }

  /** Mirrors the calendars; returns whether the store changed. */
  async syncNow(sink: StoreSink, progress?: SyncContext['progress']): Promise<boolean> {
    const session = await this.#connect();
    let calendars: DavCalendar[];
    try {
      calendars = await session.calendars();
    } catch (error) {
      // Credentials renewed, a server restarted: the next attempt discovers again.
      this.#session = null;
      throw error;
    }
    const window = this.#window();
    let changed = false;
    for (const [index, calendar] of calendars.entries()) {
      progress?.('calendar', index, calendars.length);
      changed = (await this.#syncCalendar(session, sink, calendar, window)) || changed;
    }
    progress?.('calendar', calendars.length, calendars.length);
    const known = readJson<string[]>(sink.cursor(CALENDARS_KEY)) ?? [];
    const current = calendars.map((calendar) => calendar.url);
    sink.batch(() => {
      for (const gone of known.filter((url) => !current.includes(url))) {
        const cursor = readJson<CalendarCursor>(sink.cursor(cursorKey(gone)));
        if (cursor) sink.removeEvents(Object.values(cursor.objects).flatMap((object) => object.events));
        sink.setCursor(cursorKey(gone), null);
        changed = true;
      }
      sink.setCursor(CALENDARS_KEY, JSON.stringify(current));
    });
    return changed;
  }

  async #connect(): Promise<DavSession> {
    if (this.#session) return this.#session;
    const { username, password } = await this.#options.login();
    this.#session = await openDav({ url: this.#options.url, username, password, fetch: this.#options.fetch });
    const address = username.toLowerCase();
    this.#self = {
      id: `${this.#options.accountId}:${address}`,
      name: username,
      ...(address.includes('@') && { address }),
    };
    return this.#session;
  }

  /** From `pastDays` before this week's Monday (UTC) to `futureDays` after it: it moves once a week. */
  #window(): [number, number] {
    const now = this.#options.now();
    const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
    const monday = today - ((new Date(today).getUTCDay() + 6) % 7) * DAY_MS;
    const { pastDays, futureDays } = this.#options.window;
    return [monday - pastDays * DAY_MS, monday + futureDays * DAY_MS];
  }

  async #syncCalendar(
    session: DavSession,
    sink: StoreSink,
    calendar: DavCalendar,
    window: [number, number],
  ): Promise<boolean> {
    const key = cursorKey(calendar.url);
    const cursor = readJson<CalendarCursor>(sink.cursor(key));
    const sameWindow = cursor?.window[0] === window[0] && cursor.window[1] === window[1];
    if (cursor && sameWindow) {
      if (calendar.ctag !== null && calendar.ctag === cursor.ctag) return false;
      if (calendar.supportsSync && cursor.syncToken) {
        try {
          const changes = await session.changesSince(calendar, cursor.syncToken);
          const objects = { ...cursor.objects };
          const dropped = [...changes.deleted, ...changes.changed.map((object) => object.url)].flatMap((url) => {
            const events = objects[url]?.events ?? [];
            delete objects[url];
            return events;
          });
          const expanded = this.#expand(calendar, changes.changed, window, objects);
          this.#write(sink, key, dropped, expanded, {
            window,
            ctag: calendar.ctag,
            syncToken: changes.syncToken ?? calendar.syncToken,
            objects,
          });
          return dropped.length > 0 || expanded.events.length > 0;
        } catch (error) {
          if (!(error instanceof SyncTokenRefused)) throw error;
        }
      }
    }
    const objects: CalendarCursor['objects'] = {};
    const expanded = this.#expand(
      calendar,
      await session.objectsBetween(calendar, new Date(window[0]), new Date(window[1])),
      window,
      objects,
    );
    const previous = cursor ? Object.values(cursor.objects).flatMap((object) => object.events) : [];
    const kept = new Set(expanded.events.map((event) => event.id));
    this.#write(
      sink,
      key,
      previous.filter((id) => !kept.has(id)),
      expanded,
      { window, ctag: calendar.ctag, syncToken: calendar.syncToken, objects },
    );
    return true;
  }

  /** Expands objects into events, recording each object's etag and events in `objects`. */
  #expand(
    calendar: DavCalendar,
    fetched: DavObject[],
    window: [number, number],
    objects: CalendarCursor['objects'],
  ): Expanded {
    const { accountId, timeZone } = this.#options;
    const self = this.#self!;
    const events: EventRecord[] = [];
    const people = new Map<string, PersonRecord>([[self.id, self]]);
    for (const object of fetched) {
      const expanded = eventsOf(object.data, {
        accountId,
        calendarKey: shortHash(calendar.url),
        window: { start: window[0], end: window[1] },
        timeZone,
        selfPersonId: self.id,
      });
      objects[object.url] = { etag: object.etag, events: expanded.events.map((event) => event.id) };
      events.push(...expanded.events);
      for (const person of expanded.people) people.set(person.id, person);
    }
    return { events, people: [...people.values()] };
  }

  #write(sink: StoreSink, key: string, removed: string[], expanded: Expanded, cursor: CalendarCursor): void {
    sink.batch(() => {
      sink.removeEvents(removed);
      sink.putPeople(expanded.people);
      sink.putEvents(expanded.events);
      sink.setCursor(key, JSON.stringify(cursor));
    });
  }
}

const cursorKey = (calendarUrl: string) => `caldav:calendar:${calendarUrl}`;

/** A short, stable name for a calendar inside event ids. */
const shortHash = (value: string) => createHash('sha256').update(value).digest('hex').slice(0, 10);

function readJson<T>(value: string | null): T | null {
  if (value === null) return null;
  try {
    return JSON.parse(value) as T;
  } catch {
    return null;
  }
}
