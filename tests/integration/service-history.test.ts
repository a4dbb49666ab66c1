/**
 * 服务履历 (issue 22 item 6, migration 0034): every change of a person's organization or post, by the
 * person form or the registry import, is an event in the same transaction; an unchanged save adds
 * none; "organization as of a date" reads the events.
 */
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../core/clock.ts';
import type { ImportSummary } from '../../core/excel/registry-import.ts';
import { organizationOfPersonAsOf } from '../../db/repos/service-history.ts';
import { finishJob, makeIdNumber, openTestCore, type TestCore } from '../support/core.ts';

let day = '2026-03-01';
const clock: Clock = { today: () => day, now: () => `${day}T08:00:00.000Z`, timeZone: () => 'Asia/Shanghai' };
let core: TestCore;
let orgA: number;
let orgB: number;
beforeEach(async () => {
  day = '2026-03-01';
  core = await openTestCore(undefined, clock);
  orgA = core.ok('organizations.create', { name: '启航社工', kind: 'social_work_agency' }).id;
  orgB = core.ok('organizations.create', { name: '阳光家综', kind: 'social_work_agency' }).id;
});
afterEach(() => core.close());

const events = (personId: number) =>
  core.db.prepare('SELECT organization_id AS org, post, effective_on AS "on", source FROM person_post_event WHERE person_id = ? ORDER BY id').all(personId);
const asOf = (personId: number, date: string) => organizationOfPersonAsOf(core.db, personId, date);

async function importRows(rows: unknown[][], headers = ['姓名', '身份证号码', '所在机构', '岗位等级'], options: { createOrganizations?: boolean } = {}) {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('名册');
  sheet.addRow(headers);
  for (const row of rows) sheet.addRow(row);
  const base64 = Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
  const { jobId } = core.ok('registry.importCommit', { fileName: '名册.xlsx', base64, ...options });
  const status = await finishJob(core, jobId);
  expect(status.state, JSON.stringify(status.error)).toBe('done');
  return status.result as ImportSummary;
}

describe('服务履历', () => {
  it('the person form: a new person with an organization starts the history; a change adds an event, an unchanged save none', () => {
    const idNumber = makeIdNumber();
    const person = core.ok('people.create', { idNumber, name: '陈晓明', organizationId: orgA, jobGrade: '助理社会工作师二级' });
    expect(events(person.id)).toEqual([{ org: orgA, post: '助理社会工作师二级', on: '2026-03-01', source: 'edit' }]);

    day = '2026-05-10';
    const saved = core.ok('people.update', {
      id: person.id,
      version: person.version,
      idNumber,
      name: '陈晓明',
      organizationId: orgA,
      jobGrade: '助理社会工作师二级',
    });
    const renamed = core.ok('people.update', {
      id: person.id,
      version: saved.version,
      idNumber,
      name: '陈晓敏',
      organizationId: orgA,
      jobGrade: '助理社会工作师二级',
    });
    expect(events(person.id)).toHaveLength(1); // an unchanged save, and a change of the name only, add nothing

    core.ok('people.update', { id: person.id, version: renamed.version, idNumber, name: '陈晓敏', organizationId: orgB, jobGrade: '社会工作师三级' });
    expect(events(person.id)).toEqual([
      { org: orgA, post: '助理社会工作师二级', on: '2026-03-01', source: 'edit' },
      { org: orgB, post: '社会工作师三级', on: '2026-05-10', source: 'edit' },
    ]);
    expect(asOf(person.id, '2026-02-01')).toBe(orgA); // before the first event: the first known
    expect(asOf(person.id, '2026-05-09')).toBe(orgA);
    expect(asOf(person.id, '2026-05-10')).toBe(orgB);
    expect(asOf(person.id, '2027-01-01')).toBe(orgB);

    expect(core.ok('people.serviceHistory', { id: person.id })).toMatchObject([
      { organizationName: '阳光家综', post: '社会工作师三级', from: '2026-05-10', to: null, source: 'edit', actorName: expect.any(String) },
      { organizationName: '启航社工', post: '助理社会工作师二级', from: '2026-03-01', to: '2026-05-10', source: 'edit' },
    ]);
    // Each event is logged like every other change.
    expect(core.db.prepare(`SELECT count(*) FROM audit_log WHERE table_name = 'person_post_event'`).pluck().get()).toBe(2);
  });

  it('the form may say when the change took effect: not after today, not before the last change; the history and as-of lookups follow it', () => {
    const idNumber = makeIdNumber();
    const person = core.ok('people.create', { idNumber, name: '陈晓明', organizationId: orgA });
    day = '2026-09-01';
    const fields = { id: person.id, idNumber, name: '陈晓明', organizationId: orgB };
    expect(core.fail('people.update', { ...fields, postChangedOn: '2026-09-02' })).toMatchObject({
      field: 'postChangedOn',
      message: '变更生效日期不能晚于今天',
    });
    expect(core.fail('people.update', { ...fields, postChangedOn: '2026-02-01' })).toMatchObject({
      field: 'postChangedOn',
      message: '变更生效日期不能早于上一次变更（2026-03-01）',
    });
    core.ok('people.update', { ...fields, postChangedOn: '2026-07-01' });
    expect(events(person.id)).toEqual([
      { org: orgA, post: null, on: '2026-03-01', source: 'edit' },
      { org: orgB, post: null, on: '2026-07-01', source: 'edit' },
    ]);
    expect(asOf(person.id, '2026-06-30')).toBe(orgA);
    expect(asOf(person.id, '2026-07-01')).toBe(orgB);
    expect(core.ok('people.serviceHistory', { id: person.id }).map((p) => [p.from, p.to])).toEqual([
      ['2026-07-01', null],
      ['2026-03-01', '2026-07-01'],
    ]);
  });

  it('a refused save writes no event (the same transaction)', () => {
    const person = core.ok('people.create', { idNumber: makeIdNumber(), name: '陈晓明', organizationId: orgA });
    const other = makeIdNumber('442000', '19900101', '125');
    core.ok('people.create', { idNumber: other, name: '李四' });
    core.fail('people.update', { id: person.id, idNumber: other, name: '陈晓明', organizationId: orgB });
    expect(events(person.id)).toHaveLength(1);
  });

  it('a person registered before the history began, without an organization, reads "none" before their first change', () => {
    const person = core.ok('people.create', { idNumber: makeIdNumber(), name: '陈晓明' });
    expect(events(person.id)).toEqual([]);
    expect(asOf(person.id, '2026-03-01')).toBeNull();
    day = '2026-06-01';
    core.ok('people.update', { id: person.id, idNumber: person.idNumber, name: '陈晓明', organizationId: orgB });
    expect(events(person.id)).toEqual([
      { org: null, post: null, on: '2026-03-01', source: 'initial' },
      { org: orgB, post: null, on: '2026-06-01', source: 'edit' },
    ]);
    expect(asOf(person.id, '2026-04-01')).toBeNull();
    expect(asOf(person.id, '2026-06-01')).toBe(orgB);
  });

  it('a person without events (bulk-loaded rows) reads their current organization', () => {
    core.db
      .prepare(
        `INSERT INTO person (id_number, name, sex, birth_date, organization_id, created_at, updated_at) VALUES (?, '王五', 'M', '1990-01-01', ?, 'x', 'x')`,
      )
      .run(makeIdNumber('442000', '19900101', '127'), orgA);
    const id = core.db.prepare(`SELECT id FROM person WHERE name = '王五'`).pluck().get() as number;
    expect(asOf(id, '2020-01-01')).toBe(orgA);
  });

  it('the registry import: new people and changed organizations or posts are events from the import; re-importing the same file adds none', async () => {
    const registered = core.ok('people.create', { idNumber: makeIdNumber(), name: '陈晓明', organizationId: orgA });
    const fresh = makeIdNumber('442000', '19910101', '131');
    day = '2026-04-01';
    const rows = [
      ['陈晓明', registered.idNumber, '阳光家综', '社会工作师三级'],
      ['赵六', fresh, '启航社工', ''],
      ['钱七', makeIdNumber('442000', '19920101', '133'), '', ''],
    ];
    const summary = await importRows(rows);
    expect(summary.counts).toMatchObject({ created: 2, updated: 1 });
    expect(events(registered.id)).toEqual([
      { org: orgA, post: null, on: '2026-03-01', source: 'edit' },
      { org: orgB, post: '社会工作师三级', on: '2026-04-01', source: 'import' },
    ]);
    const freshId = core.db.prepare('SELECT id FROM person WHERE id_number = ?').pluck().get(fresh) as number;
    expect(events(freshId)).toEqual([{ org: orgA, post: null, on: '2026-04-01', source: 'import' }]);
    const without = core.db.prepare(`SELECT id FROM person WHERE name = '钱七'`).pluck().get() as number;
    expect(events(without)).toEqual([]); // neither an organization nor a post: nothing to record

    day = '2026-04-02';
    const again = await importRows(rows);
    expect(again.counts).toMatchObject({ unchanged: 3 });
    expect(core.db.prepare('SELECT count(*) FROM person_post_event').pluck().get()).toBe(3);
    expect(asOf(registered.id, '2026-03-31')).toBe(orgA);
    expect(asOf(registered.id, '2026-04-01')).toBe(orgB);
  });

  it('the registry import: a new person at an organization the import creates gets its event too', async () => {
    const idNumber = makeIdNumber('442000', '19930101', '135');
    await importRows([['孙八', idNumber, '新建社工站', '']], undefined, { createOrganizations: true });
    const personId = core.db.prepare('SELECT id FROM person WHERE id_number = ?').pluck().get(idNumber) as number;
    const created = core.db.prepare(`SELECT id FROM organization WHERE name = '新建社工站'`).pluck().get() as number;
    expect(events(personId)).toEqual([{ org: created, post: null, on: '2026-03-01', source: 'import' }]);
  });
});
