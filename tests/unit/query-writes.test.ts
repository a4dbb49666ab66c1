/**
 * Queries run query-only while an import publishes (core/reads-during-writes.ts), so a
 * query must not write unless it says so (`writes: true`, then it waits at the write gate). In tests
 * dispatch refuses a query that changed rows without saying so: every test calling a query checks it,
 * including queries added later.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { operations } from '../../core/api.ts';
import { defineOperation } from '../../core/contract.ts';
import { dispatch } from '../../core/dispatch.ts';
import { JobRunner } from '../../core/jobs.ts';
import { fixedClock } from '../../core/clock.ts';
import { LOCAL_ADMIN } from '../../core/permissions.ts';
import { readOnlyCall, readsGoAround, readsOnly } from '../../core/reads-during-writes.ts';
import { AppError } from '../../core/errors.ts';
import { openDatabase } from '../../db/open.ts';
import { tempDir } from '../support/core.ts';

const context = (db = openDatabase(':memory:')) => {
  db.exec('CREATE TABLE IF NOT EXISTS counter (n INTEGER)');
  return { db, actor: LOCAL_ADMIN, clock: fixedClock('2026-11-24'), dataFile: ':memory:', jobs: new JobRunner() };
};

const query = (handler: (db: ReturnType<typeof openDatabase>) => unknown, writes?: true) =>
  defineOperation({
    name: 'test.query',
    title: '测试',
    kind: 'query',
    ...(writes ? { writes } : {}),
    permission: 'public',
    input: z.object({}),
    output: z.object({ n: z.number() }),
    handler: (_input, ctx) => handler(ctx.db as ReturnType<typeof openDatabase>),
  });

describe('queries that write', () => {
  it('a query that changes a row without declaring it fails loudly in tests, also when it then fails', () => {
    const ctx = context();
    const insert = (db: ReturnType<typeof openDatabase>) => (db.prepare('INSERT INTO counter VALUES (1)').run(), { n: 1 });
    expect(() => dispatch({ 'test.query': query(insert) }, ctx, 'test.query', {})).toThrow(/test\.query is a query but changed 1 row/);
    const insertThenRefuse = (db: ReturnType<typeof openDatabase>) => {
      db.prepare('INSERT INTO counter VALUES (2)').run();
      throw new AppError('CONFLICT', '不行');
    };
    expect(() => dispatch({ 'test.query': query(insertThenRefuse) }, ctx, 'test.query', {})).toThrow(/changed 1 row/);
    // Declared, it runs (and waits at the gate in the shells); one that only reads is left alone.
    expect(dispatch({ 'test.query': query(insert, true) }, ctx, 'test.query', {})).toEqual({ ok: true, result: { n: 1 } });
    const count = (db: ReturnType<typeof openDatabase>) => ({ n: db.prepare('SELECT count(*) FROM counter').pluck().get() as number });
    expect(dispatch({ 'test.query': query(count) }, ctx, 'test.query', {})).toEqual({ ok: true, result: { n: 3 } });
  });

  it('only queries that do not declare writes may run on the read connection; the ones that write are named', () => {
    const writing = operations.filter((op) => op.kind === 'query' && !readsOnly(op)).map((op) => op.name);
    expect(writing.sort()).toEqual(['auth.logout']);
    expect(operations.filter((op) => op.kind !== 'query').every((op) => !readsOnly(op))).toBe(true);
  });

  it('a query-only call refuses writes, reads what was committed (never what another connection has not committed), and leaves the connection writable', () => {
    const file = path.join(tempDir(), 'data.sqlite3');
    const main = openDatabase(file);
    main.exec('CREATE TABLE counter (n INTEGER)');
    const publisher = openDatabase(file);
    publisher.exec('BEGIN IMMEDIATE');
    publisher.prepare('INSERT INTO counter VALUES (1)').run();
    expect(readOnlyCall(main, () => main.prepare('SELECT count(*) FROM counter').pluck().get())).toBe(0);
    expect(() => readOnlyCall(main, () => main.prepare('INSERT INTO counter VALUES (2)').run())).toThrow(/readonly/);
    publisher.exec('COMMIT');
    expect(readOnlyCall(main, () => main.prepare('SELECT count(*) FROM counter').pluck().get())).toBe(1);
    main.prepare('INSERT INTO counter VALUES (3)').run();
    expect(main.prepare('SELECT count(*) FROM counter').pluck().get()).toBe(2);
    expect(readsGoAround(main)).toBe(true);
    publisher.close();
    main.close();
    const memory = openDatabase(':memory:');
    expect(readsGoAround(memory)).toBe(false);
    memory.close();
    // PostgreSQL: reads go around as well, in a read-only transaction (tests/integration/reads-during-publish.test.ts on that engine).
    expect(readsGoAround({ engine: 'postgres', memory: false, name: 'postgres://sws@127.0.0.1/sws' } as Parameters<typeof readsGoAround>[0])).toBe(true);
  });
});
