import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../store/store';
import type { EventRecord } from '../../store/records';
import { createEventHub, type EventHub } from '../events';
import { createMeetingWatch, type MeetingWatch } from './meeting-watch';

const NOW = new Date('2026-03-16T08:00:00Z');
let dir: string;
let store: Store;
let events: EventHub;
let watch: MeetingWatch;
let activityChanges: number;

const hour = (iso: string): [string, string] => [iso, new Date(Date.parse(iso) + 3_600_000).toISOString()];
const event = (id: string, title: string, [start, end]: [string, string], organizerId = 'cal:bob'): EventRecord => ({
  id: `cal:${id}`,
  title,
  start,
  end,
  allDay: false,
  location: null,
  organizerId,
  attendeeIds: ['cal:alice'],
  meetingUrl: null,
  description: '',
});

const sync = (records: EventRecord[], removed: string[] = []) => {
  store.transaction(() => {
    store.calendar.remove(removed.map((id) => `cal:${id}`));
    store.calendar.put('cal', records);
  });
  events.emit('calendar:changed', { accountId: 'cal' });
};
const meetings = () =>
  store.activity
    .feed()
    .filter((item) => item.kind === 'meeting')
    .map((item) => ({ title: item.title, summary: item.summary, target: item.target }));

function startWatch() {
  watch = createMeetingWatch({ store, events, now: () => NOW, language: () => 'fr' });
  watch.start();
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'bastide-meetings-'));
  store = openStore(join(dir, 'bastide.sqlite'));
  store.accounts.put(
    {
      id: 'cal',
      kindId: 'caldav',
      displayName: 'Agenda',
      address: 'alice',
      selfPersonId: null,
      capabilities: ['calendar'],
      state: 'online',
    },
    NOW,
  );
  store.people.put('cal', [
    { id: 'cal:bob', name: 'Bob', address: 'bob@example.test' },
    { id: 'cal:alice@example.test', name: 'Alice', address: 'alice@example.test' },
  ]);
  events = createEventHub();
  activityChanges = 0;
  events.subscribe((name) => void (name === 'activity:changed' && activityChanges++));
  startWatch();
});
afterEach(() => {
  watch.stop();
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('meeting changes in the activity feed', () => {
  it('never reports the first sync, then reports new, moved and cancelled meetings once', () => {
    sync([
      event('copil', 'COPIL', hour('2026-03-17T09:00:00Z')),
      event('revue', 'Revue', hour('2026-03-18T09:00:00Z')),
    ]);
    expect(meetings()).toEqual([]);
    expect(activityChanges).toBe(0);

    sync(
      [event('comite', 'Comité', hour('2026-03-19T14:00:00Z')), event('copil', 'COPIL', hour('2026-03-17T15:00:00Z'))],
      ['revue'],
    );
    expect(meetings()).toEqual(
      expect.arrayContaining([
        { title: 'Nouvelle invitation', summary: 'Comité', target: { app: 'calendar', id: 'cal:comite' } },
        { title: 'Réunion déplacée', summary: 'COPIL', target: { app: 'calendar', id: 'cal:copil' } },
        { title: 'Réunion annulée', summary: 'Revue', target: { app: 'calendar', id: 'cal:revue' } },
      ]),
    );
    expect(meetings()).toHaveLength(3);
    expect(activityChanges).toBe(1);

    // A sync that changes nothing adds nothing.
    sync([event('comite', 'Comité', hour('2026-03-19T14:00:00Z'))]);
    expect(meetings()).toHaveLength(3);
    expect(activityChanges).toBe(1);
  });

  it("ignores the user's own meetings, past events and the window's edges; a new series is one item", () => {
    sync([event('old', 'Ancienne', hour('2026-01-05T09:00:00Z'))]);
    sync(
      [
        event('mine', 'La mienne', hour('2026-03-17T09:00:00Z'), 'cal:alice@example.test'),
        event('past', 'Passée', hour('2026-03-10T09:00:00Z')),
        ...[17, 24, 31].map((day) => event(`hebdo:${day}`, 'Point hebdo', hour(`2026-03-${day}T08:30:00Z`))),
      ],
      ['old'],
    );
    expect(meetings()).toEqual([
      { title: 'Nouvelle invitation', summary: 'Point hebdo', target: { app: 'calendar', id: 'cal:hebdo:17' } },
    ]);
  });

  it('a series moved to another time (its occurrences change ids) is one moved meeting', () => {
    const weekly = (hourUtc: string) =>
      [17, 24, 31].map((day) => event(`hebdo:${day}T${hourUtc}`, 'Point hebdo', hour(`2026-03-${day}T${hourUtc}:00Z`)));
    sync(weekly('08:30'));
    sync(
      weekly('10:00'),
      [17, 24, 31].map((day) => `hebdo:${day}T08:30`),
    );
    expect(meetings()).toEqual([
      { title: 'Réunion déplacée', summary: 'Point hebdo', target: { app: 'calendar', id: 'cal:hebdo:17T10:00' } },
    ]);
  });

  it('after a restart, compares with what the store held: changes synced meanwhile are news', () => {
    sync([event('copil', 'COPIL', hour('2026-03-17T09:00:00Z'))]);
    watch.stop();
    startWatch();
    sync([event('copil', 'COPIL', hour('2026-03-17T10:00:00Z'))]);
    expect(meetings()).toEqual([
      { title: 'Réunion déplacée', summary: 'COPIL', target: { app: 'calendar', id: 'cal:copil' } },
    ]);
  });

  it('an account never synced before starts with a backfill, even after a restart', () => {
    store.calendar.put('cal', [event('copil', 'COPIL', hour('2026-03-17T09:00:00Z'))]);
    watch.stop();
    startWatch();
    sync([event('revue', 'Revue', hour('2026-03-18T09:00:00Z'))]);
    expect(meetings()).toEqual([]);
  });
});
