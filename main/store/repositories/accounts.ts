import type { AccountState, Capability } from '../../core/model';
import { transaction, type Database } from '../db';
import type { AccountRecord } from '../records';
import { parseJson } from '../rows';

interface AccountRow {
  id: string;
  kind_id: string;
  display_name: string;
  address: string;
  self_person_id: string | null;
  capabilities: string;
  state: string;
  setup: string | null;
}

const toRecord = (row: AccountRow): AccountRecord => ({
  id: row.id,
  kindId: row.kind_id,
  displayName: row.display_name,
  address: row.address,
  selfPersonId: row.self_person_id,
  capabilities: parseJson<Capability[]>(row.capabilities),
  state: row.state as AccountState,
});

export function accountsRepository(db: Database) {
  // A new account goes to the end of the list; an update keeps its place and, unless given, its setup.
  const upsert = db.prepare(`
    INSERT INTO accounts (id, kind_id, display_name, address, self_person_id, capabilities, state, created_at,
                          position, setup)
    VALUES (:id, :kindId, :displayName, :address, :selfPersonId, :capabilities, :state, :createdAt,
            (SELECT coalesce(max(position) + 1, 0) FROM accounts), :setup)
    ON CONFLICT(id) DO UPDATE SET kind_id = excluded.kind_id, display_name = excluded.display_name,
      address = excluded.address, self_person_id = excluded.self_person_id,
      capabilities = excluded.capabilities, state = excluded.state,
      setup = coalesce(excluded.setup, accounts.setup)`);
  const all = db.prepare('SELECT * FROM accounts ORDER BY position, created_at, id');
  const one = db.prepare('SELECT * FROM accounts WHERE id = ?');
  const updateState = db.prepare('UPDATE accounts SET state = ? WHERE id = ?');
  const updatePosition = db.prepare('UPDATE accounts SET position = ? WHERE id = ?');
  const remove = db.prepare('DELETE FROM accounts WHERE id = ?');

  return {
    /** `setup` is the account's settings as JSON-able data (never a secret); left out, the stored one stays. */
    put(account: AccountRecord, createdAt: Date, setup?: unknown): void {
      upsert.run({
        id: account.id,
        kindId: account.kindId,
        displayName: account.displayName,
        address: account.address,
        selfPersonId: account.selfPersonId,
        capabilities: JSON.stringify(account.capabilities),
        state: account.state,
        createdAt: createdAt.getTime(),
        setup: setup === undefined ? null : JSON.stringify(setup),
      });
    },

    list(): AccountRecord[] {
      return (all.all() as unknown as AccountRow[]).map(toRecord);
    },

    get(id: string): AccountRecord | undefined {
      const row = one.get(id) as AccountRow | undefined;
      return row && toRecord(row);
    },

    /** The stored settings, unparsed (the core validates them); null for accounts without any (the demo). */
    setup(id: string): unknown {
      const row = one.get(id) as AccountRow | undefined;
      return row?.setup ? (JSON.parse(row.setup) as unknown) : null;
    },

    setState(id: string, state: AccountState): void {
      updateState.run(state, id);
    },

    /** Puts the given accounts first, in that order; the others keep their relative order after them. */
    reorder(ids: readonly string[]): void {
      transaction(db, () => {
        const rest = (all.all() as unknown as AccountRow[]).map((row) => row.id).filter((id) => !ids.includes(id));
        [...ids, ...rest].forEach((id, position) => updatePosition.run(position, id));
      });
    },

    /** Deletes the account and, through the foreign keys, everything cached for it. */
    remove(id: string): boolean {
      return remove.run(id).changes > 0;
    },
  };
}

export type AccountsRepository = ReturnType<typeof accountsRepository>;
