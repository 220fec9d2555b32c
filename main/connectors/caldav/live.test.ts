// A CalDAV account in the core against the real Radicale: added through the contract, its calendars mirrored
// by the running account, the renderer told.
import { randomUUID } from 'node:crypto';
import { afterEach, expect, test } from 'vitest';
import { servers } from '../../../e2e/servers';
import type { EventName } from '../../../preload/contract';
import { MemorySecretStore } from '../../core/secrets/memory-store';
import { call, useTempProfiles } from '../../core/testing/helpers';
import { seededCalendar, timedEvent } from './testing';

const profiles = useTempProfiles();
const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step().catch(() => undefined);
});

test('an added CalDAV account brings its events into the calendar', async () => {
  const title = `Comité ${randomUUID().slice(0, 6)}`;
  const seeded = await seededCalendar('bob');
  cleanup.push(() => seeded.remove());
  const start = new Date(Math.ceil(Date.now() / 3_600_000) * 3_600_000 + 86_400_000);
  await seeded.put('comite.ics', timedEvent(`comite-${randomUUID()}`, title, start));

  const seen: EventName[] = [];
  const core = await profiles.openCore({
    now: () => new Date(),
    onEvent: (event) => seen.push(event),
    accounts: { secrets: new MemorySecretStore(), timeoutMs: 5_000 },
    live: { caldav: { timeZone: 'Europe/Paris' } },
  });
  const added = await call(core, 'accounts:add', {
    kindId: 'caldav',
    server: { type: 'web', url: servers.caldav.url },
    username: 'bob',
    password: servers.users.bob,
  });
  expect(added).toMatchObject({ status: 'signed-in', account: { kindId: 'caldav', capabilities: ['calendar'] } });
  await expect(
    call(core, 'accounts:add', {
      kindId: 'caldav',
      server: { type: 'web', url: servers.caldav.url },
      username: 'carol',
      password: 'wrong',
    }),
  ).rejects.toMatchObject({ code: 'auth.wrongPassword' });

  const range = {
    from: new Date(start.getTime() - 86_400_000).toISOString(),
    to: new Date(start.getTime() + 86_400_000).toISOString(),
  };
  const deadline = Date.now() + 15_000;
  let found;
  while (!(found = (await call(core, 'calendar:events', range)).find((event) => event.title === title))) {
    if (Date.now() > deadline) throw new Error('the event did not arrive');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  expect(found).toMatchObject({ start: start.toISOString(), meetingUrl: 'https://visio.example.test/reunion' });
  expect(found.accountId).toBe(added.status === 'signed-in' ? added.account.id : '');
  expect(seen).toContain('calendar:changed');
});
