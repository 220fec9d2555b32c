// Test support for CalDAV against the real Radicale of e2e/servers: calendars made and seeded over plain
// HTTP (MKCALENDAR, PUT of .ics files, as any client would), removed afterwards.
import { randomUUID } from 'node:crypto';
import { servers } from '../../../e2e/servers';

export type CalendarUser = keyof typeof servers.users;

const authorization = (user: CalendarUser) =>
  `Basic ${Buffer.from(`${user}:${servers.users[user]}`).toString('base64')}`;

async function dav(user: CalendarUser, method: string, path: string, body?: string): Promise<Response> {
  const response = await fetch(new URL(path, servers.caldav.url), {
    method,
    headers: { authorization: authorization(user), 'content-type': 'text/calendar; charset=utf-8' },
    ...(body !== undefined && { body }),
  });
  if (response.status >= 300) throw new Error(`${method} ${path}: HTTP ${response.status}`);
  return response;
}

/** A new calendar of `user`, with helpers to put and delete its objects; `remove()` deletes it. */
export async function seededCalendar(user: CalendarUser, name = `agenda-${randomUUID().slice(0, 8)}`) {
  const path = `/${user}/${name}/`;
  await dav(user, 'MKCALENDAR', path);
  return {
    url: new URL(path, servers.caldav.url).href,
    put: (file: string, ics: string) => dav(user, 'PUT', `${path}${file}`, ics),
    delete: (file: string) => dav(user, 'DELETE', `${path}${file}`),
    remove: () => dav(user, 'DELETE', path),
  };
}

/** One VCALENDAR with `lines` as its content, CRLF-terminated as RFC 5545 wants. */
export const ics = (...lines: string[]) =>
  ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Bastide tests//FR', ...lines, 'END:VCALENDAR', ''].join('\r\n');

/** Europe/Paris as calendar clients write it beside their events. */
export const PARIS = [
  'BEGIN:VTIMEZONE',
  'TZID:Europe/Paris',
  'BEGIN:DAYLIGHT',
  'TZOFFSETFROM:+0100',
  'TZOFFSETTO:+0200',
  'TZNAME:CEST',
  'DTSTART:19700329T020000',
  'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
  'END:DAYLIGHT',
  'BEGIN:STANDARD',
  'TZOFFSETFROM:+0200',
  'TZOFFSETTO:+0100',
  'TZNAME:CET',
  'DTSTART:19701025T030000',
  'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
  'END:STANDARD',
  'END:VTIMEZONE',
];

/** A week of a public service's calendar around the DST change of 29 March 2026. */
export function seedWeek(calendar: Awaited<ReturnType<typeof seededCalendar>>, tag = '') {
  return Promise.all([
    calendar.put(
      'point-hebdo.ics',
      ics(
        ...PARIS,
        'BEGIN:VEVENT',
        `UID:point-hebdo${tag}`,
        'DTSTAMP:20260301T080000Z',
        'DTSTART;TZID=Europe/Paris:20260319T100000',
        'DTEND;TZID=Europe/Paris:20260319T110000',
        'RRULE:FREQ=WEEKLY;BYDAY=TH;COUNT=4',
        `SUMMARY:Point hebdomadaire${tag}`,
        'LOCATION:Salle Garonne — visio https://webconf.numerique.gouv.fr/point-hebdo',
        'ORGANIZER;CN=Sophie Martin:mailto:sophie.martin@example.test',
        'ATTENDEE;CN=Alice:mailto:alice@example.test',
        'END:VEVENT',
      ),
    ),
    calendar.put(
      'ferie.ics',
      ics(
        'BEGIN:VEVENT',
        `UID:ferie${tag}`,
        'DTSTAMP:20260301T080000Z',
        'DTSTART;VALUE=DATE:20260406',
        'DTEND;VALUE=DATE:20260407',
        `SUMMARY:Lundi de Pâques${tag}`,
        'END:VEVENT',
      ),
    ),
    calendar.put(
      'ancien.ics',
      ics(
        'BEGIN:VEVENT',
        `UID:ancien${tag}`,
        'DTSTAMP:20200301T080000Z',
        'DTSTART:20200110T090000Z',
        'DTEND:20200110T100000Z',
        `SUMMARY:Hors de la fenêtre${tag}`,
        'END:VEVENT',
      ),
    ),
  ]);
}

/** `20260318T090000Z` for an instant. */
export const utcStamp = (date: Date) =>
  date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');

/** One timed event at `start` (an hour long) with a meeting link, in an .ics of its own. */
export function timedEvent(uid: string, title: string, start: Date, link = 'https://visio.example.test/reunion') {
  return ics(
    'BEGIN:VEVENT',
    `UID:${uid}`,
    `DTSTAMP:${utcStamp(start)}`,
    `DTSTART:${utcStamp(start)}`,
    `DTEND:${utcStamp(new Date(start.getTime() + 3_600_000))}`,
    `SUMMARY:${title}`,
    `LOCATION:${link}`,
    'END:VEVENT',
  );
}
