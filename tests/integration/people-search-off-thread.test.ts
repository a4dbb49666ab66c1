import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { finishJob, makeIdNumber, openTestCore, type TestCore } from '../support/core.ts';
import { testEngine } from '../support/postgres.ts';
import fs from 'node:fs';
import { peopleSearchOffThread, stopPeopleSearch } from '../../core/people/search-off-thread.ts';
import { listPeople } from '../../db/repos/people.ts';

// The association server computes a search's page in a worker (core/people/search-off-thread.ts); the page must be
// the one the serving thread would have computed, for every kind of fragment, sort and page.
// 陈明 twice and 陈敏 (chenmin, the same pinyin key): equal sort values, which must come out in the same order.
const NAMES = ['陈晓明', '陈小红', '李四', '王五', '欧阳娜娜', '张三丰', '陈明', '赵辉', '刘诚', '司徒静', '陈明', '陈敏'];
const setup = { username: 'admin', displayName: '管理员甲', password: 'correct horse' };

describe('people search off the serving thread', () => {
  let core: TestCore;
  let token: string;
  let organizationId = 0;
  const ask = (input: object) => core.prepare('people.list', input, token)!;

  beforeAll(async () => {
    peopleSearchOffThread.enabled = true;
    core = await openTestCore();
    const first = core.callWithSession('auth.setup', setup, undefined) as { result: { token: string } };
    token = first.result.token;
    organizationId = core.ok('organizations.create', { name: '某某社工服务中心', kind: 'social_work_agency' }).id;
    // Every other person in the organisation: a filter, and a sort by its name with people on both sides of it.
    NAMES.forEach((name, i) =>
      core.ok('people.create', {
        idNumber: makeIdNumber('442000', `1990010${(i % 9) + 1}`, `${100 + i}`),
        name,
        phone: `1380013${8000 + i}`,
        ...(i % 2 ? { organizationId } : {}),
      }),
    );
  });
  afterAll(() => {
    peopleSearchOffThread.enabled = false;
    core.close();
  });

  /** The first search starts the worker and is computed in place; the worker then answers. */
  /** The page through the worker equals the page computed in place, for each input. */
  async function sameAsInPlace(inputs: object[]): Promise<void> {
    for (const input of inputs) {
      const made = await ask(input);
      expect(made.value, JSON.stringify(input)).toBeDefined();
      const viaWorker = core.callWithSession('people.list', input, token, 'local', undefined, { prepared: made });
      expect(viaWorker, JSON.stringify(input)).toEqual(core.callWithSession('people.list', input, token));
    }
  }

  async function workerReady(): Promise<void> {
    for (;;) {
      if ((await ask({ search: '陈' })).value !== undefined) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  it.runIf(testEngine() === 'sqlite')('answers the page the serving thread would, for names, pinyin, initials, numbers, sorts and pages', async () => {
    expect((await ask({ search: '陈' })).value).toBeUndefined(); // starting: this one in place
    await workerReady();
    const inputs = [
      { search: '陈' },
      { search: '陈', sortField: 'name', sortDir: 'asc' },
      { search: '陈', sortField: 'name', sortDir: 'desc', pageSize: 2, page: 1 },
      { search: '陈', sortField: 'organizationName', sortDir: 'desc' },
      { search: '陈', sortField: 'birthDate', sortDir: 'asc' },
      { search: '陈', organizationId },
      { search: 'chenm' },
      { search: 'chen' },
      { search: 'cxm' },
      { search: '1380013' },
      { search: '4420001990' },
      { search: '陈', pageSize: 1, page: 1 },
      { search: '陈', page: 5 }, // past the last page: no rows, the total all the same
      { search: '没有这个人' },
      { search: 'a1' }, // neither name, number nor letters only: the name, the 身份证号 and the phone
    ];
    await sameAsInPlace(inputs);
    const { value } = await ask({ search: '陈', page: 5 });
    expect(value).toEqual({ ids: [], total: 5 });
  });

  it.runIf(testEngine() === 'sqlite')('sees a save committed a moment before, and leaves out a row gone since its ids were read', async () => {
    await workerReady();
    const person = core.ok('people.create', { idNumber: makeIdNumber('442000', '19850505', '771'), name: '陈新来' });
    const made = await ask({ search: '陈新' });
    expect(made.value).toEqual({ ids: [person.id], total: 1 });
    expect(
      listPeople(core.db, { page: 0, pageSize: 25, sortDir: 'asc', search: '陈新' }, { ids: [person.id, 999_999], total: 2 }).rows.map((p) => p.name),
    ).toEqual(['陈新来']);
  });

  it.runIf(testEngine() === 'sqlite')('follows renames and imports: the old name is not found, the new one and the imported people are', async () => {
    await workerReady();
    const [renamed] = core.ok('people.list', { search: '欧阳娜娜' }).rows;
    core.ok('people.update', { id: renamed!.id, idNumber: renamed!.idNumber, name: '欧阳改名' });
    expect((await ask({ search: '欧阳娜' })).value).toEqual({ ids: [], total: 0 });
    expect((await ask({ search: '改名' })).value).toEqual({ ids: [renamed!.id], total: 1 });
    expect((await ask({ search: 'ouyanggaiming' })).value).toEqual({ ids: [renamed!.id], total: 1 });

    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('名册');
    sheet.addRow(['姓名', '身份证号']);
    for (let i = 0; i < 3; i++) sheet.addRow([`导入学员${i}`, makeIdNumber('440100', '19920202', `${500 + i}`)]);
    const base64 = Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
    const imported = await finishJob(core, core.ok('registry.importCommit', { fileName: '名册.xlsx', base64 }).jobId);
    expect(imported.state, imported.error ?? '').toBe('done');
    await sameAsInPlace([{ search: '导入学员' }, { search: 'drxy' }, { search: '19920202' }, { search: '陈', sortField: 'name', sortDir: 'asc' }]);
    expect((await ask({ search: '导入学员' })).value).toMatchObject({ total: 3 });
  });

  it('leaves a search in place where it is not turned on, and on PostgreSQL (its trigram indexes serve it)', async () => {
    peopleSearchOffThread.enabled = false;
    try {
      expect((await ask({ search: '陈' })).value).toBeUndefined();
    } finally {
      peopleSearchOffThread.enabled = true;
    }
    if (testEngine() === 'postgres') expect((await ask({ search: '陈' })).value).toBeUndefined();
    expect((await ask({})).value).toBeUndefined(); // no fragment: the page walks an index, in place
  });

  it.runIf(testEngine() === 'sqlite')('ends an idle worker and starts another for the next search', async () => {
    await workerReady();
    const idleMs = peopleSearchOffThread.idleMs;
    peopleSearchOffThread.idleMs = 50;
    try {
      await ask({ search: '李' }); // keeps it for 50 ms from now
      await new Promise((resolve) => setTimeout(resolve, 300));
    } finally {
      peopleSearchOffThread.idleMs = idleMs;
    }
    expect((await ask({ search: '李' })).value).toBeUndefined(); // ended: this one starts the next, in place
    await workerReady();
  });

  it.runIf(testEngine() === 'sqlite')('where the worker cannot be started, every search is computed in place, without starting one each time', async () => {
    const other = await openTestCore();
    const { token: otherToken } = (other.callWithSession('auth.setup', setup, undefined) as { result: { token: string } }).result;
    peopleSearchOffThread.entry = '/nonexistent/search-worker.ts';
    const started = peopleSearchOffThread.started;
    try {
      const input = { search: '陈' };
      for (let i = 0; i < 5; i++) {
        const made = await other.prepare('people.list', input, otherToken)!;
        expect(made.value).toBeUndefined();
        expect(other.callWithSession('people.list', input, otherToken, 'local', undefined, { prepared: made })).toMatchObject({
          ok: true,
          result: { total: 0 },
        });
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(peopleSearchOffThread.started).toBe(started + 1);
    } finally {
      peopleSearchOffThread.entry = '';
      other.close();
    }
  });

  it.runIf(testEngine() === 'sqlite' && process.platform === 'linux')(
    'a restore or closing core ends the worker only once it has closed its connection (Windows refuses to replace an open file)',
    async () => {
      const other = await openTestCore();
      const { token: otherToken } = (other.callWithSession('auth.setup', setup, undefined) as { result: { token: string } }).result;
      // The threads share the process's open files: the worker's connection is one more of them naming the data's log
      // (the data file's own descriptor SQLite may keep for the process until its other connections' locks go).
      const openOnDataFile = () =>
        fs.readdirSync('/proc/self/fd').filter((fd) => {
          try {
            return fs.readlinkSync(`/proc/self/fd/${fd}`) === `${other.dataFile}-wal`;
          } catch {
            return false;
          }
        }).length;
      const alone = openOnDataFile();
      try {
        while ((await other.prepare('people.list', { search: '陈' }, otherToken)!).value === undefined) await new Promise((resolve) => setTimeout(resolve, 20));
        expect(openOnDataFile()).toBeGreaterThan(alone);
        stopPeopleSearch(other.db);
        expect(openOnDataFile()).toBe(alone); // closed by the time it returned
      } finally {
        other.close();
      }
    },
  );
});
