// Directory completion (online, cached, offline from the local copy, updated by push) and calendars read
// over REST with recurrences expanded on the event's wall clock.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ACCOUNT_ID, sendThrough, startHarness, until, type Harness } from './testing';

let harness: Harness | null = null;
afterEach(async () => {
  await harness?.close();
  harness = null;
});

describe('BlueMind directory', () => {
  it('completes from the organisation directory and the personal books', async () => {
    harness = await startHarness();
    const people = await harness.account.complete('lamb', 5);
    expect(people).toContainEqual(
      expect.objectContaining({ name: 'Marie Lambert', address: 'marie.lambert@example.test' }),
    );
    expect(await harness.account.complete('ann', 5)).toContainEqual(expect.objectContaining({ name: 'Ann Smith' }));
    const [search] = harness.emu.control.requestLog().filter((e) => e.path === '/api/addressbooks/_search');
    expect(search).toBeDefined();
  });

  it('mirrors the address books by changesets and completes from them offline', async () => {
    harness = await startHarness();
    await (await harness.account.directory()).sync();
    harness.emu.control.clearRequestLog();
    await (await harness.account.directory()).sync();
    // Nothing changed: changesets only, no card fetched again.
    expect(harness.emu.control.requestLog().some((e) => e.path.endsWith('/_mget'))).toBe(false);

    await harness.emu.close();
    const offline = await harness.account.complete('vidal', 5);
    expect(offline).toEqual([
      expect.objectContaining({ name: 'Lucas Vidal', address: 'lucas.vidal@prestataire.example' }),
    ]);
    expect(await harness.account.complete('sophie', 5)).toContainEqual(
      expect.objectContaining({ address: 'sophie.bernard@example.test' }),
    );
  });

  it('learns collected addresses by push after sending to someone new', async () => {
    harness = await startHarness();
    const h = harness;
    await h.syncMail();
    await (await h.account.directory()).sync();
    await h.account.startPush();
    const dir = mkdtempSync(join(tmpdir(), 'bastide-pim-'));
    try {
      const mail = await sendThrough(h.mail, dir, {
        from: 'alice@example.test',
        to: ['Nouvelle Personne <nouvelle.personne@partenaire.example>'],
        subject: 'Premier contact',
        text: 'Bonjour',
      });
      await mail.send();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    await until(
      () =>
        h.store.db
          .prepare('SELECT 1 FROM people WHERE account_id = ? AND address = ?')
          .get(ACCOUNT_ID, 'nouvelle.personne@partenaire.example') !== undefined,
    );
  });
});

describe('BlueMind calendar', () => {
  const now = Date.parse('2025-06-04T08:00:00Z');

  it('stores events with their time zones, all-day spans and meeting links', async () => {
    harness = await startHarness({ now: () => now });
    await (await harness.account.calendar()).sync();
    const events = harness.store.calendar.between('2025-06-01T00:00:00Z', '2025-06-30T00:00:00Z');
    const copil = events.find((e) => e.title === 'Comité de pilotage Bastide')!;
    expect(copil).toMatchObject({
      start: '2025-06-05T12:00:00.000Z',
      end: '2025-06-05T14:00:00.000Z',
      allDay: false,
      meetingUrl: 'https://visio.example.test/comite-bastide',
      location: 'Salle Garonne — Hôtel de Région, Toulouse',
    });
    expect(copil.organizer).toMatchObject({ name: 'Jean Dupont', address: 'jean.dupont@example.test' });
    expect(copil.attendees.map((a) => a.address)).toContain('thomas.petit@example.test');
    const leave = events.find((e) => e.title === 'Congés')!;
    // 16 to 21 June (exclusive) in Paris: midnight CEST is 22:00 UTC the day before.
    expect(leave).toMatchObject({ start: '2025-06-15T22:00:00.000Z', end: '2025-06-20T22:00:00.000Z', allDay: true });
  });

  it('expands a weekly series on the wall clock: 09:30 in Paris in summer and in winter', async () => {
    harness = await startHarness({ now: () => now });
    await (await harness.account.calendar()).sync();
    const weekly = (from: string, to: string) =>
      harness!.store.calendar.between(from, to).filter((e) => e.title === "Point d'équipe numérique");
    expect(weekly('2025-06-01T00:00:00Z', '2025-06-30T00:00:00Z').map((e) => e.start)).toEqual([
      '2025-06-02T07:30:00.000Z',
      '2025-06-09T07:30:00.000Z',
      '2025-06-16T07:30:00.000Z',
      '2025-06-23T07:30:00.000Z',
    ]);
    expect(weekly('2025-12-01T00:00:00Z', '2025-12-02T00:00:00Z').map((e) => e.start)).toEqual([
      '2025-12-01T08:30:00.000Z',
    ]);
    const ids = weekly('2025-05-01T00:00:00Z', '2026-06-01T00:00:00Z').map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('reads the calendar again only when its changeset moved', async () => {
    harness = await startHarness({ now: () => now });
    const calendar = await harness.account.calendar();
    await calendar.sync();
    harness.emu.control.clearRequestLog();
    await calendar.sync();
    const paths = harness.emu.control.requestLog().map((e) => e.path);
    expect(paths.some((p) => p.endsWith('/_changesetById'))).toBe(true);
    expect(paths.some((p) => p.endsWith('/_search'))).toBe(false);
  });
});
