import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startZimbraEmulator, type ZimbraEmulator } from '../../../e2e/emulators/zimbra';
import { allDaySpan, midnightIn, readCalendar } from './calendar';
import { testClient } from './testing';

const ACCOUNT = 'zimbra-1';
const window = { from: new Date('2025-03-17T00:00:00Z'), to: new Date('2025-04-14T00:00:00Z') };

describe('time zones', () => {
  it('finds local midnight on both sides of a DST change', () => {
    expect(new Date(midnightIn('Europe/Paris', 2025, 3, 29)).toISOString()).toBe('2025-03-28T23:00:00.000Z');
    expect(new Date(midnightIn('Europe/Paris', 2025, 3, 31)).toISOString()).toBe('2025-03-30T22:00:00.000Z');
    expect(new Date(midnightIn('Indian/Reunion', 2025, 3, 26)).toISOString()).toBe('2025-03-25T20:00:00.000Z');
  });

  it('dates an all-day instance in its own zone and shows that date in the user zone', () => {
    // Local midnight of 26 March in Paris (UTC+1), one day long.
    const span = allDaySpan(Date.parse('2025-03-25T23:00:00Z'), 3_600_000, 86_400_000, 'Indian/Reunion');
    expect(new Date(span.start).toISOString()).toBe('2025-03-25T20:00:00.000Z');
    expect(new Date(span.end).toISOString()).toBe('2025-03-26T20:00:00.000Z');
  });
});

describe('calendar against the emulator', () => {
  let zimbra: ZimbraEmulator;

  beforeAll(async () => {
    zimbra = await startZimbraEmulator({ now: () => new Date('2025-03-26T08:00:00Z') });
  });
  afterAll(async () => {
    await zimbra.close();
  });

  it('reads expanded instances as instants, whatever the event zone', async () => {
    const { client } = testClient(zimbra.url);
    const { events, people } = await readCalendar(client, ACCOUNT, window, 'Europe/Paris');
    const copil = events.find((e) => e.title === 'Comité de pilotage SI');
    expect(copil).toMatchObject({
      start: '2025-03-25T13:00:00.000Z',
      end: '2025-03-25T15:00:00.000Z',
      allDay: false,
      location: 'Salle Garonne, Hôtel de Région, Toulouse',
      description: 'Ordre du jour joint au courriel du cabinet.',
    });
    expect(people.find((p) => p.id === copil?.organizerId)?.address).toBe('elodie.martin@example.test');
    const reunion = events.find((e) => e.title.startsWith('Visio avec la Maison'));
    expect(reunion?.start).toBe('2025-03-27T10:00:00.000Z'); // 14:00 in Indian/Reunion (UTC+4)
  });

  it('keeps a weekly meeting at the same wall-clock time across the change to summer time', async () => {
    const { client } = testClient(zimbra.url);
    const { events } = await readCalendar(client, ACCOUNT, window, 'Europe/Paris');
    const weekly = events
      .filter((e) => e.title === "Point d'équipe hebdomadaire")
      .map((e) => e.start)
      .sort();
    expect(weekly).toContain('2025-03-24T08:30:00.000Z');
    expect(weekly).toContain('2025-03-31T07:30:00.000Z');
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
  });

  it('shows all-day events as whole days and leaves cancelled meetings out', async () => {
    const { client } = testClient(zimbra.url);
    const { events } = await readCalendar(client, ACCOUNT, window, 'Europe/Paris');
    expect(events.find((e) => e.title === 'Formation RGPD')).toMatchObject({
      allDay: true,
      start: '2025-03-25T23:00:00.000Z',
      end: '2025-03-26T23:00:00.000Z',
    });
    expect(events.some((e) => e.title.startsWith('Réunion annulée'))).toBe(false);
  });

  it('finds meeting links and reads new appointments', async () => {
    zimbra.control.addAppointment('alice', {
      name: 'Visio de lancement',
      start: { y: 2025, mo: 4, d: 2, h: 10, mi: 0 },
      durationMinutes: 30,
      location: 'https://visio.numerique.gouv.fr/abc-defg-hij',
    });
    const { client } = testClient(zimbra.url);
    const { events } = await readCalendar(client, ACCOUNT, window, 'Europe/Paris');
    expect(events.find((e) => e.title === 'Visio de lancement')).toMatchObject({
      start: '2025-04-02T08:00:00.000Z',
      end: '2025-04-02T08:30:00.000Z',
      meetingUrl: 'https://visio.numerique.gouv.fr/abc-defg-hij',
    });
  });
});
