import { describe, expect, it } from 'vitest';
import { finishJob, makeIdNumber, openTestCore } from '../support/core.ts';
import { longestStall } from '../support/event-loop.ts';

/**
 * How often the test asks while the load runs: hundreds of times during it, yet leaving the cores to the load (every
 * 2 ms, ~3,400 queries on PostgreSQL kept a core busy: the test took 51 s instead of 37 s on a loaded 2-core machine).
 */
const ASKED_EVERY_MS = 50;

describe('载入示例数据 is a job in a worker thread: nobody waits for it', () => {
  it('queries are answered while it loads; it writes all of it, once', async () => {
    const core = await openTestCore();
    const { jobId } = core.ok('demo.load', {});
    let answered = 0;
    const { result: status, longestMs } = await longestStall(async () => {
      for (;;) {
        const state = core.ok('jobs.status', { id: jobId });
        if (state.state !== 'running') return state;
        // Before this change the load ran inside the call: nothing was answered until it had written everything.
        expect([0, 400]).toContain(core.ok('people.list', {}).total); // all or nothing: committed in one transaction

        answered++;
        await new Promise((resolve) => setTimeout(resolve, ASKED_EVERY_MS));
      }
    });
    console.log(`[stall] demo.load in a worker, ${answered} queries answered meanwhile: longest event-loop stall ${longestMs} ms`);
    expect(status).toMatchObject({ state: 'done', result: { created: { person: 400 } } });
    expect(answered).toBeGreaterThan(0);
    expect(core.ok('people.list', {}).total).toBe(400);
    // Loaded once: a second load is refused before it starts.
    expect(core.fail('demo.load', {})).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('已有人员') });
    core.close();
  }, 60_000);

  it('is refused inside the job too when someone added a person after it was started', async () => {
    const core = await openTestCore();
    const { jobId } = core.ok('demo.load', {});
    core.ok('people.create', { idNumber: makeIdNumber('110101', '19900101', '123'), name: '先来的人' });
    const status = await finishJob(core, jobId);
    if (status.state === 'failed') {
      expect(status.error).toContain('已有人员');
      expect(core.ok('people.list', {}).total).toBe(1);
    } else expect(status.state).toBe('done'); // the load won the race: the person came after it
    core.close();
  }, 60_000);
});
