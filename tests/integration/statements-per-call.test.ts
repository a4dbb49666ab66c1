import { describe, expect, it } from 'vitest';
import { makeIdNumber, openTestCore, type TestCore } from '../support/core.ts';
import { postgresRoundTrips } from '../../db/engine/postgres.ts';
import type { Statement } from '../../db/engine/types.ts';

const setup = { username: 'admin', displayName: '管理员甲', password: 'long-enough-password-2026' };
type Ok<T> = { ok: true; result: T };
const tokenOf = (result: unknown) => (result as Ok<{ token: string }>).result.token;

/**
 * Statements a call runs on the serving thread: on PostgreSQL each is a round trip the thread waits for
 * (db/engine/postgres.ts), so a read's cost there is mostly their number. Counted from the engine's own
 * round trips on PostgreSQL, from the statements executed on SQLite.
 */
function statementCounter(core: TestCore): () => number {
  if (core.db.engine === 'postgres') return () => postgresRoundTrips.count;
  let executed = 0;
  const db = core.db;
  const prepare = db.prepare.bind(db);
  db.prepare = (sql: string): Statement => {
    const statement = prepare(sql);
    if (sql === 'SELECT total_changes()') return statement; // tests' own check that a query wrote nothing (core/dispatch.ts)
    for (const method of ['get', 'all', 'run', 'iterate'] as const) {
      const original = statement[method].bind(statement) as (...args: unknown[]) => unknown;
      (statement as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
        executed++;
        return original(...args);
      };
    }
    return statement;
  };
  return () => executed;
}

describe('statements per call (the serving thread waits for each on PostgreSQL)', () => {
  it('a read with a session: the session in 3 statements, no audit context, no look at the log afterwards', async () => {
    const core = await openTestCore();
    const count = statementCounter(core); // before the first call: every statement prepared from here is counted
    const admin = tokenOf(core.callWithSession('auth.setup', setup, undefined));
    const { id } = core.ok('people.create', { name: '张三', idNumber: makeIdNumber() });
    const statementsOf = (name: string, input: unknown) => {
      expect(core.callWithSession(name, input, admin)).toMatchObject({ ok: true }); // statements prepared, caches warm
      const before = count();
      expect(core.callWithSession(name, input, admin)).toMatchObject({ ok: true });
      return count() - before;
    };
    // The session: its row, both timeouts in one statement, the user (a coordinator's bases too: one more). Before: the
    // setting table looked up in the catalog for each timeout, the bases of any user, the audit context set and reset
    // (PostgreSQL), and the log's head and new rows read after the call: 12 round trips for auth.status on PostgreSQL,
    // 10 statements on SQLite.
    const session = 3;
    expect(statementsOf('auth.status', {})).toBe(session + 1); // + the count of users (a first start offers setup)
    const alone = (name: string, input: unknown) => {
      expect(core.call(name, input)).toMatchObject({ ok: true });
      const before = count();
      expect(core.call(name, input)).toMatchObject({ ok: true });
      return count() - before;
    };
    expect(statementsOf('people.get', { id })).toBe(session + alone('people.get', { id }));
    expect(statementsOf('people.list', {})).toBe(session + alone('people.list', {}));
    core.close();
  });

  it('a command still publishes its change and signs the log’s new head', async () => {
    const core = await openTestCore();
    const admin = tokenOf(core.callWithSession('auth.setup', setup, undefined));
    const heard: string[] = [];
    core.onChange((change) => heard.push(change.operation));
    expect(core.callWithSession('people.create', { name: '李四', idNumber: makeIdNumber('442000', '19900101', '125') }, admin)).toMatchObject({ ok: true });
    expect(core.callWithSession('people.list', {}, admin)).toMatchObject({ ok: true });
    expect(heard).toEqual(['people.create']);
    core.close();
  });

  it('a change reaches every open change stream without each stream reading its session again', async () => {
    const core = await openTestCore();
    const count = statementCounter(core);
    core.callWithSession('auth.setup', setup, undefined);
    const streams: string[][] = [];
    const watch = (i: number) => {
      const username = `staff${i}`;
      core.ok('users.create', { username, displayName: `员工${i}`, role: 'staff', password: setup.password });
      const token = tokenOf(core.callWithSession('auth.login', { username, password: setup.password }, undefined));
      const heard: string[] = [];
      streams.push(heard);
      expect(core.watchChanges(token, (notice) => heard.push(notice.operation))).not.toBeNull();
    };
    const statementsOfASave = (sequence: string) => {
      const before = count();
      core.ok('people.create', { name: '王五', idNumber: makeIdNumber('442000', '19900101', sequence) });
      return count() - before;
    };
    watch(0);
    statementsOfASave('131'); // statements prepared
    const withOneStream = statementsOfASave('133');
    for (let i = 1; i < 10; i++) watch(i);
    // Before: each stream read its session, timeouts and user again: 4 statements more per stream and save.
    expect(statementsOfASave('135')).toBe(withOneStream);
    expect(streams.map((heard) => heard.at(-1))).toEqual(Array(10).fill('people.create'));

    // A user deactivated: their stream hears that and ends; the others go on.
    const heardBefore = streams[0]!.length;
    const first = core.db.prepare(`SELECT id, version FROM app_user WHERE username = 'staff0'`).get() as { id: number; version: number };
    core.ok('users.setActive', { id: first.id, version: first.version, active: false });
    core.ok('people.create', { name: '赵六', idNumber: makeIdNumber('442000', '19900101', '137') });
    expect(streams[0]).toHaveLength(heardBefore); // ended: nothing more
    expect(streams.slice(1).every((heard) => heard.at(-1) === 'people.create')).toBe(true);
    core.close();
  });
});
