import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { finishJob, makeIdNumber, openTestCore, snapshotCounts, type TestCore } from '../support/core.ts';
import { expectAnsweredBetweenSteps } from '../support/event-loop.ts';
import { isCheckingPhase } from '../../core/excel/import-cells.ts';
import type { JobStatus } from '../../core/jobs.ts';
import { failInsertsWhere } from '../support/catalog.ts';
import { CHECK_BATCH, type ImportSummary } from '../../core/excel/registry-import.ts';
import { PUBLISH_SLICE } from '../../core/excel/registry-import-staging.ts';
import { writesFree, writesHeld } from '../../core/write-gate.ts';
import { IMPORT_IN_WORKER_FROM_BYTES, importWorkerOptions } from '../../core/services/excel.ts';
import { testEngine } from '../support/postgres.ts';

/**
 * Nobody waits for someone else's import (issue 20, item 5): while an import job runs, other
 * users' saves and logins go through; the import still writes all or nothing, and a record another
 * user changed meanwhile is reported, never silently overwritten (docs/design.md §6a).
 */
const PASSWORD = 'long-enough-password-2026';
const STAFF = { id: 2, name: '工作人员乙', role: 'staff' as const };
let core: TestCore;
let registered: { id: number; idNumber: string };

beforeEach(async () => {
  core = await openTestCore();
  core.ok('auth.setup', { username: 'admin', displayName: '管理员甲', password: PASSWORD });
  core.ok('users.create', { username: 'staff', displayName: STAFF.name, role: 'staff', password: PASSWORD });
  const idNumber = makeIdNumber('442000', '19850101', '123');
  registered = { id: core.ok('people.create', { idNumber, name: '陈晓明', phone: '13800138000' }).id, idNumber };
});
afterEach(() => {
  importWorkerOptions.fromBytes = IMPORT_IN_WORKER_FROM_BYTES;
  core.close();
});

/** `rows` new people, then (when given) a row for the registered person with a new phone. */
async function roster(rows: number, registeredPhone?: string, area = '440100'): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('名册');
  sheet.addRow(['姓名', '身份证号', '手机号码']);
  for (let i = 0; i < rows; i++) {
    sheet.addRow([i === rows - 1 ? '末行' : `学员${i}`, makeIdNumber(area, `${1960 + Math.floor(i / 1000)}0101`, String(i % 1000).padStart(3, '0')), null]);
  }
  if (registeredPhone) sheet.addRow(['陈晓明', registered.idNumber, registeredPhone]);
  return Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
}

/** A roster() row takes ~17 bytes of the workbook: this many make ~23 KB, past IMPORT_IN_WORKER_FROM_BYTES with margin. */
const ROWS_FOR_THE_WORKER = 1_000;

const phoneOf = (id: number) => core.db.prepare('SELECT phone FROM person WHERE id = ?').pluck().get(id);
/** The job's check batches: the steps between which the server must answer. */
const isCheckStep = (status: JobStatus) => isCheckingPhase(status.phase);
const peopleCount = () => core.db.prepare('SELECT count(*) FROM person').pluck().get() as number;

/** Yields until the job has read its file (its rows are then being checked or written). */
async function pastReading(jobId: string) {
  for (let i = 0; i < 2000; i++) {
    const status = core.ok('jobs.status', { id: jobId });
    if (status.state !== 'running' || !status.phase.startsWith('正在读取')) return status;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error('the job did not get past reading');
}

describe('an import does not hold up other users', () => {
  it("another user's save and a login go through while an import previews and while it commits", async () => {
    // The import must still run after the save and the login (a scrypt) asked meanwhile. A row's check costs ~4 ms on
    // PostgreSQL (~12 s for 3,000), a few times less on SQLite: 1,000 rows there outlast them as 3,000 do on SQLite.
    const rows = testEngine() === 'postgres' ? 1_000 : 3_000;
    const base64 = await roster(rows);
    for (const mode of ['importPreview', 'importCommit'] as const) {
      const { jobId } = core.ok(`registry.${mode}`, { fileName: '名册.xlsx', base64 });
      const status = mode === 'importPreview' ? await pastReading(jobId) : core.ok('jobs.status', { id: jobId });
      expect(status.state).toBe('running');
      // Before this change both were refused: 「正在执行“导入”，完成或取消后才能保存其他修改」.
      const phone = mode === 'importPreview' ? '13900139000' : '13900139001';
      const saved = core.call('people.update', { id: registered.id, idNumber: registered.idNumber, name: '陈晓明', phone }, STAFF);
      expect(saved).toMatchObject({ ok: true });
      const login = core.callWithSession('auth.login', { username: 'staff', password: PASSWORD }, undefined);
      expect(login).toMatchObject({ ok: true, result: { token: expect.any(String) } });
      expect(core.ok('jobs.status', { id: jobId }).state).toBe('running');
      const done = await finishJob(core, jobId);
      expect(done.state, JSON.stringify(done)).toBe('done');
      expect(phoneOf(registered.id)).toBe(phone);
    }
    expect(peopleCount()).toBe(rows + 1);
  });

  it('a cancelled import writes nothing, and saves made meanwhile are kept', async () => {
    const before = snapshotCounts(core);
    const { jobId } = core.ok('registry.importCommit', { fileName: '名册.xlsx', base64: await roster(ROWS_FOR_THE_WORKER) });
    const org = core.call('organizations.create', { name: '新机构', kind: 'other' }, STAFF);
    expect(org).toMatchObject({ ok: true });
    core.ok('jobs.cancel', { id: jobId });
    expect((await finishJob(core, jobId)).state).toBe('cancelled');
    expect(snapshotCounts(core)).toMatchObject({ person: before.person, organization: before.organization! + 1 });
  });

  it('a row failing at publish writes nothing of the import, not even the rows before it', async () => {
    importWorkerOptions.fromBytes = 0; // in a worker, whose publish is one statement (a later slice's failure on the serving thread: below)
    // Stands for anything that fails inside the publish (the disk full, a bug): the last row's insert is aborted.
    failInsertsWhere(core.db, 'fail_last_row', 'person', "NEW.name = '末行'");
    const before = snapshotCounts(core);
    const { jobId } = core.ok('registry.importCommit', { fileName: '名册.xlsx', base64: await roster(500) });
    const status = await finishJob(core, jobId);
    expect(status).toMatchObject({ state: 'failed', error: expect.stringContaining('未写入任何数据') });
    expect(snapshotCounts(core)).toEqual(before);
  });

  // The import runs in a worker thread now (tests/integration/import-worker.test.ts): the gate is held for each check batch and
  // for the publish, which goes in one statement there; the turns counted are the serving thread's while the worker holds the gate.
  it('the server answers while the import holds the gate: others see nothing of it until it commits, a save waits for the gate and goes through', async () => {
    // In the worker (this small file sent there): its check batches hold the gate in turn, then its publish does.
    importWorkerOptions.fromBytes = 0;
    const rows = 8 * CHECK_BATCH;
    const before = peopleCount();
    const base64 = await roster(rows);
    const { jobId } = core.ok('registry.importCommit', { fileName: '名册.xlsx', base64 });
    let turnsHeld = 0;
    for (let i = 0; i < 20_000 && core.ok('jobs.status', { id: jobId }).state === 'running'; i++) {
      if (writesHeld()) {
        // Between two slices another connection reads what was committed: nothing of the import, or
        // (once committed, its log being copied into the file) all of it; never a part.
        const seen = peopleCount();
        expect([before, before + rows]).toContain(seen);
        if (seen === before) turnsHeld += 1;
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
    // When the publish ran in one turn on the serving thread, no turn of anyone else's came while it held the write lock.
    expect(turnsHeld).toBeGreaterThanOrEqual(2);
    expect((await finishJob(core, jobId)).state).toBe('done');
    expect(peopleCount()).toBe(before + rows);

    // A save asked while the next import publishes: the shell waits for the gate, then it goes through.
    const again = core.ok('registry.importCommit', { fileName: '名册.xlsx', base64: await roster(rows, '13900139002', '440300') });
    for (let i = 0; i < 20_000 && !writesHeld() && core.ok('jobs.status', { id: again.jobId }).state === 'running'; i++)
      await new Promise((resolve) => setImmediate(resolve));
    expect(writesHeld()).toBe(true);
    await writesFree();
    const saved = core.call('organizations.create', { name: '发布期间新建的机构', kind: 'other' }, STAFF);
    expect(saved).toMatchObject({ ok: true });
    expect((await finishJob(core, again.jobId)).state).toBe('done');
    expect(peopleCount()).toBe(before + 2 * rows);
    expect(phoneOf(registered.id)).toBe('13900139002');
    expect(core.db.prepare("SELECT count(*) FROM organization WHERE name = '发布期间新建的机构'").pluck().get()).toBe(1);
  });

  it('a failure in a later slice of the publish writes nothing, not even the slices before it, and frees the gate', async () => {
    // On the serving thread, where the publish goes in slices (in a worker it is one statement). Past the first slice: the
    // slices before it were inserted in the same transaction.
    importWorkerOptions.fromBytes = Infinity;
    const rows = PUBLISH_SLICE + 2 * CHECK_BATCH;
    const failing = `学员${PUBLISH_SLICE + CHECK_BATCH}`;
    // Only in the publish (its bulk audit lifts the row trigger meanwhile), not in the check before it.
    const removeTrigger = failInsertsWhere(core.db, 'fail_mid_publish', 'person', `NEW.name = '${failing}'`, { onlyInBulkLoad: true });
    const before = snapshotCounts(core);
    const { jobId } = core.ok('registry.importCommit', { fileName: '名册.xlsx', base64: await roster(rows) });
    let sawHeld = false;
    for (let i = 0; i < 20_000 && core.ok('jobs.status', { id: jobId }).state === 'running'; i++) {
      sawHeld ||= writesHeld();
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(sawHeld).toBe(true);
    const status = await finishJob(core, jobId);
    expect(status).toMatchObject({ state: 'failed', error: expect.stringContaining('未写入任何数据') });
    expect(snapshotCounts(core)).toEqual(before);
    expect(writesHeld()).toBe(false);
    removeTrigger();
    expect(core.call('organizations.create', { name: '失败之后', kind: 'other' }, STAFF)).toMatchObject({ ok: true });
  });

  it('a record another user changed since the preview is reported at publish, and nothing is written', async () => {
    const base64 = await roster(300, '13700137000');
    const preview = await finishJob(core, core.ok('registry.importPreview', { fileName: '名册.xlsx', base64 }).jobId);
    const { previewMark, counts } = preview.result as ImportSummary;
    expect(counts).toMatchObject({ created: 300, updated: 1 });
    // Another user changes the person after the preview, before the commit.
    core.ok('people.update', { id: registered.id, idNumber: registered.idNumber, name: '陈晓明', phone: '13600136000' }, STAFF);
    const before = snapshotCounts(core);
    const commit = await finishJob(core, core.ok('registry.importCommit', { fileName: '名册.xlsx', base64, previewMark }).jobId);
    expect(commit.state).toBe('failed');
    expect(commit.error).toMatch(/第 302 行（陈晓明 \d{17}[\dX]）已被 工作人员乙 于 2026-\d\d-\d\d \d\d:\d\d 修改.*本次导入未写入任何数据/);
    expect(snapshotCounts(core)).toEqual(before);
    expect(phoneOf(registered.id)).toBe('13600136000');
    // Previewed again, the import goes through (and changes the phone as the new preview says).
    const again = await finishJob(core, core.ok('registry.importPreview', { fileName: '名册.xlsx', base64 }).jobId);
    const mark = (again.result as ImportSummary).previewMark;
    expect((await finishJob(core, core.ok('registry.importCommit', { fileName: '名册.xlsx', base64, previewMark: mark }).jobId)).state).toBe('done');
    expect(phoneOf(registered.id)).toBe('13700137000');
  });

  it('a save made while the commit reads its file is reported too (the commit marks its own start)', async () => {
    const { jobId } = core.ok('registry.importCommit', { fileName: '名册.xlsx', base64: await roster(300, '13700137000') });
    core.ok('people.update', { id: registered.id, idNumber: registered.idNumber, name: '陈晓明', phone: '13600136000' }, STAFF);
    const status = await finishJob(core, jobId);
    expect(status).toMatchObject({ state: 'failed', error: expect.stringContaining('已被 工作人员乙') });
    expect(phoneOf(registered.id)).toBe('13600136000');
    expect(peopleCount()).toBe(1);
  });

  it('a person another user registers while the import runs (a new row of the file) is reported, nothing written', async () => {
    const base64 = await roster(300);
    const firstOfFile = makeIdNumber('440100', '19600101', '000');
    for (const when of ['while it reads', 'after its check'] as const) {
      const before = peopleCount();
      const { jobId } = core.ok('registry.importCommit', { fileName: '名册.xlsx', base64 });
      if (when === 'after its check')
        for (let i = 0; i < 5000 && !core.ok('jobs.status', { id: jobId }).phase.startsWith('正在校验第 300 / 300'); i++)
          await new Promise((r) => setImmediate(r));
      const other = core.call('people.create', { idNumber: firstOfFile, name: `他人登记${when.length}` }, STAFF);
      expect(other).toMatchObject({ ok: true });
      const status = await finishJob(core, jobId);
      expect(status, when).toMatchObject({ state: 'failed', error: expect.stringMatching(/第 2 行.*(工作人员乙|已由他人登记).*未写入任何数据/) });
      expect(peopleCount()).toBe(before + 1);
      core.db.prepare('DELETE FROM person WHERE id = ?').run((other as { result: { id: number } }).result.id);
    }
  });

  it("a row that changes nothing of the other user's record is no conflict", async () => {
    const base64 = await roster(10, '13800138000'); // the phone as stored: the row is unchanged
    const { previewMark } = (await finishJob(core, core.ok('registry.importPreview', { fileName: '名册.xlsx', base64 }).jobId)).result as ImportSummary;
    core.ok('organizations.create', { name: '新机构', kind: 'other' }, STAFF);
    const commit = await finishJob(core, core.ok('registry.importCommit', { fileName: '名册.xlsx', base64, previewMark }).jobId);
    expect(commit.state).toBe('done');
    expect((commit.result as ImportSummary).counts).toMatchObject({ created: 10, unchanged: 1 });
  });

  // In a worker the serving thread is free by construction: the test of the gate above counts its turns while the worker works.
  it('the server answers between the check batches of a preview and of a commit on the serving thread', async () => {
    // Several check batches (their progress reported after each) are all it takes; the file is kept on this thread.
    importWorkerOptions.fromBytes = Infinity;
    const rows = 6 * CHECK_BATCH;
    const base64 = await roster(rows);
    for (const mode of ['importPreview', 'importCommit'] as const) {
      const { jobId } = core.ok(`registry.${mode}`, { fileName: '名册.xlsx', base64 });
      await expectAnsweredBetweenSteps(
        `registry.${mode} of ${rows} rows`,
        () => core.ok('jobs.status', { id: jobId }),
        () => expect(core.ok('people.list', {}).total).toBeGreaterThan(0),
        isCheckStep,
      );
    }
    expect(peopleCount()).toBe(rows + 1);
  });
});
