import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataLocationOf, downloadedFile, finishJob, makeIdNumber, openTestCore, tempDir, type TestCore } from '../support/core.ts';
import { longestStall } from '../support/event-loop.ts';
import { readFirstSheet } from '../../core/excel/workbook.ts';
import { JobRunner } from '../../core/jobs.ts';
import { runInWorker, type WorkerTaskName, type WorkerTasks } from '../../core/worker-jobs.ts';
import { LOCAL_ADMIN } from '../../core/permissions.ts';
import { fixedClock } from '../../core/clock.ts';

/**
 * 导出学时达标名单 computes everyone's compliance (a few large queries and a pass over everyone):
 * it runs in a worker thread on its own connection, so the server answers meanwhile.
 */
let core: TestCore;
const AUDITOR = { id: 9, name: '审计员', role: 'auditor' as const };
// One population for the file: the tests read it (only the last one adds a re-review cycle, which nothing after it reads).
beforeAll(async () => {
  core = await openTestCore();
  const insert = core.db.transaction(() => {
    for (let i = 0; i < 2000; i++)
      core.ok('people.create', {
        idNumber: makeIdNumber('440100', `${1960 + Math.floor(i / 1000)}0101`, String(i % 1000).padStart(3, '0')),
        name: `人员${i}`,
        phone: `1380000${String(i).padStart(4, '0')}`,
      });
  });
  insert();
}, 60_000); // 2,000 people through the operation: ~3 s alone, past the default 10 s on a loaded machine
afterAll(() => core.close());

/** A job of a runner of the test's own, to its end. */
async function finished(runner: JobRunner, id: string) {
  let status = runner.status(id);
  for (let i = 0; i < 2000 && status.state === 'running'; i++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    status = runner.status(id);
  }
  return status;
}

describe('a job in a worker thread', () => {
  it('exports the compliance list from a worker: progress, the file, masked for a role without pii.read; queries answered meanwhile', async () => {
    const { jobId } = core.ok('compliance.export', {}, AUDITOR);
    let answered = 0;
    const { result: status, longestMs } = await longestStall(async () => {
      for (;;) {
        const state = core.ok('jobs.status', { id: jobId }, AUDITOR);
        if (state.state !== 'running') return state;
        expect(core.ok('people.list', { search: '人员1' }).total).toBeGreaterThan(0);
        answered++;
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
    });
    console.log(`[stall] compliance.export of 2,000 people in a worker, ${answered} queries meanwhile: longest event-loop stall ${longestMs} ms`);
    expect(status).toMatchObject({ state: 'done', result: { rows: 2000 } });
    const { fileName, data } = downloadedFile(core, jobId, AUDITOR);
    expect(fileName).toMatch(/^学时达标名单-2026-11-24\.xlsx$/);
    const { headers, rows } = await readFirstSheet(data);
    expect(headers.slice(0, 3)).toEqual(['姓名', '身份证号', '联系电话']);
    expect(rows).toHaveLength(2000);
    // The auditor sees 身份证号 前4后4 and a phone's last four digits, as in the app.
    expect(String(rows[0]!.values[1])).toMatch(/^\d{4}\*+\d{3}[\dX]$/);
    expect(String(rows[0]!.values[2])).toMatch(/^\*+\d{4}$/);
  });

  it('a cancel stops the worker: the job says so and leaves no file', async () => {
    const { jobId } = core.ok('compliance.export', {});
    core.ok('jobs.cancel', { id: jobId });
    const status = await finishJob(core, jobId);
    expect(status.state).toBe('cancelled');
    expect(core.fail('jobs.download', { id: jobId }).code).toBe('NOT_FOUND');
  });

  it('where a worker cannot be started (its script cannot be loaded), the task runs on the server thread as before', async () => {
    const runner = new JobRunner();
    const ctx = {
      db: core.db,
      actor: LOCAL_ADMIN,
      clock: fixedClock('2026-11-24'),
      ...dataLocationOf(core),
      jobs: runner.actingFor({ userId: null, session: null }),
    };
    const id = runner.start('导出学时达标名单', (job) =>
      runInWorker(ctx, 'compliance.export', { query: { page: 0, pageSize: 25, sortDir: 'asc' }, asOf: '2026-11-24' }, job, '/nonexistent/worker-jobs-entry.ts'),
    );
    expect(await finished(runner, id)).toMatchObject({ state: 'done', result: { rows: 2000 } });
    runner.dispose();
  });

  it("a worker loads its own task's module tree only: not the other tasks' modules, nor ExcelJS for a task that reads or writes no workbook", async () => {
    // A module each task alone loads (core/worker-tasks.ts imports it when the task runs).
    const TASK_MODULES: Partial<Record<WorkerTaskName, string>> = {
      'compliance.export': 'core/services/compliance.ts',
      'recert.open': 'core/recert/cycle-jobs.ts',
      'registry.import': 'core/excel/registry-import.ts',
      'training.importHours': 'core/excel/training-hours-import.ts',
      'demo.load': 'core/services/demo.ts',
      'system.migrateToPostgres': 'core/migrate-to-postgres.ts',
      'audit.annualWorkbook': 'core/api.ts',
    };
    const dir = tempDir();
    let files = 0;
    const runner = new JobRunner();
    const jobs = runner.actingFor({ userId: null, session: null });
    const ctx = {
      db: core.db,
      actor: LOCAL_ADMIN,
      clock: fixedClock('2026-11-24'),
      ...dataLocationOf(core),
      jobs: { ...jobs, tempFile: () => path.join(dir, `job-${++files}`) },
    };
    const modulesEntry = fileURLToPath(new URL('../support/worker-modules-entry.ts', import.meta.url));
    const loadedBy = async <T extends WorkerTaskName>(task: T, args: WorkerTasks[T]) => {
      const id = runner.start(task, (job) => runInWorker(ctx, task, args, job, modulesEntry));
      expect((await finished(runner, id)).state).toBe('done');
      const list = path.join(dir, `job-${files}.modules.json`);
      for (let i = 0; i < 1000 && !fs.existsSync(list); i++) await new Promise((resolve) => setTimeout(resolve, 10));
      const loaded = JSON.parse(fs.readFileSync(list, 'utf8')) as string[];
      const otherTasks = Object.entries(TASK_MODULES).filter(([name]) => name !== task);
      expect(loaded).toContain(TASK_MODULES[task]);
      expect(otherTasks.filter(([, module]) => loaded.includes(module!))).toEqual([]);
      return loaded;
    };

    await loadedBy('compliance.export', { query: { page: 0, pageSize: 25, sortDir: 'asc' }, asOf: '2026-11-24' });
    const { id } = core.ok('recert.create', { year: 2026 });
    const byCycle = await loadedBy('recert.open', { id });
    expect(byCycle.filter((module) => module.includes('node_modules/exceljs/'))).toEqual([]);
    runner.dispose();
  });
});
