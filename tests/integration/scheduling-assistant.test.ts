import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  finishJob,
  finishJobCountingCpu,
  importingHere,
  makeIdNumber,
  SERVING_CPU_SAYS_WHERE_IMPORTS_RAN,
  openTestCore,
  snapshotCounts,
  type TestCore,
} from '../support/core.ts';
import { IMPORT_IN_WORKER_FROM_BYTES } from '../../core/services/excel.ts';
import type { UnavailabilityImportSummary } from '../../core/excel/unavailability-import.ts';
import type { SessionInput } from '../../core/schemas/sessions.ts';
import { holdWrites, writesHeld } from '../../core/write-gate.ts';

let core: TestCore;
let seq = 100;
const person = (name: string) => core.ok('people.create', { idNumber: makeIdNumber('442000', '19850101', String(seq++)), name });

/** One base with two rooms (30 and 12 seats) and a course; 林导师 and 王导师 in its pool; 林导师 also at a second base. */
let base: { baseId: number; bigRoom: number; smallRoom: number; courseId: number };
let other: { baseId: number; roomId: number; courseId: number };
let lin: { mentorId: number; otherMentorId: number; personId: number };
let wang: { mentorId: number; personId: number };

beforeEach(async () => {
  seq = 100;
  core = await openTestCore();
  const city = core.ok('regions.create', { code: '442000', name: '中山市', level: 'city' });
  const town = core.ok('regions.create', { code: '442000001', name: '石岐街道', level: 'town', parentId: city.id });
  const org = core.ok('organizations.create', { name: '协会', kind: 'mass_organization' });
  const { courseCategories } = core.ok('bases.lists', {});
  const newBase = (name: string) =>
    core.ok('bases.create', {
      name,
      organizationId: org.id,
      regionId: town.id,
      grade: 'ordinary',
      accreditationStatus: 'accredited',
      accreditedUntil: '2028-12-31',
    }).base.id;
  const baseId = newBase('西区基地');
  base = {
    baseId,
    bigRoom: core.ok('rooms.create', { baseId, name: '一号教室', seats: 30 }).id,
    smallRoom: core.ok('rooms.create', { baseId, name: '小会议室', seats: 12 }).id,
    courseId: core.ok('courses.create', { baseId, code: 'W-1', title: '督导技巧', categoryId: courseCategories[5]!.id, creditHours: 3, defaultCapacity: 10 })
      .id,
  };
  const otherId = newBase('东区基地');
  other = {
    baseId: otherId,
    roomId: core.ok('rooms.create', { baseId: otherId, name: '东区教室', seats: 30 }).id,
    courseId: core.ok('courses.create', { baseId: otherId, code: 'E-1', title: '东区课程', categoryId: courseCategories[5]!.id, creditHours: 3 }).id,
  };
  const linPerson = person('林导师');
  lin = {
    personId: linPerson.id,
    mentorId: core.ok('mentors.add', { baseId, personId: linPerson.id, joinedOn: '2025-01-01' }).id,
    otherMentorId: core.ok('mentors.add', { baseId: otherId, personId: linPerson.id, joinedOn: '2025-01-01' }).id,
  };
  const wangPerson = person('王导师');
  wang = { personId: wangPerson.id, mentorId: core.ok('mentors.add', { baseId, personId: wangPerson.id, joinedOn: '2025-01-01' }).id };
});
afterEach(() => core.close());

const session = (startsAt: string, endsAt: string, extra: Partial<SessionInput> = {}): SessionInput => ({
  courseId: base.courseId,
  roomId: base.bigRoom,
  startsAt,
  endsAt,
  capacity: 20,
  leadMentorIds: [lin.mentorId],
  ...extra,
});

describe('mentor unavailability (不可用时间)', () => {
  it('a weekly entry refuses a session of that mentor on that weekday, naming the entry; other days and touching times are fine', () => {
    const added = core.ok('unavailability.add', {
      mentorId: lin.mentorId,
      kind: 'weekly',
      weekday: 2,
      startTime: '14:00',
      endTime: '17:00',
      reason: '机构例会',
    });
    expect(added.row.description).toBe('每周二 14:00–17:00，原因：机构例会');
    // 2026-12-01 is a Tuesday.
    const before = snapshotCounts(core);
    const error = core.fail('sessions.create', session('2026-12-01T15:00', '2026-12-01T16:00'));
    expect(error).toMatchObject({ code: 'CONFLICT', field: 'leadMentorIds' });
    expect(error.message).toBe('导师「林导师」在该时段不可用（不可用时间：每周二 14:00–17:00，原因：机构例会）');
    expect(snapshotCounts(core)).toEqual(before);
    core.ok('sessions.create', session('2026-12-01T09:00', '2026-12-01T14:00'));
    core.ok('sessions.create', session('2026-12-02T15:00', '2026-12-02T16:00'));
    // The person's time is theirs at every base: the other base's session is refused too.
    expect(
      core.fail('sessions.create', {
        ...session('2026-12-08T14:30', '2026-12-08T15:00'),
        courseId: other.courseId,
        roomId: other.roomId,
        leadMentorIds: [lin.otherMentorId],
      }),
    ).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('每周二 14:00–17:00') });
  });

  it('a weekly entry applies only within its dates; a one-off entry refuses what overlaps it, also as an assistant and on reschedule', () => {
    core.ok('unavailability.add', {
      mentorId: lin.mentorId,
      kind: 'weekly',
      weekday: 2,
      startTime: '09:00',
      endTime: '12:00',
      validFrom: '2026-12-08',
      validUntil: '2026-12-15',
    });
    core.ok('sessions.create', session('2026-12-01T09:00', '2026-12-01T12:00'));
    expect(core.fail('sessions.create', session('2026-12-08T09:00', '2026-12-08T12:00'))).toMatchObject({ code: 'CONFLICT' });
    core.ok('sessions.create', session('2026-12-22T09:00', '2026-12-22T12:00'));
    core.ok('unavailability.add', { mentorId: lin.mentorId, kind: 'once', startsAt: '2026-12-03 13:00', endsAt: '2026-12-04 12:00', reason: '外出' });
    expect(
      core.fail('sessions.create', session('2026-12-04T08:00', '2026-12-04T10:00', { leadMentorIds: [wang.mentorId], assistantMentorIds: [lin.mentorId] })),
    ).toMatchObject({
      code: 'CONFLICT',
      field: 'assistantMentorIds',
      message: '导师「林导师」在该时段不可用（不可用时间：2026-12-03 13:00–2026-12-04 12:00，原因：外出）',
    });
    const later = core.ok('sessions.create', session('2026-12-04T12:00', '2026-12-04T14:00'));
    expect(core.fail('sessions.reschedule', { id: later.session.id, startsAt: '2026-12-04T11:00', endsAt: '2026-12-04T13:00' })).toMatchObject({
      code: 'CONFLICT',
    });
  });

  it('is listed on the mentor, audited, refused when stale on removal, and removing it frees the time; adding names the sessions it covers', () => {
    const taught = core.ok('sessions.create', session('2026-12-10T09:00', '2026-12-10T12:00'));
    const added = core.ok('unavailability.add', { mentorId: lin.mentorId, kind: 'weekly', weekday: 4, startTime: '08:00', endTime: '18:00' });
    expect(added.clashingSessions).toEqual([{ id: taught.session.id, description: '「W-1 督导技巧」（西区基地，2026-12-10 09:00–12:00）' }]);
    const list = core.ok('unavailability.ofMentor', { mentorId: lin.otherMentorId });
    expect(list).toMatchObject({ personName: '林导师', rows: [{ kind: 'weekly', weekday: 4, baseName: '西区基地', source: 'manual', version: 1 }] });
    const logged = core.db.prepare(`SELECT count(*) FROM audit_log WHERE table_name = 'mentor_unavailability'`).pluck().get();
    expect(logged).toBe(1);
    core.db.prepare('UPDATE mentor_unavailability SET version = version + 1, reason = ? WHERE id = ?').run('改过', added.row.id);
    expect(core.fail('unavailability.remove', { id: added.row.id, version: 1 })).toMatchObject({ code: 'CONFLICT' });
    core.ok('unavailability.remove', { id: added.row.id, version: 2 });
    expect(core.ok('unavailability.ofMentor', { mentorId: lin.mentorId }).rows).toEqual([]);
    core.ok('sessions.create', session('2026-12-17T09:00', '2026-12-17T12:00'));
  });

  it('refuses an entry without its times, with the field named', () => {
    expect(core.fail('unavailability.add', { mentorId: lin.mentorId, kind: 'weekly', startTime: '14:00', endTime: '13:00' })).toMatchObject({
      code: 'VALIDATION',
    });
    expect(core.fail('unavailability.add', { mentorId: lin.mentorId, kind: 'once', startsAt: '2026-12-01 10:00' })).toMatchObject({ field: 'endsAt' });
  });
});

describe('scheduling assistant (sessions.findSlots)', () => {
  const find = (extra: object = {}) =>
    core.ok('sessions.findSlots', { courseId: base.courseId, from: '2026-12-01', to: '2026-12-28', durationMinutes: 180, ...extra });

  it('proposes slots in working hours first, each confirmed by the save; a chosen slot saves', () => {
    const { slots, capacity } = find();
    expect(capacity).toBe(10);
    expect(slots.length).toBeGreaterThan(5);
    expect(slots[0]!.fit[0]).toContain('在工作时间');
    // The smallest room with enough seats is preferred.
    expect(slots[0]!.roomName).toBe('小会议室');
    const s = slots[0]!;
    core.ok('sessions.create', { ...session(s.startsAt, s.endsAt), roomId: s.roomId, capacity, leadMentorIds: [s.mentorId] });
  });

  it('avoids a named mentor’s unavailability and sessions, and says which conflicts it avoids', () => {
    core.ok('unavailability.add', { mentorId: lin.mentorId, kind: 'weekly', weekday: 2, startTime: '08:00', endTime: '21:00' });
    core.ok('sessions.create', {
      ...session('2026-12-02T09:00', '2026-12-02T12:00'),
      courseId: other.courseId,
      roomId: other.roomId,
      leadMentorIds: [lin.otherMentorId],
    });
    const { slots } = find({ mentorId: lin.mentorId, from: '2026-12-01', to: '2026-12-02' });
    expect(slots.length).toBeGreaterThan(0);
    for (const s of slots) {
      expect(s.startsAt.slice(0, 10)).toBe('2026-12-02');
      expect(s.startsAt >= '2026-12-02T12:00' || s.endsAt <= '2026-12-02T09:00').toBe(true);
      expect(s.mentorName).toBe('林导师');
    }
    expect(slots[0]!.avoids.join('；')).toContain('东区课程');
  });

  it('when every room is booked all day nothing is proposed, and says why', () => {
    for (const roomId of [base.bigRoom, base.smallRoom]) {
      core.ok(
        'sessions.create',
        session('2026-12-01T08:00', '2026-12-01T21:00', { roomId, leadMentorIds: [roomId === base.bigRoom ? lin.mentorId : wang.mentorId], capacity: 5 }),
      );
    }
    expect(find({ from: '2026-12-01', to: '2026-12-01' })).toMatchObject({ slots: [], note: expect.stringContaining('没有空闲时段') });
    expect(find({ capacity: 31 })).toMatchObject({ slots: [], note: '本基地没有座位数不少于 31 的教室' });
    expect(
      core.fail('sessions.findSlots', { baseId: other.baseId, courseId: base.courseId, from: '2026-12-01', to: '2026-12-28', durationMinutes: 180 }),
    ).toMatchObject({
      field: 'courseId',
      message: '课程「督导技巧」不是所选基地的课程',
    });
  });
});

describe('recurring series (sessions.checkSeries / createSeries)', () => {
  const weeks = (n: number, from = 1) =>
    Array.from({ length: n }, (_v, i) => {
      const day = String(from + 7 * i).padStart(2, '0');
      return { startsAt: `2026-12-${day}T14:00`, endsAt: `2026-12-${day}T17:00` };
    });
  const series = (occurrences: { startsAt: string; endsAt: string }[]) => ({
    courseId: base.courseId,
    roomId: base.bigRoom,
    capacity: 20,
    leadMentorIds: [lin.mentorId],
    occurrences,
  });

  it('checks every occurrence at once, shows each one’s conflicts; one refusal saves nothing; moving that one saves all', () => {
    // The third Tuesday clashes: the room is taken then.
    core.ok('sessions.create', session('2026-12-15T13:00', '2026-12-15T15:00', { leadMentorIds: [wang.mentorId] }));
    const occurrences = [...weeks(4, 1), ...weeks(1, 29).map((o) => ({ startsAt: o.startsAt.replace('2026-12-29', '2026-12-29'), endsAt: o.endsAt }))];
    const six = [...occurrences, { startsAt: '2027-01-05T14:00', endsAt: '2027-01-05T17:00' }];
    const checked = core.ok('sessions.checkSeries', series(six));
    expect(checked.ok).toBe(false);
    expect(checked.occurrences.map((o) => o.problems.length)).toEqual([0, 0, 1, 0, 0, 0]);
    expect(checked.occurrences[2]!.problems[0]).toMatchObject({ field: 'roomId', message: expect.stringContaining('一号教室') });

    const before = snapshotCounts(core);
    const error = core.fail('sessions.createSeries', series(six));
    expect(error.message).toMatch(/^第 3 次（2026-12-15 14:00–17:00）：教室「一号教室」.*整个系列未保存/);
    expect(snapshotCounts(core)).toEqual(before);

    six[2] = { startsAt: '2026-12-16T14:00', endsAt: '2026-12-16T17:00' };
    expect(core.ok('sessions.checkSeries', series(six)).ok).toBe(true);
    const { ids } = core.ok('sessions.createSeries', series(six));
    expect(ids).toHaveLength(6);
    expect(core.ok('sessions.list', { pageSize: 100 }).total).toBe(7);
  });

  it('shows all of an occurrence’s conflicts, and occurrences of the series that overlap each other', () => {
    core.ok('unavailability.add', { mentorId: lin.mentorId, kind: 'once', startsAt: '2026-12-01 08:00', endsAt: '2026-12-01 20:00' });
    core.ok('sessions.create', session('2026-12-01T13:00', '2026-12-01T15:00', { leadMentorIds: [wang.mentorId] }));
    const checked = core.ok(
      'sessions.checkSeries',
      series([...weeks(1), { startsAt: '2026-12-08T14:00', endsAt: '2026-12-08T17:00' }, { startsAt: '2026-12-08T16:00', endsAt: '2026-12-08T18:00' }]),
    );
    expect(checked.occurrences[0]!.problems.map((p) => p.field)).toEqual(['roomId', 'leadMentorIds']);
    expect(checked.occurrences[1]!.problems[0]!.message).toBe('与本系列第 3 次（2026-12-08 16:00–18:00）时间重叠');
    expect(
      core.fail(
        'sessions.createSeries',
        series([
          { startsAt: '2026-12-08T14:00', endsAt: '2026-12-08T17:00' },
          { startsAt: '2026-12-08T16:00', endsAt: '2026-12-08T18:00' },
        ]),
      ).message,
    ).toMatch(/^第 2 次/);
    expect(core.ok('sessions.list', {}).total).toBe(1);
  });
});

describe('导入不可用时间 (the shared import machinery)', () => {
  async function workbook(
    rows: unknown[][],
    headers = ['导师姓名', '身份证号', '星期', '开始时间', '结束时间', '起始日期', '截止日期', '事由'],
  ): Promise<string> {
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('不可用时间');
    sheet.addRow(['2027 年上半年导师不可用时间']); // a title above the headers
    sheet.addRow(headers);
    for (const row of rows) sheet.addRow(row);
    return Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
  }
  async function run(mode: 'importPreview' | 'importCommit', base64: string, extra: { onlyValidRows?: boolean } = {}) {
    const { jobId } = core.ok(`unavailability.${mode}`, { baseId: base.baseId, fileName: '不可用时间.xlsx', base64, ...extra });
    const status = await finishJob(core, jobId);
    if (status.state !== 'done') throw new Error(`job ${status.state}: ${status.error}`);
    return status.result as UnavailabilityImportSummary;
  }
  const linId = () => core.ok('people.get', { id: lin.personId }).person.idNumber;
  const stranger = () => core.ok('people.create', { idNumber: makeIdNumber('442000', '19700101', '555'), name: '外人' }).idNumber;

  it('previews every row with its reasons, refuses all when one row is refused, imports the valid rows on request, and a second import adds nothing', async () => {
    const rows = [
      ['林导师', linId(), '周二', '14:00', new Date(Date.UTC(1899, 11, 30, 17, 0)), '2027-01-01', '2027-06-30', '机构例会'],
      ['林导师', linId(), '', new Date(Date.UTC(2026, 11, 3, 13, 0)), '2026-12-04 12:00', '', '', '外出'],
      ['林导师', linId(), '星期二', '14:00', '17:00', '2027-01-01', '2027-06-30', '重复'],
      ['王导师', linId(), '周八', '14:00', '13:00', '', '', ''],
      ['外人', stranger(), '', '2026-12-05', '', '', '', ''],
    ];
    const base64 = await workbook(rows);
    const counts = snapshotCounts(core);
    const preview = await run('importPreview', base64);
    expect(preview.counts).toMatchObject({ created: 2, unchanged: 0, skipped: 1, refused: 2 });
    expect(preview.columns.map((c) => c.field)).toEqual(['name', 'idNumber', 'weekday', 'starts', 'ends', 'validFrom', 'validUntil', 'reason']);
    expect(preview.samples.skipped[0]!.notes).toEqual(['与第 3 行的时间相同，只登记一次']);
    const [wrong, outsider] = preview.samples.refused;
    expect(wrong!.problems!.map((p) => p.column)).toEqual(['导师姓名', '星期', '结束时间']);
    expect(wrong!.problems![1]!.reason).toBe('无法识别的星期「周八」：可填 周一 至 周日');
    expect(outsider!.problems!.map((p) => p.reason)).toEqual([
      expect.stringContaining('不在本基地的导师库中'),
      '开始时间「2026-12-05」应为如 2026-12-01 09:00 的日期时间（每周固定的请填写“星期”）',
      '请填写结束时间',
    ]);
    expect(snapshotCounts(core)).toEqual(counts); // a preview writes nothing

    const blocked = await run('importCommit', base64);
    expect(blocked).toMatchObject({ blocked: true, written: 0 });
    expect(snapshotCounts(core)).toEqual(counts); // all or nothing

    expect(await run('importCommit', base64, { onlyValidRows: true })).toMatchObject({ blocked: false, written: 2 });
    const listed = core.ok('unavailability.ofMentor', { mentorId: lin.mentorId }).rows;
    expect(listed.map((r) => [r.description, r.source])).toEqual([
      ['2026-12-03 13:00–2026-12-04 12:00，原因：外出', 'import'],
      ['每周二 14:00–17:00（2027-01-01 至 2027-06-30），原因：机构例会', 'import'],
    ]);
    // Imported entries hold the mentor's time like typed ones.
    expect(core.fail('sessions.create', session('2027-01-05T15:00', '2027-01-05T16:00'))).toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('机构例会'),
    });
    const again = await run('importPreview', base64);
    expect(again.counts).toMatchObject({ created: 0, unchanged: 2 });
  });
});

describe('导入不可用时间 of a large workbook, in a worker thread', () => {
  it("previews and commits as on the serving thread, its CPU there a small part of the import, as the caller's one operation", async () => {
    const linId = core.ok('people.get', { id: lin.personId }).person.idNumber;
    /**
     * Rows enough for the serving thread's CPU to say where the import ran (on SQLite); on PostgreSQL only the results are
     * compared, and its round trips per row made 4,000 rows cost over a minute on a loaded machine: above the worker's 16 KB.
     */
    const ROWS = SERVING_CPU_SAYS_WHERE_IMPORTS_RAN ? 4000 : 600;
    /** `ROWS` mornings away, one a day from the `first` day on. */
    const mornings = async (first: number) => {
      const wb = new ExcelJS.Workbook();
      const sheet = wb.addWorksheet('不可用时间');
      sheet.addRow(['导师姓名', '身份证号', '开始时间', '结束时间', '事由']);
      for (let i = 0; i < ROWS; i++) {
        const day = new Date(Date.UTC(2027, 0, 1) + (first + i) * 86_400_000).toISOString().slice(0, 10);
        sheet.addRow(['林导师', linId, `${day} 09:00`, `${day} 12:00`, `第${i + 1}次外出`]);
      }
      return Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
    };
    const [first, second] = [await mornings(0), await mornings(ROWS)];
    expect(Buffer.from(first, 'base64').byteLength).toBeGreaterThanOrEqual(IMPORT_IN_WORKER_FROM_BYTES); // large enough for the worker
    const start = (mode: 'importPreview' | 'importCommit', base64: string) => () =>
      core.ok(`unavailability.${mode}`, { baseId: base.baseId, fileName: '不可用时间.xlsx', base64 });

    const previewHere = await importingHere(() => finishJobCountingCpu(core, start('importPreview', first)));
    const preview = await finishJobCountingCpu(core, start('importPreview', first));
    expect(preview.status.state, preview.status.error ?? '').toBe('done');
    expect(preview.status.result).toEqual(previewHere.status.result);
    expect((preview.status.result as UnavailabilityImportSummary).counts).toMatchObject({ created: ROWS, refused: 0 });

    const commitHere = await importingHere(() => finishJobCountingCpu(core, start('importCommit', second)));
    const commit = await finishJobCountingCpu(core, start('importCommit', first));
    const figures = (label: string, { cpuMs, otherThreadsCpuMs }: { cpuMs: number; otherThreadsCpuMs: number }) =>
      `${label} ${Math.round(cpuMs)} ms (other threads ${Math.round(otherThreadsCpuMs)} ms)`;
    console.log(
      `[thread] 导入不可用时间 of ${ROWS.toLocaleString('en')} rows, the serving thread's CPU: ${[
        figures('preview here', previewHere),
        figures('in the worker', preview),
        figures('commit here', commitHere),
        figures('in the worker', commit),
      ].join(', ')}`,
    );
    expect(commit.status.state, commit.status.error ?? '').toBe('done');
    const summary = ({ counts, written, blocked }: UnavailabilityImportSummary) => ({ counts, written, blocked });
    expect(summary(commit.status.result as UnavailabilityImportSummary)).toEqual(summary(commitHere.status.result as UnavailabilityImportSummary));
    expect((commit.status.result as UnavailabilityImportSummary).written).toBe(ROWS);
    expect(core.db.prepare('SELECT count(*) FROM mentor_unavailability WHERE person_id = ?').pluck().get(lin.personId)).toBe(2 * ROWS);
    const operations = core.db.prepare('SELECT DISTINCT operation FROM audit_log WHERE id > (SELECT max(id) - 10 FROM audit_log)').pluck().all();
    expect(operations).toContain('unavailability.importCommit');
    // CPU time, not wall time; on SQLite only (SERVING_CPU_SAYS_WHERE_IMPORTS_RAN). The check is light (~0.5 s here for 4,000 rows,
    // the serving thread's time for following a slow job a good part of it on a loaded machine), so what is asserted is where the
    // CPU went: in the worker's jobs to another thread (core's modules loaded there, the file read, checked and written: 2–3 s),
    // the serving thread's a small part of it; here mostly to the serving thread.
    if (SERVING_CPU_SAYS_WHERE_IMPORTS_RAN) {
      for (const job of [preview, commit]) expect(job.cpuMs).toBeLessThan(job.otherThreadsCpuMs / 5);
      for (const job of [previewHere, commitHere]) expect(job.cpuMs).toBeGreaterThan(job.otherThreadsCpuMs / 5);
    }
    expect(((await finishJob(core, start('importPreview', first)().jobId)).result as UnavailabilityImportSummary).counts).toMatchObject({
      created: 0,
      unchanged: ROWS,
    });
  }, 180_000);

  it('checks every row again at the publish: a mentor renamed meanwhile refuses the whole commit, a time recorded meanwhile is not written twice', async () => {
    const [linId, wangId] = [lin, wang].map((m) => core.ok('people.get', { id: m.personId }).person.idNumber);
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('不可用时间');
    sheet.addRow(['导师姓名', '身份证号', '开始时间', '结束时间', '事由']);
    sheet.addRow(['王导师', wangId, '2027-01-01 09:00', '2027-01-01 12:00', '外出']);
    const LIN_ROWS = 450; // the smallest round size over IMPORT_IN_WORKER_FROM_BYTES, with margin
    for (let i = 0; i < LIN_ROWS; i++) {
      const day = new Date(Date.UTC(2027, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
      sheet.addRow(['林导师', linId, `${day} 09:00`, `${day} 12:00`, `第${i + 1}次外出`]);
    }
    const base64 = Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
    expect(Buffer.from(base64, 'base64').byteLength).toBeGreaterThanOrEqual(IMPORT_IN_WORKER_FROM_BYTES); // checked in the worker while the gate is held
    const commit = async (onlyValidRows: boolean, meanwhile: () => void) => {
      // Another save holds the gate: the worker checks every row, then waits to publish; meanwhile others change the data.
      const release = await holdWrites();
      const { jobId } = core.ok('unavailability.importCommit', { baseId: base.baseId, fileName: '不可用时间.xlsx', base64, onlyValidRows });
      const checked = () => core.ok('jobs.status', { id: jobId }).phase === '校验完成';
      for (let i = 0; i < 2_000 && !checked(); i++) await new Promise((r) => setTimeout(r, 50));
      expect(checked()).toBe(true);
      meanwhile();
      release();
      const status = await finishJob(core, jobId);
      expect(status.state, status.error ?? '').toBe('done');
      return status.result as UnavailabilityImportSummary;
    };

    const wangNow = core.ok('people.get', { id: wang.personId }).person;
    const blocked = await commit(false, () => {
      core.ok('people.update', { id: wang.personId, idNumber: wangNow.idNumber, name: '王导师（已更名）', version: wangNow.version });
      core.ok('unavailability.add', { mentorId: lin.mentorId, kind: 'once', startsAt: '2027-01-01 09:00', endsAt: '2027-01-01 12:00', reason: '另行登记' });
    });
    expect(blocked).toMatchObject({ blocked: true, written: 0, counts: { created: LIN_ROWS - 1, unchanged: 1, refused: 1 } });
    expect(blocked.samples.refused[0]!.problems).toEqual([{ column: '导师姓名', reason: '姓名「王导师」与该身份证号登记的「王导师（已更名）」不符' }]);
    expect(core.db.prepare('SELECT count(*) FROM mentor_unavailability').pluck().get()).toBe(1); // all or nothing: only the time added meanwhile

    const linEntries = () => core.ok('unavailability.ofMentor', { mentorId: lin.mentorId }).rows.length;
    const partial = await commit(true, () => {
      core.ok('unavailability.add', { mentorId: lin.mentorId, kind: 'once', startsAt: '2027-01-02 09:00', endsAt: '2027-01-02 12:00', reason: '另行登记' });
    });
    expect(partial).toMatchObject({ blocked: false, written: LIN_ROWS - 2, counts: { created: LIN_ROWS - 2, unchanged: 2, refused: 1 } });
    expect(linEntries()).toBe(LIN_ROWS);
    expect(writesHeld()).toBe(false);
  }, 180_000);
});
