// Turns calendar syncs into meeting activity: on each `calendar:changed` of an account, its stored events are
// compared with those of the previous look. An account's first sync ever is a backfill, never news: a marker in
// its sync state says it was looked at once; at start-up, the store's events are that previous look (changes
// synced while the app was closed are news on the first sync after it).
import type { Store } from '../../store/store';
import type { CalendarEntry } from '../../store/repositories/activity';
import type { EventHub } from '../events';
import type { Language } from '../model';
import { meetingActivity, meetingChanges } from './meeting-changes';

export interface MeetingWatchDeps {
  store: Store;
  events: EventHub;
  now: () => Date;
  language: () => Language;
}

const BASELINE_KEY = 'activity:calendar-baseline';

export function createMeetingWatch(deps: MeetingWatchDeps) {
  const { store, events } = deps;
  const looks = new Map<string, Map<string, CalendarEntry>>();
  let unsubscribe: (() => void) | null = null;

  const snapshot = (accountId: string) =>
    new Map(store.activity.calendarEntries(accountId).map((entry) => [entry.id, entry]));

  const selfTest = (accountId: string) => {
    const account = store.accounts.get(accountId);
    const address = account?.address.toLowerCase() ?? '';
    return (event: CalendarEntry) => {
      const organizer = event.organizerAddress?.toLowerCase() ?? null;
      return (
        event.organizerId === account?.selfPersonId ||
        event.organizerId.toLowerCase() === `${accountId}:${address}` ||
        organizer === address ||
        // A login without a domain (CalDAV): the organiser's address names the same user.
        (!address.includes('@') && organizer?.split('@')[0] === address)
      );
    };
  };

  const check = (accountId: string) => {
    if (!store.accounts.get(accountId)) return;
    const current = store.activity.calendarEntries(accountId);
    const before = looks.get(accountId);
    looks.set(accountId, new Map(current.map((entry) => [entry.id, entry])));
    if (!before) {
      store.syncState.set(accountId, BASELINE_KEY, '1');
      return;
    }
    const now = deps.now();
    const found = meetingChanges(before, current, now.getTime(), selfTest(accountId));
    if (found.length === 0) return;
    const language = deps.language();
    store.transaction(() =>
      store.activity.put(
        accountId,
        found.map((change) => meetingActivity(change, now, language)),
      ),
    );
    events.emit('activity:changed', { accountIds: [accountId] });
  };

  return {
    start() {
      for (const account of store.accounts.list()) {
        if (store.syncState.get(account.id, BASELINE_KEY) !== null) looks.set(account.id, snapshot(account.id));
      }
      unsubscribe = events.subscribe((event, payload) => {
        if (event !== 'calendar:changed') return;
        try {
          check((payload as { accountId: string }).accountId);
        } catch (error) {
          // A store closing under a late event: nothing to record.
          console.error(`[activity] meetings: ${error instanceof Error ? error.name : typeof error}`);
        }
      });
    },
    stop() {
      unsubscribe?.();
      unsubscribe = null;
    },
  };
}

export type MeetingWatch = ReturnType<typeof createMeetingWatch>;
