import { describe, expect, it } from 'vitest';
import { bindValues, firstKeyword, insertTarget, translatePlaceholders } from '../../db/engine/postgres-sql.ts';

describe('the PostgreSQL engine rewrites placeholders only', () => {
  it('numbers ? in order, skipping literals, quoted names, comments and casts', () => {
    const sql = translatePlaceholders(`SELECT '?' AS "a?", x::text -- what?\n FROM t /* ? */ WHERE a = ? AND b LIKE ? || '%'`);
    expect(sql.text).toBe(`SELECT '?' AS "a?", x::text -- what?\n FROM t /* ? */ WHERE a = $1 AND b LIKE $2 || '%'`);
    expect(sql.positional).toBe(2);
    expect(bindValues(sql, [1, 'x'])).toEqual([1, 'x']);
    expect(() => bindValues(sql, [1])).toThrow(RangeError);
  });

  it('binds @name, :name and $name from one object, a name used twice as one parameter', () => {
    const sql = translatePlaceholders(`SELECT * FROM t WHERE a BETWEEN @from AND :to AND b = @from AND c = $c AND d = 'it''s @not'`);
    expect(sql.text).toBe(`SELECT * FROM t WHERE a BETWEEN $1 AND $2 AND b = $1 AND c = $3 AND d = 'it''s @not'`);
    expect(bindValues(sql, [{ from: 1, to: 2, c: 3n }])).toEqual([1, 2, '3']);
    expect(() => bindValues(sql, [{ from: 1, to: 2 }])).toThrow(/Missing named parameter "c"/);
  });

  it('refuses booleans as better-sqlite3 does, and binds undefined as NULL', () => {
    const sql = translatePlaceholders('SELECT ?');
    expect(() => bindValues(sql, [true])).toThrow(TypeError);
    expect(bindValues(sql, [undefined])).toEqual([null]);
  });

  it('knows which statements insert into a table without RETURNING', () => {
    expect(insertTarget('INSERT INTO person (name) VALUES (?)')).toBe('person');
    expect(insertTarget('  insert into "audit_log" (x) VALUES (1)')).toBe('audit_log');
    expect(insertTarget('INSERT INTO person (name) VALUES (?) RETURNING id')).toBeNull();
    expect(insertTarget('UPDATE person SET name = ?')).toBeNull();
    expect(firstKeyword('-- note\n  with x AS (SELECT 1) SELECT * FROM x')).toBe('WITH');
  });
});
