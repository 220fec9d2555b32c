import { DatabaseSync } from 'node:sqlite';
import { CoreError } from '../core/errors';
import { latestVersion, migrations as allMigrations, type Migration } from './migrations';

export type Database = DatabaseSync;

/**
 * Opens (or creates) a profile database: WAL, foreign keys on, schema migrated to the latest version.
 * A database written by a newer Bastide is refused rather than risked.
 */
export function openDatabase(file: string, migrations: readonly Migration[] = allMigrations): Database {
  const db = new DatabaseSync(file, { enableForeignKeyConstraints: true, timeout: 5_000 });
  try {
    db.exec('PRAGMA journal_mode = WAL');
    db.exec('PRAGMA synchronous = NORMAL');
    migrate(db, migrations);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

export function schemaVersion(db: Database): number {
  const row = db.prepare('PRAGMA user_version').get() as { user_version: number };
  return row.user_version;
}

/** Applies the migrations newer than the database, each in its own transaction with its version. */
export function migrate(db: Database, migrations: readonly Migration[] = allMigrations): void {
  const target = migrations.length;
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) throw new Error(`Migration ${migration.name} is out of sequence`);
  });
  const current = schemaVersion(db);
  if (current > target) {
    throw new CoreError('profileTooNew', { version: current, supported: target });
  }
  for (const migration of migrations.slice(current)) {
    transaction(db, () => {
      db.exec(migration.sql);
      // PRAGMA takes no bound parameters; the version is an integer from the code, checked above.
      db.exec(`PRAGMA user_version = ${migration.version}`);
    });
  }
}

const depth = new WeakMap<Database, number>();

/**
 * Runs `work` in a transaction; a nested call becomes a savepoint of the outer one. Synchronous on purpose:
 * the store has one connection, so a transaction must not stay open across network I/O.
 */
export function transaction<T>(db: Database, work: () => T): T {
  const level = enter(db);
  try {
    const result = work();
    commit(db, level);
    return result;
  } catch (error) {
    rollback(db, level);
    throw error;
  }
}

/**
 * The same around asynchronous work. Only for purely local work on a connection nobody else can reach yet
 * (the first-run import of the demo): anything awaited would otherwise run inside the transaction.
 */
export async function transactionAsync<T>(db: Database, work: () => Promise<T>): Promise<T> {
  const level = enter(db);
  try {
    const result = await work();
    commit(db, level);
    return result;
  } catch (error) {
    rollback(db, level);
    throw error;
  }
}

function enter(db: Database): number {
  const level = depth.get(db) ?? 0;
  db.exec(level === 0 ? 'BEGIN IMMEDIATE' : 'SAVEPOINT nested');
  depth.set(db, level + 1);
  return level;
}

function commit(db: Database, level: number): void {
  db.exec(level === 0 ? 'COMMIT' : 'RELEASE nested');
  depth.set(db, level);
}

function rollback(db: Database, level: number): void {
  db.exec(level === 0 ? 'ROLLBACK' : 'ROLLBACK TO nested; RELEASE nested');
  depth.set(db, level);
}

export { latestVersion };
