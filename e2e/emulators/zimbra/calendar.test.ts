// Contract: SearchRequest types=appointment with calExpandInstStart/End (§8), time zones and mixed units (§9.3 #4).
// The seeded week is Monday 24 – Sunday 30 March 2025 in Europe/Paris: DST starts on Sunday 30 March.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startZimbraEmulator, type ZimbraEmulator } from './index';
import { TEST_NOW, login, soap } from './test-client';
import type { JsonObject } from './values';

let z: ZimbraEmulator;
let token: string;

beforeEach(async () => {
  z = await startZimbraEmulator({ now: () => TEST_NOW });
  token = (await login(z.url, 'alice', 'alicepw')).token;
});
afterEach(async () => {
  await z.close();
});

const MONDAY = Date.parse('2025-03-24T00:00:00+01:00');
const NEXT_TUESDAY = Date.parse('2025-04-01T00:00:00+02:00');
const SATURDAY = Date.parse('2025-03-29T00:00:00+01:00');

interface Appt {
  id: string;
  invId: string;
  name: string;
  loc: string;
  status: string;
  ptst: string;
  fba: string;
  allDay?: boolean;
  recur?: boolean;
  dur: number;
  md: number;
  isOrg: boolean;
  or: { a: string; d?: string };
  inst?: { s: number; tzo: number; ridZ?: string }[];
}

async function week(start: number, end: number, extra: JsonObject = {}): Promise<Appt[]> {
  const r = await soap(
    z.url,
    'SearchRequest',
    {
      types: 'appointment',
      query: 'inid:10',
      calExpandInstStart: start,
      calExpandInstEnd: end,
      sortBy: 'none',
      limit: 500,
      ...extra,
    },
    { cookie: token },
  );
  expect(r.status).toBe(200);
  return (r.body.appt as Appt[] | undefined) ?? [];
}

const byName = (appts: Appt[], name: string) => appts.find((a) => a.name.startsWith(name))!;

describe('appointments in a week (§8)', () => {
  it('returns appt[] with instances in UTC ms and the zone offset tzo in ms', async () => {
    const appts = await week(MONDAY, SATURDAY);
    expect(appts.map((a) => a.name).sort()).toEqual([
      'Comité de pilotage SI',
      'Déjeuner de service',
      'Formation RGPD',
      "Point d'équipe hebdomadaire",
      'Réunion annulée : revue budgétaire',
      'Stand-up projet Bastide',
      'Visio avec la Maison de la Région à La Réunion',
    ]);
    const copil = byName(appts, 'Comité');
    expect(copil.inst).toEqual([{ s: Date.parse('2025-03-25T14:00:00+01:00'), tzo: 3_600_000 }]);
    expect(copil).toMatchObject({
      loc: 'Salle Garonne, Hôtel de Région, Toulouse',
      status: 'CONF',
      ptst: 'AC',
      fba: 'B',
      dur: 7_200_000,
      isOrg: false,
      or: { a: 'elodie.martin@example.test', d: 'Élodie Martin' },
    });
    expect(copil.invId).toMatch(/^\d+-\d+$/);
    // Mixed units: inst.s in ms, md in seconds.
    expect(copil.md).toBe(Math.floor(TEST_NOW.getTime() / 1000));
  });

  it('expands a daily series across the DST change: same wall-clock time, UTC shifts, tzo 3600000 → 7200000', async () => {
    const standup = byName(await week(MONDAY, NEXT_TUESDAY), 'Stand-up');
    expect(standup.recur).toBe(true);
    expect(standup.inst!.map((i) => new Date(i.s).toISOString())).toEqual([
      '2025-03-24T08:00:00.000Z',
      '2025-03-25T08:00:00.000Z',
      '2025-03-26T08:00:00.000Z',
      '2025-03-27T08:00:00.000Z',
      '2025-03-28T08:00:00.000Z',
      '2025-03-31T07:00:00.000Z',
    ]);
    expect(standup.inst!.map((i) => i.tzo)).toEqual([3_600_000, 3_600_000, 3_600_000, 3_600_000, 3_600_000, 7_200_000]);
    expect(standup.inst![5]!.ridZ).toBe('20250331T070000Z');
  });

  it('keeps an appointment in its own zone (Indian/Reunion, UTC+4)', async () => {
    const visio = byName(await week(MONDAY, SATURDAY), 'Visio');
    expect(visio.inst).toEqual([{ s: Date.parse('2025-03-27T14:00:00+04:00'), tzo: 14_400_000 }]);
    expect(visio.isOrg).toBe(true);
  });

  it('reports all-day events at local midnight with allDay and a 1-day dur', async () => {
    const rgpd = byName(await week(MONDAY, SATURDAY), 'Formation RGPD');
    expect(rgpd.allDay).toBe(true);
    expect(rgpd.dur).toBe(86_400_000);
    expect(rgpd.inst).toEqual([{ s: Date.parse('2025-03-26T00:00:00+01:00'), tzo: 3_600_000 }]);
  });

  it('carries tentative and cancelled states', async () => {
    const appts = await week(MONDAY, SATURDAY);
    expect(byName(appts, 'Déjeuner')).toMatchObject({ status: 'TENT', ptst: 'NE', fba: 'T' });
    expect(byName(appts, 'Réunion annulée')).toMatchObject({ status: 'CANC' });
  });

  it('omits appointments with no instance in the range', async () => {
    const nextWeek = await week(Date.parse('2025-03-31T00:00:00+02:00'), Date.parse('2025-04-05T00:00:00+02:00'));
    expect(nextWeek.map((a) => a.name).sort()).toEqual(["Point d'équipe hebdomadaire", 'Stand-up projet Bastide']);
    const far = await week(Date.parse('2026-01-05T00:00:00+01:00'), Date.parse('2026-01-10T00:00:00+01:00'));
    expect(far).toEqual([]);
  });

  it('filters with the query language and shows appointments injected by control', async () => {
    const id = z.control.addAppointment('alice', {
      name: 'Point presse',
      start: { y: 2025, mo: 3, d: 27, h: 17, mi: 0 },
      durationMinutes: 30,
      location: 'Hôtel de Région',
      organizer: 'amelie.rousseau',
      attendees: ['alice'],
    });
    const filtered = await week(MONDAY, SATURDAY, { query: 'inid:10 presse' });
    expect(filtered.map((a) => a.id)).toEqual([String(id)]);
    expect(filtered[0]!.inst).toEqual([{ s: Date.parse('2025-03-27T17:00:00+01:00'), tzo: 3_600_000 }]);
  });

  it('GetMsgRequest on an invId returns the invite with local times and the zone', async () => {
    const copil = byName(await week(MONDAY, SATURDAY), 'Comité');
    const r = await soap(z.url, 'GetMsgRequest', { m: { id: copil.invId } }, { cookie: token });
    const comp = (r.body.m as { inv: { comp: { s: { d: string; tz: string }[]; name: string }[] }[] }[])[0]!.inv[0]!
      .comp[0]!;
    expect(comp.name).toBe('Comité de pilotage SI');
    expect(comp.s[0]).toMatchObject({ d: '20250325T140000', tz: 'Europe/Paris' });
  });
});
