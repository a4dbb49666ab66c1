/**
 * 督导工作 in the annual re-review (issue 22) on real SQLite files: the rule set's per-level
 * minimums (off by default, so rule sets and cycles from before read as before), the facts and the
 * sentence the proposal states, the proposal under rules with and without the minimums, an open
 * cycle unchanged by a later rule change, and a cycle frozen before the minimums existed.
 * Supervision records are written straight into migration 0028's tables, as the record commands would.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { downloadedFile, finishJob, makeIdNumber, openTestCore, TODAY, type TestCore } from '../support/core.ts';
import readXlsxFile from 'read-excel-file/node';
import { readFirstSheet } from '../../core/excel/workbook.ts';
import { fixedClock } from '../../core/clock.ts';
import type { Context } from '../../core/contract.ts';
import { refreshOpenReviewsOfSupervisors } from '../../core/recert/reviews.ts';
import { openExampleDataCore } from '../support/example-data.ts';
import { supervisionFactsOfYear } from '../../db/repos/supervision-review-facts.ts';
import { supervisionFactsByYear } from '../../db/repos/supervision.ts';
import { openCycle } from '../support/recert.ts';

let core: TestCore;
let townId: number;
let levelId: number;
let categoryId: number;
let seq = 100;
beforeEach(async () => {
  core = await openTestCore();
  const city = core.ok('regions.create', { code: '442000', name: '中山市', level: 'city' });
  townId = core.ok('regions.create', { code: '442000001', name: '石岐街道', level: 'town', parentId: city.id }).id;
  levelId = core.ok('supervisors.levels', {}).find((l) => l.name === '中级督导')!.id;
  categoryId = core.ok('bases.lists', {}).courseCategories[0]!.id;
});
afterEach(() => core.close());

const person = (name: string) =>
  core.ok('people.create', { idNumber: makeIdNumber('442000', '19850101', String(seq++)), name, regionId: townId, practiceStart: '2012-01-01' }).id;

/** A 中级督导 with 30 verified hours this year: the training rules pass them. */
function supervisor(name: string) {
  const personId = person(name);
  core.ok('certificates.create', { personId, level: 'social_worker', number: `C${seq}`, issuedOn: '2024-03-01', registrationValidUntil: '2027-02-28' });
  const s = core.ok('supervisors.appoint', {
    personId,
    levelId,
    regionId: townId,
    appointedOn: '2024-01-01',
    validUntil: '2026-12-31',
    overrideReason: '测试',
  });
  const r = core.ok('training.addExternal', { personId, categoryId, hours: 30, earnedOn: '2026-06-01', provider: '省社工师联合会', note: '结业证书' });
  core.ok('training.verifyExternal', { id: r.id });
  return { supervisorId: s.id, personId, name };
}

/** `count` supervisions of `minutes` each in 2026 (evenings, one a day) with the given 督导对象 in turn. */
function giveSupervision(supervisorId: number, subjects: { personId?: number; organizationId?: number }[], count: number, minutes = 120) {
  const now = '2026-11-24T02:00:00.000Z';
  const relationships = subjects.map(
    (s) =>
      core.db
        .prepare(
          `INSERT INTO supervision_relationship (supervisor_id, person_id, organization_id, form, starts_on, created_at, updated_at) VALUES (?, ?, ?, ?, '2025-01-01', ?, ?)`,
        )
        .run(supervisorId, s.personId ?? null, s.organizationId ?? null, s.organizationId ? 'organizational' : 'individual', now, now).lastInsertRowid,
  );
  for (let i = 0; i < count; i++) {
    const day = `2026-${String(1 + (i % 11)).padStart(2, '0')}-${String(1 + Math.floor(i / 11)).padStart(2, '0')}`;
    const end = new Date(Date.parse(`${day}T19:00:00Z`) + minutes * 60_000).toISOString().slice(11, 16);
    const id = core.db
      .prepare(
        `INSERT INTO supervision_record (supervisor_id, starts_at, ends_at, minutes, form, topic, created_at, updated_at, created_by) VALUES (?, ?, ?, ?, 'individual', '个案督导', ?, ?, '测试')`,
      )
      .run(supervisorId, `${day}T19:00`, `${day}T${end}`, minutes, now, now).lastInsertRowid;
    core.db.prepare('INSERT INTO supervision_record_subject (record_id, relationship_id) VALUES (?, ?)').run(id, relationships[i % relationships.length]);
  }
}

/** What the record commands pass to core when they write (h22a's commands call refreshOpenReviewsOfSupervisors). */
const asStaff = (): Context => ({
  db: core.db,
  actor: { id: null, name: '工作人员', role: 'staff' },
  clock: fixedClock(TODAY),
  dataFile: '',
  jobs: undefined as never,
});

/* eslint-disable @typescript-eslint/no-explicit-any -- these scenarios edit the rules' body as loose JSON */
function rulesWith(change: (body: any) => void) {
  const { body } = core.ok('rules.training', {});
  const next = structuredClone(body);
  change(next);
  return core.ok('rules.saveTraining', { body: next, note: '测试修订' });
}
/** Hours decide the training part (no unified training); the supervision minimums of 中级督导 as given. */
const minimums =
  (m: { supervisionHours?: number | null; supervisionSessions?: number | null; supervisionSubjects?: number | null }, remediable = true) =>
  (b: any) => {
    b.review.byLevel = b.review.byLevel.map((r: any) => ({ ...r, unifiedTrainings: 0, yearHours: 24, ...(r.levelId === levelId ? m : {}) }));
    b.review.default = { ...b.review.default, unifiedTrainings: 0, yearHours: 24 };
    b.remediable.supervision = remediable;
  };
/* eslint-enable @typescript-eslint/no-explicit-any */

/** Six people supervised, 14 times 2 hours: 「2026年提供督导 14 次、共 28 小时，督导对象 6 人」. */
function busy() {
  const s = supervisor('甲督导');
  giveSupervision(
    s.supervisorId,
    ['一', '二', '三', '四', '五', '六'].map((n) => ({ personId: person(`对象${n}`) })),
    14,
  );
  return s;
}

/** A cycle's results export (recert.export), read back. */
async function exported(cycleId: number) {
  const job = await finishJob(core, core.ok('recert.export', { cycleId }).jobId);
  return readFirstSheet(downloadedFile(core, job.id).data);
}

describe('supervision in the re-review', () => {
  it('the rule set has no minimums by default: the proposal is what it was, the facts are kept', async () => {
    const rules = core.ok('rules.training', {});
    expect(rules.body.review.byLevel.find((r) => r.levelId === levelId) ?? rules.body.review.default).toMatchObject({
      supervisionHours: null,
      supervisionSessions: null,
      supervisionSubjects: null,
    });
    expect(rules.summary.join('')).not.toMatch(/提供督导|督导对象|督导工作/);
    rulesWith(minimums({}));
    const s = busy();
    const idle = supervisor('乙督导');
    const { id: cycleId } = core.ok('recert.create', { year: 2026 });
    await openCycle(core, cycleId);
    const reviews = core.ok('recert.reviews', { cycleId }).rows;
    expect(reviews.map((r) => [r.personName, r.proposal, r.reasons])).toEqual(
      expect.arrayContaining([
        ['甲督导', 'pass', ['各项要求均已满足']],
        ['乙督导', 'pass', ['各项要求均已满足']],
      ]),
    );
    const facts = (name: string) => reviews.find((r) => r.personName === name)!.facts;
    expect(facts(s.name).supervision).toEqual({ sessions: 14, hours: 28, subjects: 6, requiredHours: null, requiredSessions: null, requiredSubjects: null });
    expect(facts(idle.name).supervision).toMatchObject({ sessions: 0, hours: 0, subjects: 0 });
    expect(facts(s.name).checks.map((c) => c.key)).not.toContain('supervision');
    // The results export: the columns as before.
    expect((await exported(cycleId)).headers).not.toContain('督导次数');
  });

  it('under a minimum: the facts and what is missing in the proposal, 有条件通过 or 不通过 as the rule says', async () => {
    rulesWith(minimums({ supervisionHours: 24 }));
    expect(core.ok('rules.training', {}).summary.join('')).toContain('中级督导：统一培训至少 0 次，年度学时至少 24，年度提供督导至少 24 小时');
    busy();
    const short = supervisor('乙督导');
    const organizationId = core.ok('organizations.create', { name: '石岐家综', kind: 'social_work_agency', regionId: townId }).id;
    giveSupervision(short.supervisorId, [{ personId: person('对象七') }, { organizationId }], 5, 90);
    supervisor('丙督导');

    const { id: cycleId } = core.ok('recert.create', { year: 2026 });
    // The draft's what-if already counts them.
    expect(core.ok('recert.get', { cycleId }).preview.overall).toMatchObject({ pass: 1, conditional: 2, fail: 0 });
    await openCycle(core, cycleId);
    const reviewOf = (name: string) => core.ok('recert.reviews', { cycleId, search: name }).rows[0]!;
    expect(reviewOf('甲督导')).toMatchObject({ proposal: 'pass', reasons: ['各项要求均已满足'] });
    expect(reviewOf('甲督导').facts.checks.find((c) => c.key === 'supervision')).toMatchObject({
      met: true,
      text: '2026年提供督导 14 次、共 28 小时，督导对象 6 人；要求 ≥ 24 小时',
    });
    expect(reviewOf('乙督导')).toMatchObject({
      proposal: 'conditional',
      reasons: ['2026年提供督导 5 次、共 7.5 小时，督导对象 2 人；要求 ≥ 24 小时，尚差 16.5 小时'],
    });
    expect(reviewOf('丙督导')).toMatchObject({ proposal: 'conditional', reasons: ['2026年未提供督导；要求 ≥ 24 小时，尚差 24 小时'] });
    // The review's detail shows the same facts (the dialog lists facts.checks).
    const detail = core.ok('recert.review', { id: reviewOf('乙督导').id });
    expect(detail.facts.checks.map((c) => c.text)).toContain('2026年提供督导 5 次、共 7.5 小时，督导对象 2 人；要求 ≥ 24 小时，尚差 16.5 小时');
  });

  it('the results export carries the supervision facts and what is missing where the frozen rules ask for supervision', async () => {
    busy();
    const short = supervisor('乙督导');
    giveSupervision(short.supervisorId, [{ personId: person('对象七') }], 5, 90);
    supervisor('丙督导');

    rulesWith(minimums({ supervisionHours: 24, supervisionSessions: 12 }));
    const { id: cycleId } = core.ok('recert.create', { year: 2026 });
    await openCycle(core, cycleId);
    // A later rule change does not touch the frozen minimums the export reads.
    rulesWith(minimums({ supervisionHours: null, supervisionSessions: null }));
    const { headers, rows } = await exported(cycleId);
    expect(headers.slice(5, 13)).toEqual(['年度计入学时', '要求学时', '统一培训次数', '督导次数', '督导小时', '督导对象人数', '督导要求', '督导尚差']);
    const byName = Object.fromEntries(rows.map((r) => [r.values[0], r.values.slice(8, 13)]));
    expect(byName).toEqual({
      甲督导: [14, 28, 6, '≥ 24 小时、≥ 12 次', '无'],
      乙督导: [5, 7.5, 1, '≥ 24 小时、≥ 12 次', '16.5 小时、7 次'],
      丙督导: [0, 0, 0, '≥ 24 小时、≥ 12 次', '24 小时、12 次'],
    });
    // The proposal's reasons beside them say the same.
    expect(rows.find((r) => r.values[0] === '乙督导')!.values[headers.indexOf('建议依据')]).toBe(
      '2026年提供督导 5 次、共 7.5 小时，督导对象 1 人；要求 ≥ 24 小时、≥ 12 次，尚差 16.5 小时、7 次',
    );

    // The annual audit workbook's 年度再审核结果 has the same columns, read back by a second reader.
    const job = await finishJob(core, core.ok('audit.annualWorkbook', { year: 2026 }).jobId);
    const sheets = await readXlsxFile(downloadedFile(core, job.id).data);
    const [header, ...audited] = sheets.find((x) => x.sheet === '年度再审核结果')!.data as unknown[][];
    expect(header!.slice(5, 13)).toEqual(headers.slice(5, 13));
    expect(audited.find((r) => r[0] === '乙督导')!.slice(8, 13)).toEqual([5, 7.5, 1, '≥ 24 小时、≥ 12 次', '16.5 小时、7 次']);
  });

  it('not remediable: below the minimum fails; sessions and 督导对象 minimums too', async () => {
    rulesWith(minimums({ supervisionHours: 24, supervisionSessions: 12, supervisionSubjects: 8 }, false));
    busy();
    const { id: cycleId } = core.ok('recert.create', { year: 2026 });
    await openCycle(core, cycleId);
    expect(core.ok('recert.reviews', { cycleId }).rows[0]).toMatchObject({
      proposal: 'fail',
      reasons: ['2026年提供督导 14 次、共 28 小时，督导对象 6 人；要求 ≥ 24 小时、≥ 12 次、督导对象 ≥ 8 人，尚差 督导对象 2 人'],
    });
  });

  it('an open cycle keeps its minimums when the rules change later; new supervision is counted under them', async () => {
    rulesWith(minimums({ supervisionHours: 24 }));
    const s = supervisor('甲督导');
    const subjects = [{ personId: person('对象一') }, { personId: person('对象二') }];
    giveSupervision(s.supervisorId, subjects, 10);
    const { id: cycleId } = core.ok('recert.create', { year: 2026 });
    await openCycle(core, cycleId);
    const version = core.ok('recert.get', { cycleId }).ruleVersion;
    const review = () => core.ok('recert.reviews', { cycleId }).rows[0]!;
    expect(review()).toMatchObject({ proposal: 'conditional', reasons: ['2026年提供督导 10 次、共 20 小时，督导对象 2 人；要求 ≥ 24 小时，尚差 4 小时'] });

    rulesWith(minimums({ supervisionHours: 100, supervisionSubjects: 10 }, false));
    expect(core.ok('recert.get', { cycleId }).ruleVersion).toBe(version);
    expect(review().reasons).toEqual(['2026年提供督导 10 次、共 20 小时，督导对象 2 人；要求 ≥ 24 小时，尚差 4 小时']);

    // Two more supervisions recorded while open: computed again under the frozen minimum (24), not the new one (100).
    giveSupervision(s.supervisorId, [{ personId: person('对象三') }], 2);
    refreshOpenReviewsOfSupervisors(asStaff(), [s.supervisorId]);
    expect(review()).toMatchObject({ proposal: 'pass', reasons: ['各项要求均已满足'] });
    expect(review().facts.supervision).toMatchObject({ sessions: 12, hours: 24, subjects: 3, requiredHours: 24 });
  });

  it('supervision recorded, changed or deleted through the commands while a cycle is open: its review follows', async () => {
    rulesWith(minimums({ supervisionHours: 4 }));
    const s = supervisor('甲督导');
    const { id: cycleId } = core.ok('recert.create', { year: 2026 });
    await openCycle(core, cycleId);
    const review = () => core.ok('recert.reviews', { cycleId }).rows[0]!;
    expect(review().reasons).toEqual(['2026年未提供督导；要求 ≥ 4 小时，尚差 4 小时']);
    const subject = core.ok('supervision.createRelationship', {
      supervisorId: s.supervisorId,
      personId: person('对象一'),
      form: 'individual',
      startsOn: '2026-01-01',
    });
    const fields = { supervisorId: s.supervisorId, form: 'individual' as const, subjectIds: [subject.id], topic: '个案督导' };
    const first = core.ok('supervision.createRecord', { ...fields, startsAt: '2026-03-02T19:00', endsAt: '2026-03-02T21:00' });
    expect(review().reasons).toEqual(['2026年提供督导 1 次、共 2 小时，督导对象 1 人；要求 ≥ 4 小时，尚差 2 小时']);
    const second = core.ok('supervision.createRecord', { ...fields, startsAt: '2026-03-09T19:00', endsAt: '2026-03-09T21:00' });
    expect(review()).toMatchObject({ proposal: 'pass', reasons: ['各项要求均已满足'] });
    core.ok('supervision.updateRecord', { ...fields, id: second.id, version: second.version, startsAt: '2026-03-09T19:00', endsAt: '2026-03-09T20:00' });
    expect(review().reasons).toEqual(['2026年提供督导 2 次、共 3 小时，督导对象 1 人；要求 ≥ 4 小时，尚差 1 小时']);
    core.ok('supervision.deleteRecord', { id: first.id, version: first.version });
    expect(review().facts.supervision).toMatchObject({ sessions: 1, hours: 1 });
  });

  it('a cycle frozen before the minimums existed reads and recomputes exactly as before', async () => {
    const s = supervisor('甲督导');
    rulesWith(minimums({}));
    const { id: cycleId } = core.ok('recert.create', { year: 2026 });
    await openCycle(core, cycleId);
    // As a cycle opened before issue 22 stored it: no supervision keys in its frozen rules.
    const frozen = JSON.parse(core.db.prepare('SELECT frozen_rules FROM recert_cycle WHERE id = ?').pluck().get(cycleId) as string);
    for (const r of [frozen.body.review.default, ...frozen.body.review.byLevel]) {
      delete r.supervisionHours;
      delete r.supervisionSessions;
      delete r.supervisionSubjects;
    }
    delete frozen.body.remediable.supervision;
    core.db.prepare('UPDATE recert_cycle SET frozen_rules = ? WHERE id = ?').run(JSON.stringify(frozen), cycleId);
    const before = core.ok('recert.get', { cycleId });

    rulesWith(minimums({ supervisionHours: 24 }, false));
    giveSupervision(s.supervisorId, [{ personId: person('对象一') }], 1);
    refreshOpenReviewsOfSupervisors(asStaff(), [s.supervisorId]);
    const review = core.ok('recert.reviews', { cycleId }).rows[0]!;
    expect(review).toMatchObject({ proposal: 'pass', reasons: ['各项要求均已满足'] });
    expect(review.facts.checks.map((c) => c.key)).not.toContain('supervision');
    expect(core.ok('recert.get', { cycleId })).toEqual(before);
  });

  it('the generator gives every supervisor 3–10 督导对象 and a year of evening supervision, never overlapping', async () => {
    core.close(); // the example data as 载入示例数据 leaves it, instead of this file's own setup
    core = await openExampleDataCore();
    expect(core.db.prepare('SELECT count(*) FROM supervision_relationship').pluck().get()).toBeGreaterThan(0);
    const perSupervisor = core.db
      .prepare(
        `SELECT s.id, (SELECT count(*) FROM supervision_relationship r WHERE r.supervisor_id = s.id) AS relationships,
                (SELECT count(*) FROM supervision_record r WHERE r.supervisor_id = s.id) AS records
           FROM supervisor s WHERE s.status IN ('active', 'suspended')`,
      )
      .all() as { id: number; relationships: number; records: number }[];
    expect(perSupervisor.length).toBeGreaterThan(10);
    for (const s of perSupervisor) {
      expect(s.relationships).toBeGreaterThanOrEqual(3);
      expect(s.relationships).toBeLessThanOrEqual(10);
      expect(s.records).toBeLessThanOrEqual(30);
    }
    expect(perSupervisor.filter((s) => s.records >= 10).length).toBeGreaterThan(perSupervisor.length / 2);
    // Every record has its 督导对象 among the supervisor's relationships current that day, its minutes from its times, and no two overlap.
    expect(
      core.db
        .prepare(
          `SELECT count(*) FROM supervision_record r
            WHERE NOT EXISTS (SELECT 1 FROM supervision_record_subject x JOIN supervision_relationship rel ON rel.id = x.relationship_id
                               WHERE x.record_id = r.id AND rel.supervisor_id = r.supervisor_id AND rel.starts_on <= substr(r.starts_at, 1, 10)
                                 AND (rel.ends_on IS NULL OR rel.ends_on >= substr(r.starts_at, 1, 10)))
               OR EXISTS (SELECT 1 FROM supervision_record o WHERE o.supervisor_id = r.supervisor_id AND o.id <> r.id AND o.starts_at < r.ends_at AND r.starts_at < o.ends_at)`,
        )
        .pluck()
        .get(),
    ).toBe(0);
    // The re-review's facts (everyone at once, or a few by index) are the figures the audit sheet and coverage read (db/repos/supervision.ts).
    for (const year of [2025, 2026]) {
      const shared = supervisionFactsByYear(core.db, year);
      expect(shared.length).toBeGreaterThan(10);
      const expected = new Map(shared.map((f) => [f.supervisorId, { sessions: f.sessions, minutes: f.minutes, subjects: f.subjects }]));
      expect(supervisionFactsOfYear(core.db, year)).toEqual(expected);
      const few = shared.slice(0, 3).map((f) => f.supervisorId);
      expect(supervisionFactsOfYear(core.db, year, few)).toEqual(new Map(few.map((id) => [id, expected.get(id)])));
    }
    const rows = core.db.prepare('SELECT starts_at, ends_at, minutes FROM supervision_record').raw().all() as [string, string, number][];
    for (const [from, to, minutes] of rows) expect((Date.parse(`${to}:00Z`) - Date.parse(`${from}:00Z`)) / 60_000).toBe(minutes);
  });
});
