import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkDatabaseFile } from '../../db/backup.ts';
import { latestVersion } from '../../db/migrate.ts';
import { makeIdNumber, openTestCore } from '../support/core.ts';
import { expectAnsweredBetweenSteps } from '../support/event-loop.ts';

/**
 * People before the copy: enough for several of its steps, the test asking between them. SQLite copies 100 pages a step
 * (db/backup.ts; 2,500 people make ~800 pages: 8 steps); PostgreSQL 2,000 rows a step (db/postgres/dump.ts; the people, their
 * log entries and the reference rows make over 4,000: 2 steps, the least the test needs).
 */
const PEOPLE = 2500;

/** Distinct for i < 40,000. */
const person = (i: number) => ({ idNumber: makeIdNumber('440100', `${1960 + Math.floor(i / 1000)}0101`, String(i % 1000).padStart(3, '0')), name: `人员${i}` });

describe('立即备份 is a job: nobody waits for it', () => {
  it('saves go through while the backup copies; the copy is whole, signed as it ended, and restores', async () => {
    const core = await openTestCore();
    const insert = core.db.transaction(() => {
      for (let i = 0; i < PEOPLE; i++) core.ok('people.create', person(i));
    });
    insert();
    const { jobId } = core.ok('backup.create', {});
    let next = PEOPLE;
    // Before this change the backup (VACUUM INTO) ran inside the call: nothing could happen meanwhile.
    const save = () => expect(core.call('people.create', person(next++))).toMatchObject({ ok: true });
    const pages = core.db.engine === 'sqlite' ? `${String(core.db.pragma('page_count', { simple: true }))} pages` : 'a PostgreSQL database';
    // A copy made in one call (no turn between its steps) would have saves answered at one step of it at most.
    const { status } = await expectAnsweredBetweenSteps(
      `backup of ${pages}, saves answered meanwhile`,
      () => core.ok('jobs.status', { id: jobId }),
      save,
      (state) => state.done > 0, // its copy's steps (pages or rows copied)
    );
    expect(status).toMatchObject({ state: 'done', result: { name: expect.stringMatching(/^manual-.*\.sqlite3$/) } });
    const { name, dir } = status.result as { name: string; dir: string };
    expect(checkDatabaseFile(path.join(dir, name), latestVersion())).toEqual({ ok: true, schemaVersion: latestVersion() });
    // Its signed head matches its log (a restore checks it first), and the restored data has every save up to the copy's end.
    const total = core.ok('people.list', {}).total;
    expect(total).toBe(next); // every save asked went through
    const restored = core.ok('backup.restore', { name });
    expect(restored.restored).toBe(name);
    const after = core.ok('people.list', {}).total;
    expect(after).toBeGreaterThanOrEqual(PEOPLE);
    expect(after).toBeLessThanOrEqual(total);
    core.close();
  }, 60_000);
});
