// Meeting changes from another calendar source through the core: a Zimbra account (emulator) whose server
// pushes an appointment someone else created; the feed shows it once, never what the first sync found.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startZimbraEmulator, type ZimbraEmulator } from '../../../e2e/emulators/zimbra';
import type { EventName } from '../../../preload/contract';
import { MemorySecretStore } from '../secrets/memory-store';
import { call, FIXED_NOW, fixedClock, resolveDeepLink, useTempProfiles } from '../testing/helpers';

const profiles = useTempProfiles();
let zimbra: ZimbraEmulator;
beforeAll(async () => {
  zimbra = await startZimbraEmulator({ now: fixedClock, waitSetTimeout: { minS: 1, defaultS: 2 } });
});
afterAll(async () => {
  await zimbra.close();
});

test('an appointment pushed by Zimbra, organised by someone else, becomes one meeting item', async () => {
  const waiting: { event: EventName; resolve: () => void }[] = [];
  const next = (event: EventName) => new Promise<void>((resolve) => waiting.push({ event, resolve }));
  const core = await profiles.openCore({
    onEvent: (event) => {
      for (const waiter of waiting.filter((w) => w.event === event)) {
        waiting.splice(waiting.indexOf(waiter), 1);
        waiter.resolve();
      }
    },
    accounts: { secrets: new MemorySecretStore(), timeoutMs: 5000 },
    live: { zimbra: { doorbell: { waitSeconds: 2, backoffMs: 50 }, retryMs: 50 } },
  });
  const firstSync = next('calendar:changed');
  const added = await call(core, 'accounts:add', {
    kindId: 'zimbra',
    server: { type: 'web', url: zimbra.url },
    username: 'alice',
    password: 'alicepw',
  });
  if (added.status !== 'signed-in') throw new Error('not signed in');
  const accountId = added.account.id;
  await firstSync;
  const meetings = async () =>
    (await call(core, 'activity:feed', {})).filter((item) => item.accountId === accountId && item.kind === 'meeting');
  // The seeded week (meetings organised by colleagues) is the backfill.
  expect(await meetings()).toEqual([]);

  const pushed = next('activity:changed');
  zimbra.control.addAppointment('alice', {
    name: 'Point presse régional',
    start: new Date(FIXED_NOW.getTime() + 26 * 3_600_000),
    durationMinutes: 30,
    organizer: 'bob',
    attendees: ['alice'],
  });
  await pushed;
  const items = await meetings();
  expect(items).toMatchObject([{ title: 'Nouvelle invitation', summary: 'Point presse régional', unread: true }]);
  expect(items[0]!.target.app).toBe('calendar');
  expect(await resolveDeepLink(core, items[0]!.target)).toBe(true);
});
