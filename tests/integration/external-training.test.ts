import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeIdNumber, openTestCore, snapshotCounts, TODAY, type TestCore } from '../support/core.ts';

let core: TestCore;
beforeEach(async () => {
  core = await openTestCore();
});
afterEach(() => core.close());

describe('external training (外部培训)', () => {
  it('is entered with provider and evidence, marked as external, counted in the totals, and verified once by staff', () => {
    const person = core.ok('people.create', { idNumber: makeIdNumber(), name: '陈晓明' });
    const [category] = core.ok('bases.lists', {}).courseCategories;
    const input = {
      personId: person.id,
      categoryId: category!.id,
      hours: 6,
      earnedOn: '2026-03-15',
      provider: '广东省社会工作师联合会',
      note: '结业证书编号 GD-2026-0315',
    };
    const record = core.ok('training.addExternal', input);
    expect(record).toMatchObject({
      kind: 'external',
      hours: 6,
      provider: '广东省社会工作师联合会',
      note: '结业证书编号 GD-2026-0315',
      verifiedAt: null,
      sessionId: null,
    });
    const ledger = core.ok('training.ofPerson', { personId: person.id });
    expect(ledger).toMatchObject({ total: 1, totalHours: 6, totals: [{ categoryName: category!.name, hours: 6 }] });

    const verified = core.ok('training.verifyExternal', { id: record.id }, { id: 5, name: '工作人员乙', role: 'staff' });
    expect(verified).toMatchObject({ verifiedBy: '工作人员乙', verifiedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/) });
    expect(core.fail('training.verifyExternal', { id: record.id })).toMatchObject({
      code: 'VALIDATION',
      message: expect.stringContaining('由「工作人员乙」核实'),
    });
    expect(core.fail('training.verifyExternal', { id: 999 })).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('refuses bad input naming the field, and roles that may not write the registry; nothing is stored', () => {
    const person = core.ok('people.create', { idNumber: makeIdNumber(), name: '李四' });
    const [category] = core.ok('bases.lists', {}).courseCategories;
    const good = { personId: person.id, categoryId: category!.id, hours: 3, earnedOn: '2026-05-01', provider: '某培训中心', note: '证书' };
    const before = snapshotCounts(core);
    expect(core.fail('training.addExternal', { ...good, earnedOn: '2099-01-01' })).toMatchObject({ field: 'earnedOn', message: '培训日期不能晚于今天' });
    expect(core.fail('training.addExternal', { ...good, earnedOn: '2026-02-30' })).toMatchObject({ field: 'earnedOn' });
    expect(core.fail('training.addExternal', { ...good, hours: 0 })).toMatchObject({ field: 'hours', message: '学时应大于 0' });
    expect(core.fail('training.addExternal', { ...good, hours: 2.3 })).toMatchObject({ field: 'hours', message: '学时以 0.5 为单位' });
    expect(core.fail('training.addExternal', { ...good, provider: '' })).toMatchObject({ field: 'provider' });
    expect(core.fail('training.addExternal', { ...good, note: '' })).toMatchObject({ field: 'note' });
    expect(core.fail('training.addExternal', { ...good, categoryId: 999 })).toMatchObject({ field: 'categoryId' });
    expect(core.fail('training.addExternal', { ...good, personId: 999 })).toMatchObject({ code: 'NOT_FOUND' });
    for (const role of ['auditor', 'coordinator'] as const) {
      expect(core.fail('training.addExternal', good, { id: 7, name: role, role, baseIds: [] })).toMatchObject({ code: 'FORBIDDEN' });
    }
    expect(snapshotCounts(core)).toEqual(before);
    expect(TODAY < '2099-01-01').toBe(true);
  });

  it('session credits cannot be "verified": only external rows are', () => {
    const city = core.ok('regions.create', { code: '442000', name: '中山市', level: 'city' });
    const org = core.ok('organizations.create', { name: '协会', kind: 'mass_organization' });
    const { courseCategories } = core.ok('bases.lists', {});
    const { base } = core.ok('bases.create', {
      name: '基地',
      organizationId: org.id,
      regionId: city.id,
      grade: 'ordinary',
      accreditationStatus: 'provisional',
      accreditedUntil: '2028-12-31',
    });
    const course = core.ok('courses.create', { baseId: base.id, code: 'K1', title: '课程', categoryId: courseCategories[0]!.id, creditHours: 3 });
    const mentor = core.ok('mentors.add', {
      baseId: base.id,
      personId: core.ok('people.create', { idNumber: makeIdNumber(), name: '导师' }).id,
      joinedOn: '2025-01-01',
    });
    const { session } = core.ok('sessions.create', {
      courseId: course.id,
      startsAt: '2026-11-20T09:00',
      endsAt: '2026-11-20T12:00',
      capacity: 5,
      leadMentorIds: [mentor.id],
    });
    const trainee = core.ok('people.create', { idNumber: makeIdNumber('442000', '19900101', '456'), name: '学员' });
    const { enrolmentId } = core.ok('enrolments.enrol', { sessionId: session.id, personId: trainee.id });
    core.ok('attendance.complete', { sessionId: session.id, marks: [{ enrolmentId, attendance: 'full' }] });
    const [credit] = core.ok('training.ofPerson', { personId: trainee.id }).rows;
    expect(credit).toMatchObject({ kind: 'session', hours: 3 });
    expect(core.fail('training.verifyExternal', { id: credit!.id })).toMatchObject({ message: expect.stringContaining('只有外部培训需要核实') });
  });
});

describe('培训学时 tab: what the total counts (issue 23)', () => {
  it('says 计入 3 / 合计 6 when rows do not count, and 暂不适用 for the window of someone without a certificate or practice start', () => {
    const person = core.ok('people.create', { idNumber: makeIdNumber(), name: '陈晓明' });
    const [category] = core.ok('bases.lists', {}).courseCategories;
    const add = (hours: number, earnedOn: string) =>
      core.ok('training.addExternal', { personId: person.id, categoryId: category!.id, hours, earnedOn, provider: '省社工联合会', note: '结业证书' });
    const verified = add(3, '2026-03-15');
    core.ok('training.verifyExternal', { id: verified.id });
    add(3, '2026-04-15'); // not verified: does not count yet
    const ledger = core.ok('training.ofPerson', { personId: person.id });
    expect(ledger).toMatchObject({ totalHours: 6, countedHours: 3 });
    const byDate = new Map(ledger.rows.map((r) => [r.earnedOn, r]));
    expect(byDate.get('2026-04-15')).toMatchObject({ counted: false, countsToward: '外部培训尚未核实，核实后计入' });
    // Neither certificate nor practice start: the rolling window does not apply to them.
    expect(byDate.get('2026-03-15')).toMatchObject({ counted: true, countsToward: '未持证，不计入登记期；近 5 年要求暂不适用' });
  });
});
