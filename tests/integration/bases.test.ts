import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { downloadedFile, finishJob, makeIdNumber, openTestCore, snapshotCounts, type TestCore } from '../support/core.ts';
import { readFirstSheet } from '../../core/excel/workbook.ts';
import type { Actor } from '../../core/permissions.ts';
import type { BaseInput } from '../../core/schemas/bases.ts';

let core: TestCore;
let townId: number;
let orgId: number;
let person: (seq: string, name: string) => { id: number };
beforeEach(async () => {
  core = await openTestCore();
  const city = core.ok('regions.create', { code: '442000', name: '中山市', level: 'city' });
  townId = core.ok('regions.create', { code: '442000001', name: '石岐街道', level: 'town', parentId: city.id }).id;
  orgId = core.ok('organizations.create', { name: '中山市社会工作协会', kind: 'mass_organization' }).id;
  person = (seq, name) => core.ok('people.create', { idNumber: makeIdNumber('442000', '19800101', seq), name });
});
afterEach(() => core.close());

const base = (extra: Partial<BaseInput> = {}): BaseInput => ({
  name: '石岐实训基地',
  organizationId: orgId,
  regionId: townId,
  grade: 'demonstration',
  accreditationStatus: 'accredited',
  accreditedUntil: '2027-12-31',
  ...extra,
});

function refused(name: Parameters<TestCore['fail']>[0], input: unknown, actor?: Actor) {
  const before = snapshotCounts(core);
  const error = core.fail(name, input, actor);
  expect(snapshotCounts(core)).toEqual(before);
  return error;
}

describe('training bases, rooms, mentor pools and courses', () => {
  it('a base with coordinators, rooms, mentors (several pools per person) and courses', () => {
    const coordinator = person('111', '何协调');
    const { base: b } = core.ok('bases.create', base({ capacity: 60, coordinatorIds: [coordinator.id] }));
    core.ok('rooms.create', { baseId: b.id, name: '一号教室', seats: 40 });
    const { serviceFields, courseCategories } = core.ok('bases.lists', {});
    expect(serviceFields.map((f) => f.name)).toContain('禁毒戒毒');
    expect(courseCategories.map((c) => c.name)).toContain('督导实务培训');
    const mentorPerson = person('113', '林导师');
    core.ok('mentors.add', {
      baseId: b.id,
      personId: mentorPerson.id,
      joinedOn: '2025-01-01',
      validUntil: '2027-12-31',
      specialtyIds: [serviceFields[0]!.id, serviceFields[12]!.id],
    });
    const other = core.ok('bases.create', base({ name: '东区实训基地', grade: 'ordinary' })).base;
    core.ok('mentors.add', { baseId: other.id, personId: mentorPerson.id, joinedOn: '2026-01-01' });
    core.ok('courses.create', { baseId: b.id, code: 'DD-01', title: '督导实务入门', categoryId: courseCategories[5]!.id, creditHours: 6, defaultCapacity: 30 });

    const detail = core.ok('bases.get', { id: b.id });
    expect(detail.base).toMatchObject({ organizationName: '中山市社会工作协会', regionName: '石岐街道', rooms: 1, mentors: 1, courses: 1 });
    expect(detail.coordinators).toEqual([{ personId: coordinator.id, name: '何协调' }]);
    expect(detail.mentors[0]).toMatchObject({ personName: '林导师', specialties: ['社会福利', '禁毒戒毒'] });
    expect(detail.courses[0]).toMatchObject({ code: 'DD-01', categoryName: '督导实务培训', creditHours: 6 });
    expect(
      core
        .ok('mentors.ofPerson', { personId: mentorPerson.id })
        .map((m) => m.baseName)
        .sort(),
    ).toEqual(['东区实训基地', '石岐实训基地']);
    expect(core.ok('bases.list', {}).total).toBe(2);
  });

  it('lists bases whose accreditation expires soon', () => {
    core.ok('bases.create', base({ accreditedUntil: '2026-12-31' }));
    core.ok('bases.create', base({ name: '远期基地', accreditedUntil: '2028-06-30' }));
    expect(core.ok('bases.list', { expiringWithinDays: 90 }).rows.map((b) => b.name)).toEqual(['石岐实训基地']);
  });

  it('exports the list as shown: its search, the expiring switch and its sort', async () => {
    const { base: b } = core.ok('bases.create', base({ accreditedUntil: '2026-12-31', capacity: 60 }));
    core.ok('rooms.create', { baseId: b.id, name: '一号教室', seats: 40 });
    core.ok('bases.create', base({ name: '远期基地', grade: 'ordinary', accreditationStatus: 'provisional', accreditedUntil: '2028-06-30' }));
    const exported = async (query: object) => {
      const job = await finishJob(core, core.ok('bases.export', query).jobId);
      expect(job.state).toBe('done');
      const { fileName, data } = downloadedFile(core, job.id);
      return { fileName, ...(await readFirstSheet(data)) };
    };
    const all = await exported({ sortField: 'accreditedUntil', sortDir: 'desc' });
    expect(all.fileName).toBe('实训基地_2026-11-24.xlsx');
    expect(all.headers).toEqual(['基地名称', '依托机构', '所在区划', '等级', '认定状态', '认定有效期至', '地址', '可容纳人数', '教室', '在岗导师', '在用课程']);
    expect(all.rows.map((r) => r.values.slice(0, 6))).toEqual([
      ['远期基地', '中山市社会工作协会', '石岐街道', '普通基地', '试运行', new Date('2028-06-30T00:00:00Z')],
      ['石岐实训基地', '中山市社会工作协会', '石岐街道', '示范基地', '已认定', new Date('2026-12-31T00:00:00Z')],
    ]);
    expect(all.rows[1]!.values.slice(7)).toEqual([60, 1, 0, 0]);
    expect((await exported({ expiringWithinDays: 90 })).rows.map((r) => r.values[0])).toEqual(['石岐实训基地']);
    expect((await exported({ search: '远期' })).rows.map((r) => r.values[0])).toEqual(['远期基地']);
    expect(core.fail('bases.export', { expiringWithinDays: -1 })).toMatchObject({ code: 'VALIDATION', field: 'expiringWithinDays' });
    expect(core.fail('bases.export', { sortField: 'capacity; DROP TABLE training_base' })).toMatchObject({ code: 'VALIDATION', field: 'sortField' });
  });

  it('refuses duplicates, unknown references, bad numbers and dates, writing nothing', () => {
    const { base: b } = core.ok('bases.create', base());
    expect(refused('bases.create', base())).toMatchObject({ code: 'CONFLICT', field: 'name' });
    expect(refused('bases.create', base({ name: '新', organizationId: 999 }))).toMatchObject({ code: 'NOT_FOUND', field: 'organizationId' });
    expect(refused('bases.create', base({ name: '新', accreditedUntil: null }))).toMatchObject({
      field: 'accreditedUntil',
      message: expect.stringContaining('认定有效期'),
    });
    core.ok('rooms.create', { baseId: b.id, name: '一号教室', seats: 40 });
    expect(refused('rooms.create', { baseId: b.id, name: '一号教室', seats: 20 })).toMatchObject({ code: 'CONFLICT', field: 'name' });
    expect(refused('rooms.create', { baseId: b.id, name: '二号教室', seats: 0 })).toMatchObject({ field: 'seats', message: '座位数应为正整数' });
    const p = person('121', '王导师');
    core.ok('mentors.add', { baseId: b.id, personId: p.id, joinedOn: '2025-01-01' });
    expect(refused('mentors.add', { baseId: b.id, personId: p.id, joinedOn: '2025-01-01' })).toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('已在「石岐实训基地」的导师库中'),
    });
    expect(refused('mentors.add', { baseId: b.id, personId: person('123', '赵').id, joinedOn: '2025-01-01', validUntil: '2024-01-01' })).toMatchObject({
      field: 'validUntil',
    });
    const { courseCategories } = core.ok('bases.lists', {});
    core.ok('courses.create', { baseId: b.id, code: 'A1', title: '课程', categoryId: courseCategories[0]!.id, creditHours: 3 });
    expect(refused('courses.create', { baseId: b.id, code: 'A1', title: '课程', categoryId: courseCategories[0]!.id, creditHours: 3 })).toMatchObject({
      code: 'CONFLICT',
      field: 'code',
    });
    expect(refused('courses.create', { baseId: b.id, code: 'A2', title: '课程', categoryId: courseCategories[0]!.id, creditHours: 2.3 })).toMatchObject({
      field: 'creditHours',
      message: '学时以 0.5 为单位',
    });
  });

  it('a coordinator works only on the bases assigned to them', () => {
    const mine = core.ok('bases.create', base()).base;
    const theirs = core.ok('bases.create', base({ name: '别的基地' })).base;
    const coordinator: Actor = { id: 9, name: '协调员', role: 'coordinator', baseIds: [mine.id] };
    expect(core.ok('bases.list', {}, coordinator).rows.map((b) => b.name)).toEqual(['石岐实训基地']);
    expect(core.call('rooms.create', { baseId: mine.id, name: '教室', seats: 10 }, coordinator).ok).toBe(true);
    expect(refused('rooms.create', { baseId: theirs.id, name: '教室', seats: 10 }, coordinator)).toMatchObject({ code: 'FORBIDDEN' });
    expect(refused('bases.get', { id: theirs.id }, coordinator)).toMatchObject({ code: 'FORBIDDEN' });
    expect(refused('bases.create', base({ name: '协调员建的' }), coordinator)).toMatchObject({ code: 'FORBIDDEN' });
    expect(refused('rooms.create', { baseId: mine.id, name: '审计的教室', seats: 10 }, { id: 10, name: '审计', role: 'auditor' })).toMatchObject({
      code: 'FORBIDDEN',
    });
  });
});
