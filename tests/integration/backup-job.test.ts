import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkDatabaseFile } from '../../db/backup.ts';
import { latestVersion } from '../../db/migrate.ts';
import { makeIdNumber, openTestCore } from '../support/core.ts';
import { longestStall } from '../support/event-loop.ts';

/** Distinct for i < 40,000. */
const person = (i: number) => ({ idNumber: makeIdNumber('440100', `${1960 + Math.floor(i / 1000)}0101`, String(i % 1000).padStart(3, '0')), name: `人员${i}` });

describe('立即备份 is a job: nobody waits for it', () => {
  it('saves go through while the backup copies; the copy is whole, signed as it ended, and restores', async () => {
    const core = await openTestCore();
    const insert = core.db.transaction(() => {
      for (let i = 0; i < 4000; i++) core.ok('people.create', person(i));
    });
    insert();
    const { jobId } = core.ok('backup.create', {});
    let saved = 0;
    const { result: status, longestMs } = await longestStall(async () => {
      for (let i = 4000; ; i++) {
        const state = core.ok('jobs.status', { id: jobId });
        if (state.state !== 'running') return state;
        // Before this change the backup (VACUUM INTO) ran inside the call: nothing could happen meanwhile.
        expect(core.call('people.create', person(i))).toMatchObject({ ok: true });
        saved++;
        await new Promise((resolve) => setImmediate(resolve));
      }
    });
    console.log(
      `[stall] backup of ${core.db.engine === 'sqlite' ? `${String(core.db.pragma('page_count', { simple: true }))} pages` : 'a PostgreSQL database'} with ${saved} saves meanwhile: longest event-loop stall ${longestMs} ms`,
    );
    expect(status).toMatchObject({ state: 'done', result: { name: expect.stringMatching(/^manual-.*\.sqlite3$/) } });
    expect(saved).toBeGreaterThan(0);
    expect(longestMs).toBeLessThan(5000); // generous: the copy is stepped, not one call
    const { name, dir } = status.result as { name: string; dir: string };
    expect(checkDatabaseFile(path.join(dir, name), latestVersion())).toEqual({ ok: true, schemaVersion: latestVersion() });
    // Its signed head matches its log (a restore checks it first), and the restored data has every save up to the copy's end.
    const total = core.ok('people.list', {}).total;
    expect(total).toBe(4000 + saved);
    const restored = core.ok('backup.restore', { name });
    expect(restored.restored).toBe(name);
    const after = core.ok('people.list', {}).total;
    expect(after).toBeGreaterThanOrEqual(4000);
    expect(after).toBeLessThanOrEqual(total);
    core.close();
  }, 60_000);
});
