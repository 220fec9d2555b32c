import type { CalendarEvent, Person } from '../../core/model';
import type { Database } from '../db';
import type { EventRecord } from '../records';
import { flag, pickPerson, personSelect, toIso, toMs } from '../rows';

export function calendarRepository(db: Database) {
  const upsert = db.prepare(`
    INSERT INTO events (id, account_id, title, start_at, end_at, all_day, location, organizer_id, meeting_url, description)
    VALUES (:id, :accountId, :title, :startAt, :endAt, :allDay, :location, :organizerId, :meetingUrl, :description)
    ON CONFLICT(id) DO UPDATE SET title = excluded.title, start_at = excluded.start_at, end_at = excluded.end_at,
      all_day = excluded.all_day, location = excluded.location, organizer_id = excluded.organizer_id,
      meeting_url = excluded.meeting_url, description = excluded.description`);
  const deleteAttendees = db.prepare('DELETE FROM event_attendees WHERE event_id = ?');
  const insertAttendee = db.prepare(
    'INSERT OR IGNORE INTO event_attendees (event_id, person_id, position) VALUES (?, ?, ?)',
  );
  const overlapping = db.prepare(`
    SELECT e.*, ${personSelect('p', 'organizer')}
    FROM events e LEFT JOIN people p ON p.id = e.organizer_id
    WHERE e.start_at < :to AND e.end_at > :from ORDER BY e.start_at, e.end_at, e.seq`);
  const attendeesBetween = db.prepare(`
    SELECT a.event_id, a.person_id, ${personSelect('p', 'person')}
    FROM event_attendees a JOIN events e ON e.id = a.event_id LEFT JOIN people p ON p.id = a.person_id
    WHERE e.start_at < :to AND e.end_at > :from ORDER BY a.event_id, a.position`);
  const exists = db.prepare('SELECT 1 FROM events WHERE id = ?');
  const remove = db.prepare('DELETE FROM events WHERE id = ?');

  return {
    put(accountId: string, records: EventRecord[]): void {
      for (const event of records) {
        upsert.run({
          id: event.id,
          accountId,
          title: event.title,
          startAt: toMs(event.start),
          endAt: toMs(event.end),
          allDay: flag(event.allDay),
          location: event.location,
          organizerId: event.organizerId,
          meetingUrl: event.meetingUrl,
          description: event.description,
        });
        deleteAttendees.run(event.id);
        event.attendeeIds.forEach((personId, position) => insertAttendee.run(event.id, personId, position));
      }
    },

    /** Events overlapping [from, to), by start. */
    between(from: string, to: string): CalendarEvent[] {
      const range = { from: toMs(from), to: toMs(to) };
      const attendees = new Map<string, Person[]>();
      for (const row of attendeesBetween.all(range) as Record<string, unknown>[]) {
        const eventId = row.event_id as string;
        attendees.set(eventId, [...(attendees.get(eventId) ?? []), pickPerson(row, 'person', row.person_id as string)]);
      }
      return (overlapping.all(range) as Record<string, unknown>[]).map((row) => ({
        id: row.id as string,
        accountId: row.account_id as string,
        title: row.title as string,
        start: toIso(row.start_at as number),
        end: toIso(row.end_at as number),
        allDay: row.all_day === 1,
        location: row.location as string | null,
        organizer: pickPerson(row, 'organizer', row.organizer_id as string),
        attendees: attendees.get(row.id as string) ?? [],
        meetingUrl: row.meeting_url as string | null,
        description: row.description as string,
      }));
    },

    has(id: string): boolean {
      return exists.get(id) !== undefined;
    },

    remove(ids: string[]): void {
      for (const id of ids) remove.run(id);
    },
  };
}

export type CalendarRepository = ReturnType<typeof calendarRepository>;
