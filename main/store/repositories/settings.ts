import type { Database } from '../db';

/** A key/value table of JSON values. Interpreting (and defaulting) them is the core's business. */
export function settingsRepository(db: Database) {
  const select = db.prepare('SELECT value FROM settings WHERE key = ?');
  const upsert = db.prepare(
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
  );

  return {
    get(key: string): unknown {
      const row = select.get(key) as { value: string } | undefined;
      if (!row) return undefined;
      try {
        return JSON.parse(row.value) as unknown;
      } catch {
        return undefined;
      }
    },

    set(key: string, value: unknown): void {
      upsert.run(key, JSON.stringify(value));
    },
  };
}

export type SettingsRepository = ReturnType<typeof settingsRepository>;
