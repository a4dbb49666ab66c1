/**
 * Jobs seen from every server process on one PostgreSQL database (issue 21 point 3,
 * core/shared-jobs.ts): two runners, each on a connection of its own as two processes have, share
 * their jobs through server_job. From the other process a job's status is read, a cancel is relayed
 * (the running process stops the job), a download is refused with a plain answer (the file is on the
 * running process's disk), a process that went quiet is reported, and a restore sees every running job.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { openPostgres } from '../../db/open.ts';
import type { Db } from '../../db/engine/types.ts';
import { AppError } from '../../core/errors.ts';
import { ELSEWHERE_FILE, JobRunner, type JobOwner } from '../../core/jobs.ts';
import { PROCESS_STOPPED, SharedJobs } from '../../core/shared-jobs.ts';
import { freshPostgresDatabase } from '../support/postgres.ts';

const database = freshPostgresDatabase();
const connections: Db[] = [];
const runners: JobRunner[] = [];
afterAll(() => {
  runners.forEach((r) => r.dispose());
  connections.forEach((db) => db.close());
  database.drop();
});

function process(name: string): JobRunner {
  const db = openPostgres(database.url);
  connections.push(db);
  const runner = new JobRunner(
    () => {},
    () => {},
    new SharedJobs(
      () => db,
      name,
      (what, error) => {
        throw new Error(`${what}: ${String(error)}`);
      },
    ),
  );
  runners.push(runner);
  return runner;
}

const alice: JobOwner = { userId: 1, session: 'session-of-alice' };
const bob: JobOwner = { userId: 2, session: 'session-of-bob' };
const admin: JobOwner = { userId: 3, session: 'session-of-admin', admin: true };

async function until(check: () => boolean, what: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const refusal = (work: () => unknown) => {
  try {
    work();
  } catch (error) {
    return error instanceof AppError ? { code: error.code, message: error.message } : { code: 'thrown', message: String(error) };
  }
  return null;
};

describe('jobs across server processes on PostgreSQL', () => {
  const one = process('process-one');
  const two = process('process-two');

  it("a job's status, its end and its result are read on the other process, by its starter only", async () => {
    const id = one.start(
      '导出人员',
      async (job) => {
        job.progress(5, 10, '写入中');
        await new Promise((r) => setTimeout(r, 1500)); // the progress reaches the row within a second
        return { result: { rows: 10 }, file: { fileName: '人员.xlsx', data: Buffer.from('xlsx') } };
      },
      alice,
    );
    expect(two.status(id, alice)).toMatchObject({ id, title: '导出人员', state: 'running' });
    await until(() => two.status(id, alice).done === 5, 'the progress');
    expect(two.status(id, alice)).toMatchObject({ done: 5, total: 10, phase: '写入中' });
    expect(refusal(() => two.status(id, bob))).toMatchObject({ code: 'FORBIDDEN' });
    await until(() => one.status(id, alice).state === 'done', 'the end');
    expect(two.status(id, alice)).toMatchObject({ state: 'done', result: { rows: 10 }, phase: '完成' });

    // The file is on process one's disk: process two says so; process one hands it over.
    expect(refusal(() => two.downloadTicket(id, alice))).toEqual({ code: 'CONFLICT', message: ELSEWHERE_FILE });
    expect(refusal(() => two.downloadTicket(id, bob))).toMatchObject({ code: 'FORBIDDEN' });
    expect(one.downloadTicket(id, alice)).toMatchObject({ fileName: '人员.xlsx' });
    expect(refusal(() => two.status('no-such-job', alice))).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('a cancel made through the other process stops the job where it runs; a restore there sees it running meanwhile', async () => {
    let rounds = 0;
    const id = one.start(
      '导入',
      async (job) => {
        for (;;) {
          rounds++;
          await new Promise((r) => setTimeout(r, 20));
          await job.checkpoint();
        }
      },
      alice,
    );
    expect(two.running()).toContain('导入');
    expect(refusal(() => two.cancel(id, bob))).toMatchObject({ code: 'FORBIDDEN' });
    expect(two.cancel(id, admin)).toMatchObject({ state: 'running', phase: '正在取消…', result: null });
    await until(() => one.status(id, alice).state === 'cancelled', 'process one to stop the job');
    expect(rounds).toBeGreaterThan(0);
    await until(() => two.status(id, alice).state === 'cancelled', 'the end on process two');
    expect(two.status(id, alice)).toMatchObject({ phase: '已取消，未写入任何数据' });
    expect(two.running()).not.toContain('导入');
  });

  it('a running job whose process went quiet is reported as stopped, and no longer blocks a restore', () => {
    const db = connections[0]!;
    const old = new Date(Date.now() - 60_000).toISOString();
    db.prepare(
      `INSERT INTO server_job (id, process_id, title, owner_user_id, owner_session, state, phase, started_at, updated_at) VALUES ('gone', 'process-gone', '导出报名名单', 1, 'session-of-alice', 'running', '写入中', ?, ?)`,
    ).run(old, old);
    expect(two.status('gone', alice)).toMatchObject({ state: 'failed', error: PROCESS_STOPPED });
    expect(two.running()).not.toContain('导出报名名单');
  });
});
