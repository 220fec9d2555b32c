// Meeting changes: what changed in an account's calendar between two looks at the store, as activity items.
// Sources differ (CalDAV, Zimbra, BlueMind), so this compares what they all store. The occurrences of a series
// share their organiser and title: a new series, or a series moved (its occurrences' ids change), is one item.
// Only meetings still ahead count: an event leaving the past edge of a synced window is not a cancellation.
import type { ActivityRecord } from '../../store/records';
import type { CalendarEntry } from '../../store/repositories/activity';
import type { Language } from '../model';

export type MeetingChange = 'new' | 'moved' | 'cancelled';

export interface MeetingChangeFound {
  change: MeetingChange;
  /** The event the item opens: the new or moved one, or the one that was cancelled. */
  event: CalendarEntry;
}

const titles: Record<Language, Record<MeetingChange, string>> = {
  fr: { new: 'Nouvelle invitation', moved: 'Réunion déplacée', cancelled: 'Réunion annulée' },
  en: { new: 'New invitation', moved: 'Meeting moved', cancelled: 'Meeting cancelled' },
};

/** The changes between `before` and `after` of meetings organised by someone else (`isSelf` says who is not). */
export function meetingChanges(
  before: ReadonlyMap<string, CalendarEntry>,
  after: readonly CalendarEntry[],
  now: number,
  isSelf: (event: CalendarEntry) => boolean,
): MeetingChangeFound[] {
  const groups = new Map<string, { added: CalendarEntry[]; removed: CalendarEntry[]; moved: CalendarEntry[] }>();
  const groupOf = (event: CalendarEntry) => {
    const key = `${event.organizerId}\u0000${event.title}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { added: [], removed: [], moved: [] }));
    return group;
  };
  const ahead = (event: CalendarEntry) => event.end > now;
  const present = new Set<string>();
  for (const event of after) {
    present.add(event.id);
    if (isSelf(event) || !ahead(event)) continue;
    const previous = before.get(event.id);
    if (!previous) groupOf(event).added.push(event);
    else if (previous.start !== event.start || previous.end !== event.end) groupOf(event).moved.push(event);
  }
  for (const [id, event] of before) {
    if (!present.has(id) && !isSelf(event) && ahead(event)) groupOf(event).removed.push(event);
  }
  const found: MeetingChangeFound[] = [];
  const first = (events: CalendarEntry[]) => events.toSorted((a, b) => a.start - b.start)[0]!;
  for (const { added, removed, moved } of groups.values()) {
    if (moved.length > 0 || (added.length > 0 && removed.length > 0)) {
      found.push({ change: 'moved', event: first(moved.length > 0 ? moved : added) });
    } else if (added.length > 0) found.push({ change: 'new', event: first(added) });
    else if (removed.length > 0) found.push({ change: 'cancelled', event: first(removed) });
  }
  return found;
}

/** The activity item of a change seen at `at`; its id names the change, so a later move is an item of its own. */
export function meetingActivity(found: MeetingChangeFound, at: Date, language: Language): ActivityRecord {
  const { change, event } = found;
  return {
    id: `meeting:${event.id}:${change}:${event.start}`,
    kind: 'meeting',
    actorId: event.organizerId,
    title: titles[language][change],
    summary: event.title,
    at: at.toISOString(),
    unread: true,
    target: { app: 'calendar', id: event.id },
  };
}
