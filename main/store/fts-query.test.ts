import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { toFtsQuery } from './fts-query';

describe('toFtsQuery', () => {
  it('quotes every term and makes the last one a prefix', () => {
    expect(toFtsQuery('marché hébergement')).toBe('"marché" "hébergement"*');
    expect(toFtsQuery('  réu ')).toBe('"réu"*');
  });

  it('keeps operators and punctuation from reaching FTS5 syntax', () => {
    expect(toFtsQuery('AND(')).toBe('"AND"*');
    expect(toFtsQuery('NEAR(a b)')).toBe('"NEAR" "a" "b"*');
    expect(toFtsQuery('l’agent')).toBe('"l" "agent"*');
    expect(toFtsQuery('col:umn^2 -x')).toBe('"col" "umn" "2" "x"*');
  });

  it('returns null when nothing searchable is left', () => {
    for (const input of ['"', '*', '""', '()', ' - ', '^', '’']) expect(toFtsQuery(input)).toBeNull();
  });

  it('never makes FTS5 throw, and matches without accents', () => {
    const db = new DatabaseSync(':memory:');
    db.exec("CREATE VIRTUAL TABLE t USING fts5(body, tokenize = 'unicode61 remove_diacritics 2')");
    db.prepare('INSERT INTO t (body) VALUES (?)').run('Réunion du comité « RGPD » : l’agent présente le marché');
    const search = db.prepare('SELECT body FROM t WHERE t MATCH ?');
    const hostile = [
      '"',
      '*',
      'AND(',
      'NEAR',
      'NEAR(',
      'OR',
      'NOT',
      '"reunion',
      'body:',
      '{body}',
      'a AND OR',
      '^x',
      '+',
      ')(',
    ];
    for (const input of hostile) {
      const match = toFtsQuery(input);
      if (match !== null) expect(() => search.all(match)).not.toThrow();
    }
    expect(search.all(toFtsQuery('reunion'))).toHaveLength(1);
    expect(search.all(toFtsQuery('REUNION comite'))).toHaveLength(1);
    expect(search.all(toFtsQuery('marc'))).toHaveLength(1);
    expect(search.all(toFtsQuery('reunion absent'))).toHaveLength(0);
    db.close();
  });
});
