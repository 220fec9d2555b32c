// The CalDAV port against the real Radicale (e2e/servers), into a real store.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { servers } from '../../../e2e/servers';
import { createStoreSink } from '../../store/sink';
import { openStore, type Store } from '../../store/store';
import { CalDavCalendar } from './calendar';
import { ics, seededCalendar, seedWeek } from './testing';

const ACCOUNT = 'caldav-alice';
const cleanup: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

function tempStore(): Store {
  const dir = mkdtempSync(join(tmpdir(), 'bastide-caldav-'));
  const store = openStore(join(dir, 'bastide.sqlite'));
  cleanup.push(
    () => rmSync(dir, { recursive: true, force: true }),
    () => store.close(),
  );
  store.accounts.put(
    {
      id: ACCOUNT,
      kindId: 'caldav',
      displayName: 'Alice',
      address: 'alice',
      selfPersonId: null,
      capabilities: ['calendar'],
      state: 'online',
    },
    new Date(),
  );
  return store;
}

function port(password: string = servers.users.alice) {
  const requests: string[] = [];
  const calendar = new CalDavCalendar({
    accountId: ACCOUNT,
    url: servers.caldav.url,
    login: async () => ({ username: 'alice', password }),
    fetch: (input, init) => {
      requests.push(`${init?.method ?? 'GET'} ${String(input)}`);
      return fetch(input, init);
    },
    now: () => new Date('2026-03-18T09:00:00Z'),
    timeZone: 'Europe/Paris',
  });
  return { calendar, requests };
}

const between = (store: Store, tag: string) =>
  store.calendar.between('2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z').filter((event) => event.title.endsWith(tag));

describe('CalDAV against Radicale', () => {
  test('discovers the calendars and mirrors a window: recurrences across the DST change, all-day, links', async () => {
    const tag = ` ${randomUUID().slice(0, 6)}`;
    const seeded = await seededCalendar('alice');
    cleanup.push(() => seeded.remove());
    await seedWeek(seeded, tag);
    const store = tempStore();
    const { calendar } = port();

    expect(await calendar.syncNow(createStoreSink(store, ACCOUNT))).toBe(true);
    const events = between(store, tag);
    expect(events.filter((e) => e.title.startsWith('Point hebdomadaire')).map((e) => [e.start, e.end])).toEqual([
      ['2026-03-19T09:00:00.000Z', '2026-03-19T10:00:00.000Z'],
      ['2026-03-26T09:00:00.000Z', '2026-03-26T10:00:00.000Z'],
      ['2026-04-02T08:00:00.000Z', '2026-04-02T09:00:00.000Z'],
      ['2026-04-09T08:00:00.000Z', '2026-04-09T09:00:00.000Z'],
    ]);
    expect(events.find((e) => e.title.startsWith('Point hebdomadaire'))).toMatchObject({
      allDay: false,
      meetingUrl: 'https://webconf.numerique.gouv.fr/point-hebdo',
      organizer: { name: 'Sophie Martin', address: 'sophie.martin@example.test' },
      attendees: [{ name: 'Alice' }],
    });
    expect(events.find((e) => e.title.startsWith('Lundi de Pâques'))).toMatchObject({
      allDay: true,
      start: '2026-04-05T22:00:00.000Z',
      end: '2026-04-06T22:00:00.000Z',
    });
    expect(events.some((e) => e.title.startsWith('Hors de la fenêtre'))).toBe(false);
  });

  test('later syncs: nothing new costs no object request; changes and deletions arrive by sync token', async () => {
    const tag = ` ${randomUUID().slice(0, 6)}`;
    const seeded = await seededCalendar('alice');
    cleanup.push(() => seeded.remove());
    await seedWeek(seeded, tag);
    const store = tempStore();
    const sink = createStoreSink(store, ACCOUNT);
    const { calendar, requests } = port();
    await calendar.syncNow(sink);

    requests.length = 0;
    expect(await calendar.syncNow(sink)).toBe(false);
    expect(requests.some((request) => request.startsWith('REPORT'))).toBe(false);

    await seeded.put(
      'point-hebdo.ics',
      ics(
        'BEGIN:VEVENT',
        `UID:point-hebdo${tag}`,
        'DTSTAMP:20260302T080000Z',
        'DTSTART;TZID=Europe/Paris:20260319T140000',
        'DTEND;TZID=Europe/Paris:20260319T150000',
        `SUMMARY:Point hebdomadaire (après-midi)${tag}`,
        'END:VEVENT',
      ),
    );
    await seeded.delete('ferie.ics');
    await seeded.put(
      'nouveau.ics',
      ics(
        'BEGIN:VEVENT',
        `UID:nouveau${tag}`,
        'DTSTAMP:20260302T080000Z',
        'DTSTART:20260320T080000Z',
        'DURATION:PT1H',
        `SUMMARY:Nouveau${tag}`,
        'END:VEVENT',
      ),
    );
    requests.length = 0;
    expect(await calendar.syncNow(sink)).toBe(true);
    expect(requests.filter((request) => request.startsWith('REPORT'))).toHaveLength(2); // sync-collection + multiget
    expect(between(store, tag).map((e) => [e.title.replace(tag, ''), e.start])).toEqual([
      ['Point hebdomadaire (après-midi)', '2026-03-19T13:00:00.000Z'],
      ['Nouveau', '2026-03-20T08:00:00.000Z'],
    ]);
  });

  test('a removed calendar takes its events with it; a wrong password is an expired session', async () => {
    const tag = ` ${randomUUID().slice(0, 6)}`;
    const seeded = await seededCalendar('alice');
    await seedWeek(seeded, tag);
    const store = tempStore();
    const sink = createStoreSink(store, ACCOUNT);
    const { calendar } = port();
    await calendar.syncNow(sink);
    expect(between(store, tag).length).toBeGreaterThan(0);
    await seeded.remove();
    await calendar.syncNow(sink);
    expect(between(store, tag)).toEqual([]);

    await expect(port('wrong').calendar.syncNow(sink)).rejects.toMatchObject({ code: 'auth.expired' });
  });
});
