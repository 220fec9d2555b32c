import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { CoreError } from '../core/errors';
import { useTempProfiles } from '../core/testing/helpers';
import { latestVersion, openDatabase, schemaVersion, transaction } from './db';
import { migrations, type Migration } from './migrations';

describe('openDatabase', () => {
  const { makeDir } = useTempProfiles();
  const file = () => join(makeDir(), 'profile.sqlite');

  it('migrates a fresh database to the latest version, in WAL mode with foreign keys on', () => {
    const db = openDatabase(file());
    expect(schemaVersion(db)).toBe(latestVersion);
    expect(latestVersion).toBe(migrations.length);
    expect(db.prepare('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'wal' });
    expect(db.prepare('PRAGMA foreign_keys').get()).toEqual({ foreign_keys: 1 });
    const tables = (db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").all() as { name: string }[]).map(
      (row) => row.name,
    );
    for (const table of ['accounts', 'settings', 'messages', 'message_bodies', 'attachments', 'mail_fts', 'chat_fts']) {
      expect(tables).toContain(table);
    }
    db.close();
  });

  it('declares every FTS table with diacritics removal', () => {
    const db = openDatabase(file());
    const fts = db.prepare("SELECT name, sql FROM sqlite_schema WHERE sql LIKE '%USING fts5%'").all() as {
      name: string;
      sql: string;
    }[];
    expect(fts.map((row) => row.name).sort()).toEqual(
      ['chat_fts', 'correspondent_fts', 'event_fts', 'file_fts', 'mail_fts', 'person_fts', 'post_fts'].sort(),
    );
    for (const row of fts) expect(row.sql).toContain("tokenize = 'unicode61 remove_diacritics 2'");
    db.close();
  });

  it('reopens an up-to-date database without running anything again', () => {
    const path = file();
    const first = openDatabase(path);
    first.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run('theme', '"dark"');
    first.close();

    const second = openDatabase(path);
    expect(schemaVersion(second)).toBe(latestVersion);
    expect(second.prepare('SELECT value FROM settings WHERE key = ?').get('theme')).toEqual({ value: '"dark"' });
    second.close();
  });

  it('applies only the migrations newer than the database', () => {
    const path = file();
    openDatabase(path).close();
    const next: Migration = { version: latestVersion + 1, name: 'extra', sql: 'CREATE TABLE extra (id TEXT);' };
    const db = openDatabase(path, [...migrations, next]);
    expect(schemaVersion(db)).toBe(latestVersion + 1);
    db.close();
  });

  it('rolls a failing migration back and keeps the previous version', () => {
    const path = file();
    openDatabase(path).close();
    const broken: Migration = {
      version: latestVersion + 1,
      name: 'broken',
      sql: 'CREATE TABLE half_done (id TEXT); INSERT INTO missing_table VALUES (1);',
    };
    expect(() => openDatabase(path, [...migrations, broken])).toThrow();
    const db = openDatabase(path);
    expect(schemaVersion(db)).toBe(latestVersion);
    expect(db.prepare("SELECT name FROM sqlite_schema WHERE name = 'half_done'").get()).toBeUndefined();
    db.close();
  });

  it('refuses a database written by a newer Bastide', () => {
    const path = file();
    const newer = new DatabaseSync(path);
    newer.exec(`PRAGMA user_version = ${latestVersion + 5}`);
    newer.close();

    const attempt = () => openDatabase(path);
    expect(attempt).toThrow(CoreError);
    expect(attempt).toThrow(expect.objectContaining({ code: 'profileTooNew' }));
  });
});

describe('transaction', () => {
  const { makeDir } = useTempProfiles();

  it('commits, rolls back, and turns nested calls into savepoints', () => {
    const db = openDatabase(join(makeDir(), 'tx.sqlite'));
    const put = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)');
    const keys = () =>
      (db.prepare('SELECT key FROM settings ORDER BY key').all() as { key: string }[]).map((r) => r.key);

    transaction(db, () => {
      put.run('a', '1');
      expect(() =>
        transaction(db, () => {
          put.run('b', '2');
          throw new Error('inner failure');
        }),
      ).toThrow('inner failure');
      put.run('c', '3');
    });
    expect(keys()).toEqual(['a', 'c']);

    expect(() =>
      transaction(db, () => {
        put.run('d', '4');
        throw new Error('outer failure');
      }),
    ).toThrow('outer failure');
    expect(keys()).toEqual(['a', 'c']);
    db.close();
  });
});
