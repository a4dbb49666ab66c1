/**
 * "column IN (the values of a JSON array parameter)" (db/engine/dialect.ts inJsonArray), the form
 * every page-by-ids and every conflict check uses. On PostgreSQL an array of integers is bound as
 * `= ANY (bigint[])`, whose values the planner counts, so a few ids are reached through their index;
 * the set-returning function it replaces was guessed at 100 rows and joined by scanning the table
 * (a conflict check scanned every enrolment). The values match as on SQLite.
 */
import { afterAll, expect, it } from 'vitest';
import { openPostgres } from '../../db/open.ts';
import { openDatabase } from '../../db/open.ts';
import type { Db } from '../../db/engine/types.ts';
import { inJsonArray } from '../../db/engine/dialect.ts';
import { freshPostgresDatabase } from '../support/postgres.ts';

const database = freshPostgresDatabase();
const pg = openPostgres(database.url);
const sqlite = openDatabase(':memory:');
afterAll(() => {
  pg.close();
  sqlite.close();
  database.drop();
});

const matching = (db: Db, values: string) =>
  db
    .prepare(`SELECT x FROM (SELECT 1 AS x UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT NULL) t WHERE ${inJsonArray(db, 'x', 'integer')} ORDER BY x`)
    .pluck()
    .all(values);

it('matches the same values on both engines: none, some, with a null, large ids', () => {
  for (const values of ['[]', '[2]', '[3,1]', '[1,null]', '[9007199254740991,2]']) expect(matching(pg, values), values).toEqual(matching(sqlite, values));
});

it('reaches a few ids through their index on PostgreSQL, on a table the old form scanned', () => {
  pg.exec(`CREATE TABLE held (id bigint PRIMARY KEY, person_id bigint NOT NULL);
    INSERT INTO held SELECT g, g % 1000 FROM generate_series(1, 200000) g;
    CREATE INDEX held_person ON held(person_id);
    ANALYZE held`);
  const plan = (
    pg
      .prepare(`EXPLAIN SELECT id FROM held WHERE ${inJsonArray(pg, 'person_id', 'integer')}`)
      .pluck()
      .all('[5,17,4242]') as string[]
  ).join('\n');
  expect(plan).toMatch(/Index Scan|Bitmap Index Scan/);
  expect(plan).not.toMatch(/Seq Scan on held/);
});
