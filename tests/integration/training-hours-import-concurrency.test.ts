import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { finishJob, makeIdNumber, openTestCore, snapshotCounts, type TestCore } from '../support/core.ts';
import { expectAnsweredBetweenSteps } from '../support/event-loop.ts';
import { isCheckingPhase } from '../../core/excel/import-cells.ts';
import type { JobStatus } from '../../core/jobs.ts';
import { CHECK_BATCH, type HoursImportSummary } from '../../core/excel/training-hours-import.ts';
import { IMPORT_IN_WORKER_FROM_BYTES, importWorkerOptions } from '../../core/services/excel.ts';

/**
 * Nobody waits for someone else's import of historical training hours (issue 20, item 5): the
 * commit checks its rows in batches with the job yielding in between, so other users' saves and
 * logins go through meanwhile; it still writes all or nothing, and a row whose person or ledger
 * another user changed meanwhile is reported, never silently doubled or misattributed (§6a).
 */
const PASSWORD = 'long-enough-password-2026';
const STAFF = { id: 2, name: '工作人员乙', role: 'staff' as const };
const CATEGORY = '督导实务';
let core: TestCore;
let person: { id: number; idNumber: string };
let bystander: { id: number; idNumber: string };

beforeEach(async () => {
  // These follow the check as it runs on the serving thread, in slices (a workbook under the worker's size, here
  // larger to be slow enough to act during it); a large one runs in a worker: training-hours-import.test.ts.
  importWorkerOptions.fromBytes = Infinity;
  core = await openTestCore();
  core.ok('auth.setup', { username: 'admin', displayName: '管理员甲', password: PASSWORD });
  core.ok('users.create', { username: 'staff', displayName: STAFF.name, role: 'staff', password: PASSWORD });
  person = core.ok('people.create', { idNumber: makeIdNumber('442000', '19800101', '111'), name: '陈晓明', practiceStart: '2010-01-01' });
  bystander = core.ok('people.create', { idNumber: makeIdNumber('442000', '19810101', '122'), name: '李芳' });
});
afterEach(() => {
  importWorkerOptions.fromBytes = IMPORT_IN_WORKER_FROM_BYTES;
  core.close();
});

/** `rows` distinct trainings (one a day from 2018 on, each its own provider): of 陈晓明, or only the first of them (the rest 李芳's). */
async function ledgerFile(rows: number, whose: 'all' | 'first' = 'all'): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('学时');
  sheet.addRow(['姓名', '身份证号', '培训日期', '学时类别', '学时', '培训机构']);
  for (let i = 0; i < rows; i++) {
    const [name, idNumber] = whose === 'all' || i === 0 ? ['陈晓明', person.idNumber] : ['李芳', bystander.idNumber];
    sheet.addRow([name, idNumber, dayOf(i), CATEGORY, 2, `机构${i}`]);
  }
  return Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
}
const dayOf = (i: number) => new Date(Date.UTC(2018, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
const categoryId = () => core.db.prepare("SELECT id FROM course_category WHERE name LIKE ? || '%'").pluck().get(CATEGORY) as number;
const ledgerRows = () => core.db.prepare('SELECT count(*) FROM training_record').pluck().get() as number;

/** Yields until the job is checking its rows (it has read its file and not yet published). */
async function checking(jobId: string) {
  for (let i = 0; i < 5000; i++) {
    const status = core.ok('jobs.status', { id: jobId });
    if (status.state !== 'running' || isCheckingPhase(status.phase)) return status;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error('the job never showed its check');
}

/** A commit of this many rows is still checking when its first batch is done (the test acting then), with batches left. */
const SEVERAL_BATCHES = 3 * CHECK_BATCH;

/** The job's check batches: the steps between which the server must answer. */
const isCheckStep = (status: JobStatus) => isCheckingPhase(status.phase);
const start = (mode: 'importPreview' | 'importCommit', base64: string) => core.ok(`training.${mode}`, { fileName: '历史学时.xlsx', base64 }).jobId;

describe('an import of training hours does not hold up other users', () => {
  it("another user's save and a login go through while the commit checks its rows; the import then writes every row", async () => {
    const jobId = start('importCommit', await ledgerFile(SEVERAL_BATCHES));
    // Before this change the commit checked and wrote in one piece: no request ran while it checked.
    const status = await checking(jobId);
    expect(status.state).toBe('running');
    const saved = core.call('people.update', { id: bystander.id, idNumber: bystander.idNumber, name: '李芳', phone: '13900139000' }, STAFF);
    expect(saved).toMatchObject({ ok: true });
    const login = core.callWithSession('auth.login', { username: 'staff', password: PASSWORD }, undefined);
    expect(login).toMatchObject({ ok: true, result: { token: expect.any(String) } });
    expect(core.ok('jobs.status', { id: jobId }).state).toBe('running');
    const done = await finishJob(core, jobId);
    expect(done.state, JSON.stringify(done)).toBe('done');
    expect(done.result as HoursImportSummary).toMatchObject({ written: SEVERAL_BATCHES, blocked: false });
    expect(ledgerRows()).toBe(SEVERAL_BATCHES);
  });

  it('a commit cancelled while it checks writes nothing, and saves made meanwhile are kept', async () => {
    const before = snapshotCounts(core);
    const jobId = start('importCommit', await ledgerFile(SEVERAL_BATCHES));
    expect((await checking(jobId)).state).toBe('running');
    expect(core.call('organizations.create', { name: '新机构', kind: 'other' }, STAFF)).toMatchObject({ ok: true });
    core.ok('jobs.cancel', { id: jobId });
    expect((await finishJob(core, jobId)).state).toBe('cancelled');
    expect(snapshotCounts(core)).toEqual({ ...before, organization: before.organization! + 1, audit_log: expect.any(Number) });
    expect(ledgerRows()).toBe(0);
  });

  it('the same training recorded by another user while the commit checks is reported at publish, and nothing of the import is written', async () => {
    const jobId = start('importCommit', await ledgerFile(SEVERAL_BATCHES));
    expect((await checking(jobId)).state).toBe('running');
    // Row 2 of the sheet (already checked) entered by hand meanwhile, as the import would write it.
    core.ok(
      'training.addExternal',
      { personId: person.id, categoryId: categoryId(), hours: 2, earnedOn: dayOf(0), provider: '机构0', note: '结业证书' },
      STAFF,
    );
    const status = await finishJob(core, jobId);
    expect(status.state).toBe('failed');
    expect(status.error).toMatch(/^第 2 行（陈晓明 \d{17}[\dX]）的人员或其培训学时已被 工作人员乙 于 2026-\d\d-\d\d \d\d:\d\d 修改.*本次导入未写入任何数据/);
    expect(ledgerRows()).toBe(1); // only the other user's row
    // Imported again, the row is recognised as already there and the rest goes in.
    const again = await finishJob(core, start('importCommit', await ledgerFile(SEVERAL_BATCHES)));
    expect(again.state).toBe('done');
    expect((again.result as HoursImportSummary).counts).toMatchObject({ created: SEVERAL_BATCHES - 1, unchanged: 1 });
    expect(ledgerRows()).toBe(SEVERAL_BATCHES);
  });

  it("the person of a row already checked renamed meanwhile is reported at publish: the file's 姓名 no longer matches", async () => {
    const jobId = start('importCommit', await ledgerFile(500, 'first'));
    expect((await checking(jobId)).state).toBe('running');
    core.ok('people.update', { id: person.id, idNumber: person.idNumber, name: '陈小明' }, STAFF);
    const status = await finishJob(core, jobId);
    expect(status).toMatchObject({
      state: 'failed',
      error: expect.stringMatching(/^第 2 行（陈晓明 \d{17}[\dX]）的人员或其培训学时已被 工作人员乙 于 .*本次导入未写入任何数据/),
    });
    expect(ledgerRows()).toBe(0);
  });

  it('rows of a person renamed while the commit checks, not yet checked, are refused: the import is blocked, nothing written', async () => {
    const jobId = start('importCommit', await ledgerFile(500));
    expect((await checking(jobId)).state).toBe('running');
    core.ok('people.update', { id: person.id, idNumber: person.idNumber, name: '陈小明' }, STAFF);
    const status = await finishJob(core, jobId);
    expect(status.state).toBe('done');
    expect(status.result as HoursImportSummary).toMatchObject({ blocked: true, written: 0, counts: { refused: 300 } });
    expect(ledgerRows()).toBe(0);
  });

  it("another person's change meanwhile is no conflict", async () => {
    const jobId = start('importCommit', await ledgerFile(500));
    expect((await checking(jobId)).state).toBe('running');
    core.ok(
      'training.addExternal',
      { personId: bystander.id, categoryId: categoryId(), hours: 2, earnedOn: dayOf(0), provider: '机构0', note: '结业证书' },
      STAFF,
    );
    const status = await finishJob(core, jobId);
    expect(status.state, status.error ?? '').toBe('done');
    expect(ledgerRows()).toBe(501);
  });

  it('the server answers between the check batches of a preview and of a commit', async () => {
    const rows = SEVERAL_BATCHES; // their progress reported after each
    const base64 = await ledgerFile(rows);
    for (const mode of ['importPreview', 'importCommit'] as const) {
      const jobId = start(mode, base64);
      await expectAnsweredBetweenSteps(
        `training.${mode} of ${rows} rows`,
        () => core.ok('jobs.status', { id: jobId }),
        () => expect(core.ok('people.list', {}).total).toBe(2),
        isCheckStep,
      );
    }
    expect(ledgerRows()).toBe(rows);
  });
});
