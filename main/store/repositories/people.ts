import type { Person, PresenceStatus } from '../../core/model';
import type { Database } from '../db';
import type { PersonRecord } from '../records';
import { toPerson, type PersonColumns } from '../rows';

export function peopleRepository(db: Database) {
  const upsert = db.prepare(`
    INSERT INTO people (id, account_id, name, address, title, presence)
    VALUES (:id, :accountId, :name, :address, :title, :presence)
    ON CONFLICT(id) DO UPDATE SET name = excluded.name, address = excluded.address,
      title = excluded.title, presence = excluded.presence`);
  const select = db.prepare('SELECT id, name, address, title, presence FROM people WHERE id = ?');
  const updatePresence = db.prepare('UPDATE people SET presence = ? WHERE id = ?');

  return {
    put(accountId: string, people: PersonRecord[]): void {
      for (const person of people) {
        upsert.run({
          id: person.id,
          accountId,
          name: person.name,
          address: person.address ?? null,
          title: person.title ?? null,
          presence: person.presence ?? null,
        });
      }
    },

    get(id: string): Person | undefined {
      const row = select.get(id) as PersonColumns | undefined;
      return row ? toPerson(row) : undefined;
    },

    setPresence(id: string, presence: PresenceStatus): void {
      updatePresence.run(presence, id);
    },
  };
}

export type PeopleRepository = ReturnType<typeof peopleRepository>;
