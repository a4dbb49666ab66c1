import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../core/clock.ts';
import { writeWorkbook } from '../../core/excel/workbook.ts';
import { UNMATCHED_LIMIT, UNMATCHED_REFUSED } from '../../core/id-number-lookups.ts';
import { maskIdNumber } from '../../core/pii.ts';
import type { Actor } from '../../core/permissions.ts';
import { finishJob, makeIdNumber, openTestCore, tempDir, TODAY, type TestCore } from '../support/core.ts';
import { jsonField } from '../../db/engine/dialect.ts';

/**
 * The roster preview must not rebuild a masked 身份证号. A coordinator sees 4420**********1238
 * and the birth year 1985; the numbers of 1985 with those first and last four characters are about 33.
 * Pasting them into a roster would tell which one is registered. Without pii.read, the numbers that
 * match nobody are limited per user and hour (persisted), refusals are in the 操作日志, and a matched
 * row answers only the name and the masked number.
 */
let core: TestCore;
let file: string;
let sessionId: number;
let coordinator: Actor;
const staff: Actor = { id: 5, name: '工作人员', role: 'staff' };
const target = makeIdNumber('442000', '19850315', '123');

/** Every valid number of 1985 that shows as the target's mask, the target last (the attacker's worst luck is ours to test). */
function candidates(): string[] {
  const out: string[] = [];
  for (let day = Date.UTC(1985, 0, 1); day < Date.UTC(1986, 0, 1); day += 86_400_000) {
    const n = makeIdNumber('442000', new Date(day).toISOString().slice(0, 10).replaceAll('-', ''), '123');
    if (maskIdNumber(n) === maskIdNumber(target) && n !== target) out.push(n);
  }
  return [...out, target];
}

type Row = { row: number; idNumber: string; personId: number | null; name: string | null; problem: string | null; message: string | null };
async function preview(input: { text?: string; fileBase64?: string }, actor: Actor = coordinator, on = core) {
  const job = await finishJob(on, on.ok('enrolments.rosterPreview', { sessionId, ...input }, actor).jobId, actor);
  return job.state === 'done' ? { rows: (job.result as { rows: Row[] }).rows, error: null } : { rows: null, error: job.error };
}
const refusals = (on = core) =>
  on.db
    .prepare(
      `SELECT count(*) FROM audit_log WHERE table_name = 'id_number_lookup' AND actor_id = ? AND ${jsonField(on.db, 'after_json', 'refused', 'integer')} = 1`,
    )
    .pluck()
    .get(coordinator.id) as number;

let seq = 500;
const person = (name: string, idNumber = makeIdNumber('442000', '19900101', String(seq++))) => ({
  id: core.ok('people.create', { idNumber, name }).id,
  idNumber,
});

beforeEach(async () => {
  file = `${tempDir()}/data.sqlite3`;
  core = await openTestCore(file);
  const city = core.ok('regions.create', { code: '442000', name: '中山市', level: 'city' });
  const org = core.ok('organizations.create', { name: '协会', kind: 'mass_organization' });
  const { courseCategories } = core.ok('bases.lists', {});
  const { base } = core.ok('bases.create', {
    name: '西区基地',
    organizationId: org.id,
    regionId: city.id,
    grade: 'ordinary',
    accreditationStatus: 'accredited',
    accreditedUntil: '2028-12-31',
  });
  const course = core.ok('courses.create', { baseId: base.id, code: 'W-1', title: '个案督导', categoryId: courseCategories[0]!.id, creditHours: 3 });
  const mentor = core.ok('mentors.add', { baseId: base.id, personId: person('林导师').id, joinedOn: '2025-01-01' });
  sessionId = core.ok('sessions.create', {
    courseId: course.id,
    roomId: null,
    startsAt: '2026-12-10T09:00',
    endsAt: '2026-12-10T12:00',
    capacity: 60,
    leadMentorIds: [mentor.id],
  }).session.id;
  coordinator = { id: 77, name: '协调员甲', role: 'coordinator', baseIds: [base.id] };
  person('陈晓明', target);
});
afterEach(() => core.close());

describe('the roster preview as an oracle for a masked 身份证号', () => {
  it('a coordinator trying the ~33 candidates is stopped before finding the match, at once or one by one; each refusal is logged', async () => {
    const all = candidates();
    expect(all.length).toBeGreaterThan(UNMATCHED_LIMIT + 1);
    // All at once: refused whole, nothing of it shown.
    expect(await preview({ text: all.join('\n') })).toEqual({ rows: null, error: UNMATCHED_REFUSED });
    expect(refusals()).toBe(1);
    // Then one by one (a fresh hour for a fresh user): never the match, refused whatever the line holds once over.
    const other = { ...coordinator, id: 78 };
    let answered = 0;
    let refused = 0;
    for (const candidate of all) {
      const { rows, error } = await preview({ text: candidate }, other);
      if (rows) {
        answered++;
        expect(rows[0]!.problem, 'the match was found').toBe('unknown');
      } else {
        refused++;
        expect(error).toBe(UNMATCHED_REFUSED);
      }
    }
    expect(answered).toBe(UNMATCHED_LIMIT);
    expect(refused).toBe(all.length - UNMATCHED_LIMIT);
    expect(
      core.db
        .prepare(
          `SELECT count(*) FROM audit_log WHERE table_name = 'id_number_lookup' AND actor_id = 78 AND ${jsonField(core.db, 'after_json', 'refused', 'integer')} = 1`,
        )
        .pluck()
        .get(),
    ).toBe(refused);
    // Once over the limit, even a roster of registered people waits for the hour: the refusal tells nothing about what was pasted.
    expect((await preview({ text: target }, other)).error).toBe(UNMATCHED_REFUSED);
  });

  it('an .xlsx roster counts the same way', async () => {
    const rows = candidates()
      .slice(0, UNMATCHED_LIMIT + 1)
      .map((n) => ['某人', n]);
    const fileBase64 = (
      await writeWorkbook(
        '名单',
        [
          { header: '姓名', kind: 'text' },
          { header: '身份证号', kind: 'code' },
        ],
        (async function* () {
          yield rows;
        })(),
      )
    ).toString('base64');
    expect(await preview({ fileBase64 })).toEqual({ rows: null, error: UNMATCHED_REFUSED });
    expect(refusals()).toBe(1);
  });

  it('a real roster of registered people (with a few unknown numbers) still enrols; a matched row answers the name and the masked number only', async () => {
    const people = Array.from({ length: 40 }, (_, i) => person(`学员${i}`));
    const unknown = Array.from({ length: 3 }, (_, i) => makeIdNumber('442000', '19920101', String(900 + i)));
    const pasted = [...people.map((p) => p.idNumber), ...unknown];
    const { rows } = await preview({ text: pasted.join('\n') });
    expect(rows!.filter((r) => r.problem === null)).toHaveLength(40);
    expect(rows!.filter((r) => r.problem === 'unknown')).toHaveLength(3);
    for (const r of rows!) expect(Object.keys(r).sort()).toEqual(['idNumber', 'message', 'name', 'personId', 'problem', 'row']);
    expect(rows![0]).toMatchObject({ idNumber: maskIdNumber(people[0]!.idNumber), name: '学员0', problem: null });
    const json = JSON.stringify(rows);
    for (const n of pasted) {
      expect(json).not.toContain(n);
      expect(json).not.toContain(n.slice(4, 14)); // nor the hidden digits in another form
    }
    expect(core.ok('enrolments.bulk', { sessionId, personIds: rows!.filter((r) => r.problem === null).map((r) => r.personId!) }, coordinator)).toEqual({
      enrolled: 40,
      waitlisted: 0,
    });
    // The same roster checked again, the misses counted again but within the hour's allowance.
    expect((await preview({ text: unknown.join('\n') })).rows).toHaveLength(3);
    expect(refusals()).toBe(0);
  });

  it('staff (pii.read) are not limited and see the numbers', async () => {
    const { rows } = await preview({ text: candidates().join('\n') }, staff);
    expect(rows!.filter((r) => r.problem === null).map((r) => r.idNumber)).toEqual([target]);
    expect(core.db.prepare('SELECT count(*) FROM id_number_lookup').pluck().get()).toBe(0);
  });

  it('the limit survives a restart, and lifts when the hour has passed', async () => {
    const all = candidates();
    expect((await preview({ text: all.slice(0, UNMATCHED_LIMIT).join('\n') })).rows).toHaveLength(UNMATCHED_LIMIT);
    core.close();
    core = await openTestCore(file);
    expect((await preview({ text: all[UNMATCHED_LIMIT]! })).error).toBe(UNMATCHED_REFUSED);
    expect((await preview({ text: target })).error).toBe(UNMATCHED_REFUSED);
    expect(refusals()).toBe(2);
    core.close();
    const later = fixedClock(TODAY);
    core = await openTestCore(file, { ...later, now: () => '2026-11-24T09:00:01.000Z' });
    expect((await preview({ text: target })).rows).toMatchObject([{ name: '陈晓明', problem: null }]);
  });
});
