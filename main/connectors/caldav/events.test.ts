import { describe, expect, test } from 'vitest';
import { eventsOf, type ExpandOptions } from './events';

const options: ExpandOptions = {
  accountId: 'cal',
  calendarKey: 'k',
  window: { start: Date.parse('2026-03-01T00:00:00Z'), end: Date.parse('2026-05-01T00:00:00Z') },
  timeZone: 'Europe/Paris',
  selfPersonId: 'cal:me',
};

const calendar = (...lines: string[]) =>
  ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//EN', ...lines, 'END:VCALENDAR'].join('\r\n');

const PARIS_VTIMEZONE = [
  'BEGIN:VTIMEZONE',
  'TZID:(UTC+01:00) Bruxelles\\, Copenhague\\, Madrid\\, Paris',
  'BEGIN:STANDARD',
  'DTSTART:16010101T030000',
  'TZOFFSETFROM:+0200',
  'TZOFFSETTO:+0100',
  'RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10',
  'END:STANDARD',
  'BEGIN:DAYLIGHT',
  'DTSTART:16010101T020000',
  'TZOFFSETFROM:+0100',
  'TZOFFSETTO:+0200',
  'RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3',
  'END:DAYLIGHT',
  'END:VTIMEZONE',
];

const weekly = (tzid: string) =>
  calendar(
    'BEGIN:VEVENT',
    'UID:hebdo',
    `DTSTART;TZID=${tzid}:20260319T100000`,
    `DTEND;TZID=${tzid}:20260319T110000`,
    'RRULE:FREQ=WEEKLY;COUNT=3',
    'SUMMARY:Point hebdomadaire',
    'END:VEVENT',
  );

describe('calendar objects into events', () => {
  test.each([
    ['an IANA name', 'Europe/Paris', []],
    ['a Thunderbird path', '/mozilla.org/20050126_1/Europe/Paris', []],
    ['a Windows name', 'Romance Standard Time', []],
  ])('a weekly meeting keeps 10:00 in Paris across the DST change (%s)', (_, tzid) => {
    const { events } = eventsOf(weekly(tzid as string), options);
    expect(events.map((event) => [event.start, event.end])).toEqual([
      ['2026-03-19T09:00:00.000Z', '2026-03-19T10:00:00.000Z'],
      ['2026-03-26T09:00:00.000Z', '2026-03-26T10:00:00.000Z'],
      ['2026-04-02T08:00:00.000Z', '2026-04-02T09:00:00.000Z'],
    ]);
    expect(new Set(events.map((event) => event.id)).size).toBe(3);
  });

  test('a TZID known only by its VTIMEZONE rules (Outlook) is evaluated from them', () => {
    const tzid = '"(UTC+01:00) Bruxelles\\, Copenhague\\, Madrid\\, Paris"';
    const ics = weekly(tzid).replace('PRODID:-//test//EN', ['PRODID:-//test//EN', ...PARIS_VTIMEZONE].join('\r\n'));
    expect(eventsOf(ics, options).events.map((event) => event.start)).toEqual([
      '2026-03-19T09:00:00.000Z',
      '2026-03-26T09:00:00.000Z',
      '2026-04-02T08:00:00.000Z',
    ]);
  });

  test('an all-day event stays on its date in the user zone, a floating time too', () => {
    const { events } = eventsOf(
      calendar(
        'BEGIN:VEVENT',
        'UID:ferie',
        'DTSTART;VALUE=DATE:20260406',
        'DTEND;VALUE=DATE:20260407',
        'SUMMARY:Lundi de Pâques',
        'END:VEVENT',
        'BEGIN:VEVENT',
        'UID:flottant',
        'DTSTART:20260407T083000',
        'DURATION:PT30M',
        'SUMMARY:Café',
        'END:VEVENT',
      ),
      options,
    );
    expect(events).toEqual([
      expect.objectContaining({
        title: 'Lundi de Pâques',
        allDay: true,
        start: '2026-04-05T22:00:00.000Z',
        end: '2026-04-06T22:00:00.000Z',
      }),
      expect.objectContaining({
        title: 'Café',
        allDay: false,
        start: '2026-04-07T06:30:00.000Z',
        end: '2026-04-07T07:00:00.000Z',
      }),
    ]);
  });

  test('exceptions: a date removed, an occurrence moved, UNTIL in UTC, a cancelled one skipped', () => {
    const { events } = eventsOf(
      calendar(
        'BEGIN:VEVENT',
        'UID:copil',
        'DTSTART;TZID=Europe/Paris:20260302T140000',
        'DTEND;TZID=Europe/Paris:20260302T150000',
        'RRULE:FREQ=WEEKLY;BYDAY=MO;UNTIL=20260330T130000Z',
        'EXDATE;TZID=Europe/Paris:20260309T140000',
        'SUMMARY:COPIL',
        'END:VEVENT',
        'BEGIN:VEVENT',
        'UID:copil',
        'RECURRENCE-ID;TZID=Europe/Paris:20260316T140000',
        'DTSTART;TZID=Europe/Paris:20260317T160000',
        'DTEND;TZID=Europe/Paris:20260317T170000',
        'SUMMARY:COPIL (décalé)',
        'END:VEVENT',
        'BEGIN:VEVENT',
        'UID:copil',
        'RECURRENCE-ID;TZID=Europe/Paris:20260323T140000',
        'DTSTART;TZID=Europe/Paris:20260323T140000',
        'STATUS:CANCELLED',
        'SUMMARY:COPIL',
        'END:VEVENT',
      ),
      options,
    );
    expect(events.map((event) => [event.title, event.start]).sort((a, b) => a[1]!.localeCompare(b[1]!))).toEqual([
      ['COPIL', '2026-03-02T13:00:00.000Z'],
      ['COPIL (décalé)', '2026-03-17T15:00:00.000Z'],
      ['COPIL', '2026-03-30T12:00:00.000Z'],
    ]);
  });

  test('only occurrences in the window are kept, an endless rule included', () => {
    const { events } = eventsOf(
      calendar(
        'BEGIN:VEVENT',
        'UID:quotidien',
        'DTSTART:20200101T070000Z',
        'DURATION:PT15M',
        'RRULE:FREQ=DAILY',
        'SUMMARY:Météo',
        'END:VEVENT',
      ),
      options,
    );
    expect(events).toHaveLength(61);
    expect(events[0]!.start).toBe('2026-03-01T07:00:00.000Z');
  });

  test('people, text escapes and the meeting link', () => {
    const { events, people } = eventsOf(
      calendar(
        'BEGIN:VEVENT',
        'UID:visio',
        'DTSTART:20260320T130000Z',
        'DTEND:20260320T140000Z',
        'SUMMARY:Revue\\, lot 2',
        'LOCATION:Salle Garonne\\; visio https://webconf.numerique.gouv.fr/revue-lot-2.',
        'DESCRIPTION:Ordre du jour :\\nhttps://docs.example.org/odj',
        'ORGANIZER;CN="Sophie Martin":mailto:Sophie.Martin@example.org',
        'ATTENDEE;CN=Camille;PARTSTAT=ACCEPTED:mailto:camille@example.org',
        'END:VEVENT',
      ),
      options,
    );
    expect(events[0]).toMatchObject({
      id: 'cal:k:visio',
      title: 'Revue, lot 2',
      location: 'Salle Garonne; visio https://webconf.numerique.gouv.fr/revue-lot-2.',
      description: 'Ordre du jour :\nhttps://docs.example.org/odj',
      meetingUrl: 'https://webconf.numerique.gouv.fr/revue-lot-2',
      organizerId: 'cal:sophie.martin@example.org',
      attendeeIds: ['cal:camille@example.org'],
    });
    expect(people).toContainEqual({
      id: 'cal:sophie.martin@example.org',
      name: 'Sophie Martin',
      address: 'sophie.martin@example.org',
    });
  });

  test.each([
    [['URL:https://visio.example.org/abc'], 'https://visio.example.org/abc'],
    [['CONFERENCE;VALUE=URI;FEATURE=VIDEO:https://meet.example.org/x'], 'https://meet.example.org/x'],
    [
      ['DESCRIPTION:Doc https://docs.example.org/a puis https://rendez-vous.renater.fr/b'],
      'https://rendez-vous.renater.fr/b',
    ],
    [['DESCRIPTION:Seulement https://docs.example.org/a'], null],
    [['LOCATION:https://salle.example.org/reservation'], 'https://salle.example.org/reservation'],
    [['URL:javascript:alert(1)'], null],
  ])('meeting link from %j', (lines, expected) => {
    const ics = calendar('BEGIN:VEVENT', 'UID:x', 'DTSTART:20260320T130000Z', ...lines, 'END:VEVENT');
    expect(eventsOf(ics, options).events[0]!.meetingUrl).toBe(expected);
  });

  test('folded lines and garbage do not break the rest', () => {
    const ics = calendar(
      'BEGIN:VEVENT',
      'UID:plie',
      'DTSTART:20260320T130000Z',
      'SUMMARY:Une très longue',
      '  ligne pliée',
      'not a property',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'UID:sans-date',
      'SUMMARY:Pas de début',
      'END:VEVENT',
    );
    expect(eventsOf(ics, options).events.map((event) => event.title)).toEqual(['Une très longue ligne pliée']);
  });
});
