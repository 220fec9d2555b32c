import type { AccountState, Capability } from '../../core/model';
import type { Database } from '../db';
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
}

export function accountsRepository(db: Database) {
  const upsert = db.prepare(`
    INSERT INTO accounts (id, kind_id, display_name, address, self_person_id, capabilities, state, created_at)
    VALUES (:id, :kindId, :displayName, :address, :selfPersonId, :capabilities, :state, :createdAt)
    ON CONFLICT(id) DO UPDATE SET kind_id = excluded.kind_id, display_name = excluded.display_name,
      address = excluded.address, self_person_id = excluded.self_person_id,
      capabilities = excluded.capabilities, state = excluded.state`);
  const all = db.prepare('SELECT * FROM accounts ORDER BY created_at, id');
  const updateState = db.prepare('UPDATE accounts SET state = ? WHERE id = ?');

  return {
    put(account: AccountRecord, createdAt: Date): void {
      upsert.run({
        id: account.id,
        kindId: account.kindId,
        displayName: account.displayName,
        address: account.address,
        selfPersonId: account.selfPersonId,
        capabilities: JSON.stringify(account.capabilities),
        state: account.state,
        createdAt: createdAt.getTime(),
      });
    },

    list(): AccountRecord[] {
      return (all.all() as unknown as AccountRow[]).map((row) => ({
        id: row.id,
        kindId: row.kind_id,
        displayName: row.display_name,
        address: row.address,
        selfPersonId: row.self_person_id,
        capabilities: parseJson<Capability[]>(row.capabilities),
        state: row.state as AccountState,
      }));
    },

    setState(id: string, state: AccountState): void {
      updateState.run(state, id);
    },
  };
}

export type AccountsRepository = ReturnType<typeof accountsRepository>;
