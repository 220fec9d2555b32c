// Meeting changes through the core against the real Radicale: a CalDAV account's calendar changed by someone
// else (objects written straight into the collection, as another client would) becomes activity items opening
// the event in the Calendar app; the first sync, the user's own events and a sync with nothing new add nothing.
import { randomUUID } from 'node:crypto';
import { afterEach, expect, test } from 'vitest';
import { servers } from '../../../e2e/servers';
import { ics, seededCalendar, utcStamp } from '../../connectors/caldav/testing';
import type { CoreService } from '../service';
import { MemorySecretStore } from '../secrets/memory-store';
import { call, resolveDeepLink, useTempProfiles } from '../testing/helpers';

const profiles = useTempProfiles();
const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step().catch(() => undefined);
});

const meeting = (uid: string, title: string, start: Date, organizer: string) =>
  ics(
    'BEGIN:VEVENT',
    `UID:${uid}`,
    `DTSTAMP:${utcStamp(new Date())}`,
    `DTSTART:${utcStamp(start)}`,
    `DTEND:${utcStamp(new Date(start.getTime() + 3_600_000))}`,
    `SUMMARY:${title}`,
    `ORGANIZER;CN=${organizer}:mailto:${organizer}@example.test`,
    'ATTENDEE;CN=bob:mailto:bob@example.test',
    'END:VEVENT',
  );

async function until<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not in time`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

test('calendar changes by others become meeting items, once, after the first sync', async () => {
  const tag = randomUUID().slice(0, 6);
  const seeded = await seededCalendar('bob');
  cleanup.push(() => seeded.remove());
  const tomorrow = new Date(Math.ceil(Date.now() / 3_600_000) * 3_600_000 + 86_400_000);
  const inTwoDays = new Date(tomorrow.getTime() + 86_400_000);
  await seeded.put('backfill.ics', meeting(`backfill-${tag}`, `Déjà là ${tag}`, tomorrow, 'carol'));

  let calendarSyncs = 0;
  const core: CoreService = await profiles.openCore({
    now: () => new Date(),
    onEvent: (event) => void (event === 'calendar:changed' && calendarSyncs++),
    accounts: { secrets: new MemorySecretStore(), timeoutMs: 5_000 },
    live: { caldav: { timeZone: 'Europe/Paris', intervalMs: 200 } },
  });
  const added = await call(core, 'accounts:add', {
    kindId: 'caldav',
    server: { type: 'web', url: servers.caldav.url },
    username: 'bob',
    password: servers.users.bob,
  });
  if (added.status !== 'signed-in') throw new Error('not signed in');
  const accountId = added.account.id;
  const range = {
    from: new Date(Date.now() - 86_400_000).toISOString(),
    to: new Date(inTwoDays.getTime() + 7 * 86_400_000).toISOString(),
  };
  const event = (title: string) =>
    until(title, async () => (await call(core, 'calendar:events', range)).find((e) => e.title === title));
  const meetings = async () =>
    (await call(core, 'activity:feed', {})).filter((item) => item.accountId === accountId && item.kind === 'meeting');

  await event(`Déjà là ${tag}`);
  expect(await meetings()).toEqual([]);

  // Carol invites Bob: the next sync brings one new meeting, opening the event in the Calendar app.
  await seeded.put('comite.ics', meeting(`comite-${tag}`, `Comité ${tag}`, tomorrow, 'carol'));
  const comite = await event(`Comité ${tag}`);
  const [invitation] = await until('the invitation', async () => {
    const found = await meetings();
    return found.length > 0 ? found : undefined;
  });
  expect(invitation).toMatchObject({
    title: 'Nouvelle invitation',
    summary: `Comité ${tag}`,
    unread: true,
    actor: { address: 'carol@example.test' },
    target: { app: 'calendar', id: comite.id },
  });
  expect(await resolveDeepLink(core, invitation!.target)).toBe(true);
  await call(core, 'activity:markRead', { ids: [invitation!.id] });
  expect((await meetings())[0]).toMatchObject({ id: invitation!.id, unread: false });

  // Bob's own event, then syncs with nothing new: nothing more.
  const syncsSoFar = calendarSyncs;
  await seeded.put('mine.ics', meeting(`mine-${tag}`, `Le mien ${tag}`, tomorrow, 'bob'));
  await event(`Le mien ${tag}`);
  await until('the sync that brought it', async () => (calendarSyncs > syncsSoFar ? true : undefined));
  // A few more rounds of the 200 ms sync, with nothing new on the server.
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  expect(await meetings()).toMatchObject([{ id: invitation!.id, unread: false }]);

  // Carol moves it, then cancels it.
  await seeded.put('comite.ics', meeting(`comite-${tag}`, `Comité ${tag}`, inTwoDays, 'carol'));
  const moved = await until('the move', async () =>
    (await meetings()).find((item) => item.title === 'Réunion déplacée'),
  );
  expect(moved).toMatchObject({ summary: `Comité ${tag}`, target: { app: 'calendar', id: comite.id } });
  await seeded.delete('comite.ics');
  const cancelled = await until('the cancellation', async () =>
    (await meetings()).find((item) => item.title === 'Réunion annulée'),
  );
  expect(cancelled).toMatchObject({ summary: `Comité ${tag}` });
  expect(await meetings()).toHaveLength(3);
}, 60_000);
