/**
 * The people list by name on PostgreSQL (migration 0038, db/paging.ts): a page is ordered by the
 * pinyin key and then the id, in the sort's direction, and PostgreSQL walks person_name_order for it
 * (forwards or backwards) instead of sorting everyone; pages agree (no person twice, none missed,
 * equal keys included); a database at the version before keeps its people.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { openPostgres } from '../../db/open.ts';
import type { Db } from '../../db/engine/types.ts';
import { migrate, schemaVersionOf } from '../../db/migrate.ts';
import { MIGRATIONS } from '../../db/migrations/index.ts';
import { orderAndPage, type ListParams } from '../../db/paging.ts';
import { listPeople } from '../../db/repos/people.ts';
import { makeIdNumber } from '../support/core.ts';
import { emptyPostgresDatabase } from '../support/postgres.ts';

const dropped: (() => void)[] = [];
const connections: Db[] = [];
afterAll(() => {
  connections.forEach((db) => db.close());
  dropped.forEach((drop) => drop());
});

async function atVersion37WithPeople(): Promise<Db> {
  const database = emptyPostgresDatabase();
  dropped.push(database.drop);
  const db = openPostgres(database.url);
  connections.push(db);
  await migrate(db, { migrations: MIGRATIONS.filter((m) => m.version < 38) });
  // 30 people, three to each pinyin key: ties that only the id orders.
  const insert = db.prepare(
    `INSERT INTO person (id_number, name, name_pinyin, name_initials, sex, birth_date, created_at, updated_at) VALUES (?, ?, ?, ?, 'M', '1990-01-01', 'x', 'x')`,
  );
  for (let i = 0; i < 30; i++) {
    const key = `xing${String.fromCharCode(97 + ((i * 7) % 10))}`;
    insert.run(makeIdNumber('442000', '19900101', String(i).padStart(3, '0')), `人员${i}`, key, key.slice(0, 2));
  }
  return db;
}

describe('the people list by name on PostgreSQL', () => {
  it('0038: a database at the version before keeps its people and gains person_name_order', async () => {
    const db = await atVersion37WithPeople();
    const people = db.prepare('SELECT * FROM person ORDER BY id').all();
    expect(db.prepare(`SELECT count(*) FROM pg_indexes WHERE indexname = 'person_name_order'`).pluck().get()).toBe(0);
    await migrate(db);
    expect(schemaVersionOf(db)).toBeGreaterThanOrEqual(38);
    expect(db.prepare('SELECT * FROM person ORDER BY id').all()).toEqual(people);
    expect(db.prepare(`SELECT indexdef FROM pg_indexes WHERE indexname = 'person_name_order'`).pluck().get()).toMatch(/\(name_pinyin, id\)/);
  });

  it('pages by name agree in both directions, equal keys ordered by id, and each page walks person_name_order (no sort)', async () => {
    const db = await atVersion37WithPeople();
    await migrate(db);
    const all = db.prepare('SELECT id, name_pinyin AS key FROM person').all() as { id: number; key: string }[];
    const byKeyThenId = (a: { id: number; key: string }, b: { id: number; key: string }) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.id - b.id);
    const ascending = [...all].sort(byKeyThenId).map((p) => p.id);
    for (const sortDir of ['asc', 'desc'] as const) {
      const seen: number[] = [];
      for (let page = 0; page < 5; page++) seen.push(...listPeople(db, { page, pageSize: 7, sortField: 'name', sortDir }).rows.map((p) => p.id));
      expect(seen).toEqual(sortDir === 'asc' ? ascending : [...ascending].reverse());
    }
    // The total comes with the page's ids; past the last page it is counted apart.
    expect(listPeople(db, { page: 1, pageSize: 7, sortField: 'name', sortDir: 'asc' }).total).toBe(30);
    expect(listPeople(db, { page: 9, pageSize: 7, sortField: 'name', sortDir: 'asc' })).toEqual({ rows: [], total: 30 });

    // The page's ids as db/repos/people.ts asks for them (the name's column is NOT NULL), planned with scans priced out (the table is small).
    const plan = (sortDir: 'asc' | 'desc') => {
      const params: ListParams = { page: 2, pageSize: 7, sortField: 'name', sortDir };
      const sql = `SELECT p.id FROM person p ${orderAndPage(db, params, { name: 'p.name_pinyin' }, 'p.id DESC', 'p.id', new Set(['name']))}`;
      db.exec('SET enable_seqscan = off');
      try {
        return (db.prepare(`EXPLAIN ${sql}`).pluck().all() as string[]).join('\n');
      } finally {
        db.exec('RESET enable_seqscan');
      }
    };
    // Before 0038 and the order without NULLS FIRST (and the tie-break in the sort's direction): a Sort of every person.
    expect(plan('asc')).toMatch(/Index Only Scan using person_name_order/);
    expect(plan('desc')).toMatch(/Index Only Scan Backward using person_name_order/);
    expect(plan('asc')).not.toMatch(/Sort/);
    expect(plan('desc')).not.toMatch(/Sort/);
  });
});
