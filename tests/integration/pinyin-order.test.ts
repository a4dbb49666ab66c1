import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFirstSheet } from '../../core/excel/workbook.ts';
import { downloadedFile, finishJob, makeIdNumber, openTestCore, type TestCore } from '../support/core.ts';

/** In pinyin order (surnames read as surnames: 单 shan, 曾 zeng); given below in character-code order. */
const PINYIN_ORDER = ['陈晓明', '丁一', '黄小燕', '李伟强', '单雄', '曾志伟'];
const CODE_ORDER = [...PINYIN_ORDER].sort();

let core: TestCore;
let seq = 100;
const person = (name: string) => core.ok('people.create', { idNumber: makeIdNumber('442000', '19850101', String(seq++)), name });

beforeEach(async () => {
  seq = 100;
  core = await openTestCore();
});
afterEach(() => core.close());

describe('people’s names sort by pinyin (黄小燕 before 李伟强), on screen and in exports', () => {
  it('a session’s roster, its export and its mentors', async () => {
    expect(CODE_ORDER).not.toEqual(PINYIN_ORDER); // the order users saw before
    const city = core.ok('regions.create', { code: '442000', name: '中山市', level: 'city' });
    const town = core.ok('regions.create', { code: '442000001', name: '石岐街道', level: 'town', parentId: city.id });
    const org = core.ok('organizations.create', { name: '协会', kind: 'mass_organization' });
    const { courseCategories } = core.ok('bases.lists', {});
    const { base } = core.ok('bases.create', {
      name: '石岐基地',
      organizationId: org.id,
      regionId: town.id,
      grade: 'ordinary',
      accreditationStatus: 'accredited',
      accreditedUntil: '2028-12-31',
    });
    const room = core.ok('rooms.create', { baseId: base.id, name: '一号教室', seats: 30 });
    const course = core.ok('courses.create', { baseId: base.id, code: 'S-1', title: '个案工作', categoryId: courseCategories[0]!.id, creditHours: 3 });
    const mentors = ['李导师', '黄导师'].map((name) => core.ok('mentors.add', { baseId: base.id, personId: person(name).id, joinedOn: '2025-01-01' }).id);
    const { session } = core.ok('sessions.create', {
      courseId: course.id,
      roomId: room.id,
      startsAt: '2026-12-10T09:00',
      endsAt: '2026-12-10T12:00',
      capacity: 20,
      leadMentorIds: mentors,
    });
    for (const name of CODE_ORDER) core.ok('enrolments.enrol', { sessionId: session.id, personId: person(name).id });

    const detail = core.ok('sessions.get', { id: session.id });
    expect(detail.enrolments.map((e) => e.name)).toEqual(PINYIN_ORDER);
    expect(detail.session.mentors.map((m) => m.name)).toEqual(['黄导师', '李导师']);

    const job = await finishJob(core, core.ok('enrolments.export', { sessionId: session.id }).jobId);
    const sheet = await readFirstSheet(downloadedFile(core, job.id).data);
    const nameColumn = sheet.headers.indexOf('姓名');
    expect(sheet.rows.map((r) => r.values[nameColumn])).toEqual(PINYIN_ORDER);
  });

  it('the people list and the 学时达标 list sorted by name', () => {
    for (const name of CODE_ORDER) person(name);
    const people = core.ok('people.list', { sortField: 'name', sortDir: 'asc' }).rows.map((p) => p.name);
    expect(people).toEqual(PINYIN_ORDER);
    expect(core.ok('people.list', { sortField: 'name', sortDir: 'desc' }).rows.map((p) => p.name)).toEqual([...PINYIN_ORDER].reverse());
    const compliance = core.ok('compliance.list', { sortField: 'personName', sortDir: 'asc' }).rows.map((r) => r.personName);
    expect(compliance).toEqual(PINYIN_ORDER);
  });

  it('the 用户 list sorted by 姓名, both ways and page by page', () => {
    for (const [i, displayName] of CODE_ORDER.entries()) core.ok('users.create', { username: `user${i}`, displayName, role: 'staff', password: 'password-1' });
    const page = (pageIndex: number, sortDir: 'asc' | 'desc') =>
      core.ok('users.list', { page: pageIndex, pageSize: 4, sortField: 'displayName', sortDir }).rows.map((u) => u.displayName);
    const names = [...page(0, 'asc'), ...page(1, 'asc')].filter((n) => PINYIN_ORDER.includes(n));
    expect(names).toEqual(PINYIN_ORDER);
    expect([...page(0, 'desc'), ...page(1, 'desc')].filter((n) => PINYIN_ORDER.includes(n))).toEqual([...PINYIN_ORDER].reverse());
    const unsorted = core.ok('users.list', { page: 0, pageSize: 100, sortDir: 'asc' });
    expect(core.ok('users.list', { page: 0, pageSize: 4, sortField: 'displayName', sortDir: 'asc' }).total).toBe(unsorted.total);
  });
});
