// The directory's and calendars' view of the profile store for one account: people (upserts, removals, local
// completion over the people index) and events (a calendar's events replaced as a whole within the window).
// Id listings the repositories do not offer are plain statements on those tables.
import type { Person } from '../../core/model';
import { toFtsQuery } from '../../store/fts-query';
import type { EventRecord, PersonRecord } from '../../store/records';
import type { Store } from '../../store/store';
import type { LocalCalendar } from './calendar';
import type { LocalPeople } from './directory';

export function localPeopleOf(store: Store, accountId: string): LocalPeople {
  const remove = store.db.prepare('DELETE FROM people WHERE id = ? AND account_id = ?');
  const matching = store.db.prepare(`
    SELECT p.id, p.name, p.address, p.title
    FROM (SELECT rowid, rank FROM person_fts WHERE person_fts MATCH :match ORDER BY rank LIMIT 200) s
    JOIN people p ON p.seq = s.rowid
    WHERE p.account_id = :accountId AND p.address IS NOT NULL
    ORDER BY s.rank`);
  return {
    putPeople: (people: PersonRecord[]) => store.transaction(() => store.people.put(accountId, people)),
    removePeople: (ids) => store.transaction(() => ids.forEach((id) => remove.run(id, accountId))),
    search(query, limit) {
      const match = toFtsQuery(query);
      if (!match) return [];
      const seen = new Set<string>();
      const found: Person[] = [];
      const rows = matching.all({ match, accountId }) as {
        id: string;
        name: string;
        address: string;
        title: string | null;
      }[];
      for (const row of rows) {
        const key = row.address.toLowerCase();
        if (seen.has(key)) continue;
        seen.add(key);
        found.push({ id: row.id, name: row.name, address: row.address, ...(row.title ? { title: row.title } : {}) });
        if (found.length >= limit) break;
      }
      return found;
    },
  };
}

export function localCalendarOf(store: Store, accountId: string, changed: () => void = () => {}): LocalCalendar {
  const ids = store.db.prepare('SELECT id FROM events WHERE account_id = ? AND substr(id, 1, length(?)) = ?');
  return {
    putPeople: (people) => store.transaction(() => store.people.put(accountId, people)),
    replaceEvents(prefix: string, events: EventRecord[]) {
      store.transaction(() => {
        const keep = new Set(events.map((event) => event.id));
        const stale = (ids.all(accountId, prefix, prefix) as { id: string }[])
          .map((row) => row.id)
          .filter((id) => !keep.has(id));
        store.calendar.remove(stale);
        store.calendar.put(accountId, events);
      });
    },
    calendarChanged: changed,
  };
}
