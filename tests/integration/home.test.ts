/**
 * 工作台 on generated example data: every item's count is what its list shows with the item's filter
 * (called through the list's own operation, as the screen it opens does), each role sees its own, and
 * the charts add up to the ledger, sessions, register and coverage they summarise.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { downloadedFile, finishJob, openSecondConnection, openTestCore, TODAY, type TestCore } from '../support/core.ts';
import { openExampleDataCore } from '../support/example-data.ts';
import { readFirstSheet } from '../../core/excel/workbook.ts';
import { chartComputations, chartsLanded, chartsOptions } from '../../core/home/charts.ts';
import { creditedInYear, ledgerRefreshes, ledgerSumLanded, ledgerSumOptions } from '../../core/home/ledger-cache.ts';
import { withAuditContext, withBulkInsertAudit } from '../../db/audit.ts';
import { weekOf } from '../../core/home/period.ts';
import { keptCountComputations } from '../../core/home/kept-counts.ts';
import type { Actor } from '../../core/permissions.ts';
import { sessionOpenForEnrolment } from '../../domain/index.ts';
import type { HomeItem as Item } from '../../core/home/items.ts';
import { openCycle } from '../support/recert.ts';

const staff: Actor = { id: 5, name: '业务人员', role: 'staff' };
const auditor: Actor = { id: 6, name: '审计', role: 'auditor' };

let core: TestCore;
beforeAll(async () => {
  core = await openExampleDataCore();
  // One registration that ended this month (the example data has none): the person's only certificate.
  core.db
    .prepare(
      `UPDATE certificate SET registration_valid_until = '2026-11-10'
       WHERE id = (SELECT min(id) FROM certificate c WHERE (SELECT count(*) FROM certificate o WHERE o.person_id = c.person_id) = 1)`,
    )
    .run();
}, 120_000);
afterAll(() => core.close());

/** The count the list an item opens shows, asked through that list's operation with the item's filter. */
function listCount(item: Item, actor: Actor): number {
  const q = item.query ?? {};
  const paged = { page: 0, pageSize: 1 };
  switch (item.key) {
    case 'certificatesWindow':
    case 'certificatesExpiredThisMonth':
      return core.ok('certificates.expiring', { ...paged, status: q.status as 'window' | 'expiredThisMonth' }, actor).total;
    case 'supervisorsEnding':
    case 'activeSupervisors':
      return core.ok('supervisors.list', { ...paged, status: 'active', endingWithinDays: q.endingWithinDays as number | undefined }, actor).total;
    case 'townsShort':
      return core.ok('coverage.list', { ...paged, onlyShort: q.onlyShort as boolean }, actor).total;
    case 'attendanceDue':
      return core.ok('sessions.list', { ...paged, attendanceDue: true }, actor).total;
    case 'sessionsThisWeek':
    case 'sessionsHeld':
      return core.ok(
        'sessions.list',
        { ...paged, from: q.from as string, to: q.to as string, statuses: String(q.statuses).split(',') as ('completed' | 'planned')[] },
        actor,
      ).total;
    case 'rostersOpen':
      return core.ok('sessions.list', { ...paged, openSeats: true }, actor).total;
    case 'evaluationsToReview':
    case 'evaluationsReviewed':
      return core.ok('evaluations.ranking', { year: q.year as number, status: q.status as 'submitted' }, actor).length;
    default:
      throw new Error(`no list for ${item.key}`);
  }
}

/** This year's credited hours per month and people, summed afresh. */
const fresh = () => ({
  months: core.db
    .prepare(
      `SELECT CAST(substr(earned_on, 6, 2) AS INTEGER) AS month, round(CAST(sum(hours) AS NUMERIC), 1) AS hours FROM training_record
       WHERE earned_on LIKE '2026-%' AND (kind <> 'external' OR verified_at IS NOT NULL OR import_id IS NOT NULL) GROUP BY 1 ORDER BY 1`,
    )
    .all() as { month: number; hours: number }[],
  people: core.db
    .prepare(
      `SELECT count(DISTINCT person_id) FROM training_record
       WHERE earned_on LIKE '2026-%' AND (kind <> 'external' OR verified_at IS NOT NULL OR import_id IS NOT NULL)`,
    )
    .pluck()
    .get() as number,
});
/** The same as the 工作台 shows them (charts for staff, figures for an auditor). */
const shown = () => {
  const charts = core.ok('home.charts', {}, staff);
  const figures = core.ok('home.overview', {}, auditor).items;
  return {
    months: charts.hoursByMonth.rows.filter((r) => r.thisYear > 0).map((r) => ({ month: r.month, hours: r.thisYear })),
    people: figures.find((i) => i.key === 'trainedPeople')!.count,
  };
};

describe('工作台 items equal the lists they open', () => {
  it('staff: certificates, appointments, coverage, attendance, evaluations', () => {
    const home = core.ok('home.overview', {}, staff);
    expect(home.today).toBe(TODAY);
    expect(home.items.map((i) => i.key)).toEqual([
      'certificatesWindow',
      'certificatesExpiredThisMonth',
      'supervisorsEnding',
      'townsShort',
      'attendanceDue',
      'evaluationsToReview',
    ]);
    for (const item of home.items) expect({ key: item.key, count: listCount(item, staff) }).toEqual({ key: item.key, count: item.count });
    // The example data has something in most of them (otherwise the equalities above prove little).
    expect(home.items.filter((i) => i.count > 0).length).toBeGreaterThanOrEqual(4);
    expect(home.backup).toBeNull(); // administrators only
    expect(home.audit).toBeNull();
  });

  it('certificates expired this month and appointments ending within 90 days, against the rows themselves', () => {
    const home = core.ok('home.overview', {}, staff);
    const count = (key: string) => home.items.find((i) => i.key === key)!.count;
    // Independently: the highest certificate of each person, registration ended from the 1st of this month to yesterday.
    const rank = (level: string) => `CASE ${level} WHEN 'worker' THEN 1 WHEN 'assistant' THEN 2 WHEN 'social_worker' THEN 3 WHEN 'senior' THEN 4 END`;
    const expired = core.db
      .prepare(
        `SELECT count(*) FROM certificate c WHERE c.registration_valid_until >= '2026-11-01' AND c.registration_valid_until < ?
           AND NOT EXISTS (SELECT 1 FROM certificate h WHERE h.person_id = c.person_id AND h.level <> c.level
             AND ${rank('h.level')} > ${rank('c.level')})`,
      )
      .pluck()
      .get(TODAY);
    expect(count('certificatesExpiredThisMonth')).toBe(expired);
    expect(expired).toBe(1);
    const ending = core.db
      .prepare(`SELECT count(*) FROM supervisor WHERE status = 'active' AND valid_until >= ? AND valid_until <= '2027-02-22'`)
      .pluck()
      .get(TODAY);
    expect(count('supervisorsEnding')).toBe(ending);
  });

  it('administrators also see the scheduled backup; the re-review cycle in progress shows decided / total and the days left', async () => {
    const before = core.ok('home.overview', {});
    expect(before.items.map((i) => i.key)).toContain('townsShort');
    expect(before.backup).toMatchObject({ time: '02:00', last: null });
    expect(before.recert).toBeNull(); // 2025's cycle is closed, 2026's not created yet

    const { id: cycleId } = core.ok('recert.create', { year: 2026 });
    expect(core.ok('home.overview', {}).recert).toMatchObject({ cycleId, status: 'draft', decided: 0, total: 0 });
    const { reviews } = await openCycle(core, cycleId, 1);
    const page = core.ok('recert.reviews', { cycleId, page: 0, pageSize: 3 });
    core.ok('recert.confirm', { cycleId, reviewIds: page.rows.map((r) => r.id), reason: '工作台测试：按建议确认' });
    const home = core.ok('home.overview', {});
    expect(home.recert).toEqual({ cycleId, year: 2026, status: 'open', decided: 3, total: reviews, deadline: '2026-12-31', daysLeft: 37 });
    expect(reviews).toBeGreaterThan(3);
  });

  it('a coordinator: this week at their own bases, rosters with seats free, attendance to record, their evaluations', () => {
    const baseIds = (core.db.prepare('SELECT id FROM training_base ORDER BY id LIMIT 2').pluck().all() as number[]).slice(0, 1);
    const coordinator: Actor = { id: 7, name: '协调员', role: 'coordinator', baseIds };
    const home = core.ok('home.overview', {}, coordinator);
    expect(home.items.map((i) => i.key)).toEqual(['sessionsThisWeek', 'rostersOpen', 'attendanceDue']);
    for (const item of home.items) expect({ key: item.key, count: listCount(item, coordinator) }).toEqual({ key: item.key, count: item.count });
    expect(home.items[0]!.query).toMatchObject(weekOf(TODAY));
    expect(weekOf(TODAY)).toEqual({ from: '2026-11-23', to: '2026-11-30' }); // 2026-11-24 is a Tuesday
    // Only their base: the same week across every base has at least as many.
    const everywhere = core.ok('sessions.list', { page: 0, pageSize: 1, ...weekOf(TODAY), statuses: ['planned', 'open', 'closed', 'completed'] }).total;
    expect(home.items[0]!.count).toBeLessThanOrEqual(everywhere);
    // Independently, from every session of that base: taking enrolments with a seat free; on a day of this week.
    const page = core.ok('sessions.list', { page: 0, pageSize: 100, baseId: baseIds[0] });
    expect(page.total).toBeLessThanOrEqual(100);
    const all = page.rows;
    const count = (key: string) => home.items.find((i) => i.key === key)!.count;
    expect(count('rostersOpen')).toBe(all.filter((r) => sessionOpenForEnrolment(r) && r.enrolledCount < r.capacity).length);
    expect(count('sessionsThisWeek')).toBe(all.filter((r) => r.status !== 'cancelled' && r.endsAt > '2026-11-23' && r.startsAt < '2026-11-30').length);
    expect(home.evaluations.map((e) => e.baseId)).toEqual(baseIds);
    expect(home.recert).toBeNull();
  });

  it('an auditor: the year’s key figures and the audit log’s check', () => {
    const home = core.ok('home.overview', {}, auditor);
    for (const item of home.items.filter((i) => i.query)) {
      expect({ key: item.key, count: listCount(item, auditor) }).toEqual({ key: item.key, count: item.count });
    }
    const ledger = core.db
      .prepare(
        `SELECT round(CAST(sum(hours) AS NUMERIC), 1) AS hours, count(DISTINCT person_id) AS people FROM training_record
         WHERE earned_on LIKE '2026-%' AND (kind <> 'external' OR verified_at IS NOT NULL OR import_id IS NOT NULL)`,
      )
      .get() as { hours: number; people: number };
    const figure = (key: string) => home.items.find((i) => i.key === key)!.count;
    expect(figure('hoursCredited')).toBe(ledger.hours);
    expect(figure('trainedPeople')).toBe(ledger.people);
    expect(home.audit).toMatchObject({ intact: true });
  });

  it('「本年已结课班期」 is kept until a session or base is written, then counted again by its list', () => {
    const held = () => core.ok('home.overview', {}, auditor).items.find((i) => i.key === 'sessionsHeld')!;
    const first = held();
    const counted = keptCountComputations.count;
    core.ok('organizations.create', { name: '新机构（已结课班期）', kind: 'mass_organization' });
    expect(held().count).toBe(first.count);
    expect(keptCountComputations.count).toBe(counted); // a write to another table: answered from memory
    const changed = core.db
      .prepare(
        `UPDATE training_session SET status = 'completed' WHERE id = (SELECT min(id) FROM training_session WHERE status = 'planned' AND starts_at LIKE '2026-%')`,
      )
      .run().changes;
    expect(changed).toBe(1);
    const after = held();
    expect(after.count).toBe(first.count + 1);
    expect(after.count).toBe(listCount(after, auditor));
    expect(keptCountComputations.count).toBe(counted + 1);
  });

  it('a staff 工作台 is answered from memory between writes; a write changes the count it concerns at once, and only that one is counted again', () => {
    const first = core.ok('home.overview', {}, staff);
    const counted = keptCountComputations.count;
    expect(core.ok('home.overview', {}, staff)).toEqual(first);
    expect(keptCountComputations.count).toBe(counted); // a repeat counts nothing
    const count = (home: typeof first, key: string) => home.items.find((i) => i.key === key)!;

    // A registration that ended this month: 「本月已过期」 shows it on the next call, as its list does.
    const changed = core.db
      .prepare(
        `UPDATE certificate SET registration_valid_until = '2026-11-05'
         WHERE id = (SELECT min(c.id) FROM certificate c WHERE c.registration_valid_until > '2027-06-01'
                       AND (SELECT count(*) FROM certificate o WHERE o.person_id = c.person_id) = 1)`,
      )
      .run().changes;
    expect(changed).toBe(1);
    const after = core.ok('home.overview', {}, staff);
    const expired = count(after, 'certificatesExpiredThisMonth');
    expect(expired.count).toBe(count(first, 'certificatesExpiredThisMonth').count + 1);
    expect(expired.count).toBe(listCount(expired, staff));
    // The certificates' two counts read that table; nothing else was counted again.
    expect(keptCountComputations.count).toBe(counted + 2);

    // A session started and not yet recorded: 考勤待办 at once.
    const moved = core.db
      .prepare(
        `UPDATE training_session SET status = 'closed', starts_at = '2026-11-20T09:00', ends_at = '2026-11-20T12:00'
         WHERE id = (SELECT min(id) FROM training_session WHERE status = 'planned' AND starts_at > '2026-12-01')`,
      )
      .run().changes;
    expect(moved).toBe(1);
    const later = core.ok('home.overview', {}, staff);
    const due = count(later, 'attendanceDue');
    expect(due.count).toBe(count(after, 'attendanceDue').count + 1);
    expect(due.count).toBe(listCount(due, staff));
    expect(keptCountComputations.count).toBe(counted + 3);
    for (const item of later.items) expect({ key: item.key, count: listCount(item, staff) }).toEqual({ key: item.key, count: item.count });
  });
});

describe('charts', () => {
  it('add up to what they summarise, and are answered from memory until something is written', () => {
    const charts = core.ok('home.charts', {}, staff);
    const before = { ...chartComputations };
    expect(core.ok('home.charts', {}, staff)).toEqual(charts);
    expect(chartComputations).toEqual(before);

    const yearHours = core.db
      .prepare(
        `SELECT round(CAST(sum(hours) AS NUMERIC), 1) FROM training_record WHERE earned_on LIKE '2026-%' AND (kind <> 'external' OR verified_at IS NOT NULL OR import_id IS NOT NULL)`,
      )
      .pluck()
      .get() as number;
    expect(charts.hoursByMonth.rows).toHaveLength(12);
    expect(charts.hoursByMonth.rows.reduce((s, r) => s + r.thisYear, 0)).toBeCloseTo(yearHours, 1);

    expect(charts.sessionsByBase.rows.length).toBeLessThanOrEqual(20);
    const first = charts.sessionsByBase.rows[0]!;
    const held = core.ok('sessions.list', {
      page: 0,
      pageSize: 1,
      baseId: first.baseId,
      from: '2026-01-01',
      to: '2027-01-01',
      statuses: ['planned', 'open', 'closed', 'completed'],
    });
    expect(first.sessions).toBeLessThanOrEqual(held.total); // sessions starting this year; the list also shows those running into it
    expect(first.sessions).toBeGreaterThan(0);

    // This year's column of 各等级督导人数 is today's register.
    const active = core.ok('supervisors.list', { page: 0, pageSize: 1, status: 'active' }).total;
    const thisYear = charts.supervisorsByLevel.rows.at(-1)!;
    expect(thisYear.asOf).toBe(TODAY);
    expect(thisYear.counts.reduce((s, n) => s + n, 0)).toBeLessThanOrEqual(active);

    const coverage = core.ok('coverage.list', { page: 0, pageSize: 1, onlyShort: false });
    expect(charts.coverage.rows.reduce((s, r) => s + r.belowQuota, 0)).toBe(coverage.summary.shortTowns);
    expect(charts.coverage.rows.reduce((s, r) => s + r.atQuota + r.belowQuota, 0)).toBe(coverage.summary.towns);

    // A write to what no chart reads computes nothing again; a change to a base computes that chart only.
    core.ok('organizations.create', { name: '新机构（工作台测试）', kind: 'mass_organization' });
    expect(core.ok('home.charts', {}, staff)).toEqual(charts);
    expect(chartComputations).toEqual(before);
    const base = core.ok('bases.get', { id: first.baseId }).base;
    core.ok('bases.update', { ...base, name: `${base.name}（更名）` });
    expect(core.ok('home.charts', {}, staff).sessionsByBase.rows[0]!.baseName).toBe(`${base.name}（更名）`);
    expect(chartComputations).toEqual({ ...before, sessionsByBase: before.sessionsByBase + 1 });
  });

  it('the ledger’s sums follow new, verified and corrected rows without summing everything again, and equal a fresh sum', () => {
    expect(shown()).toEqual(fresh());
    const full = ledgerRefreshes.full;
    // Someone with no training this year: an external course, then verified (only then credited).
    const personId = core.db
      .prepare(`SELECT id FROM person WHERE id NOT IN (SELECT person_id FROM training_record WHERE earned_on LIKE '2026-%') LIMIT 1`)
      .pluck()
      .get() as number;
    const categoryId = core.db.prepare('SELECT id FROM course_category LIMIT 1').pluck().get() as number;
    const external = core.ok('training.addExternal', { personId, categoryId, hours: 6.5, earnedOn: '2026-03-10', provider: '外市协会', note: '结业证书' });
    expect(shown()).toEqual(fresh());
    const before = shown();
    core.ok('training.verifyExternal', { id: external.id, version: external.version });
    const after = shown();
    expect(after).toEqual(fresh());
    expect(after.people).toBe(before.people + 1);
    expect(after.months.find((m) => m.month === 3)!.hours).toBe(before.months.find((m) => m.month === 3)!.hours + 6.5);
    expect(ledgerRefreshes.full).toBe(full); // brought up to date from the log, not summed again
  });

  it('a chart’s data exports as .xlsx with its table’s headers', async () => {
    const { jobId } = core.ok('home.exportChart', { chart: 'hoursByMonth' }, staff);
    expect((await finishJob(core, jobId, staff)).state).toBe('done');
    const { fileName, data } = downloadedFile(core, jobId, staff);
    expect(fileName).toBe(`工作台_每月记入学时_${TODAY}.xlsx`);
    const sheet = await readFirstSheet(data);
    expect(sheet.headers).toEqual(['月份', '2025年学时', '2026年学时']);
    expect(sheet.rows).toHaveLength(12);
  });
});

// On either engine: the worker opens a read-only connection of its own to the same data (core/snapshot.ts).
describe('the ledger summed again in a worker thread', () => {
  afterEach(async () => {
    await ledgerSumLanded(core.db);
    ledgerSumOptions.inlineUpTo = 20_000;
  });

  it('after a bulk load: the previous figures, marked as being refreshed, until the worker’s sums land; then exactly a fresh sum', async () => {
    ledgerSumOptions.inlineUpTo = 0; // every full sum in a worker thread
    expect(shown()).toEqual(fresh());
    const before = shown();
    const full = ledgerRefreshes.full;
    // A bulk load of ledger rows (its one log entry holds no rows: the sums cannot follow it row by row).
    core.db.transaction(() =>
      withAuditContext(core.db, { actorId: null, actorName: '测试', operation: 'test.bulk', at: '2026-11-24T02:00:00.000Z' }, () =>
        withBulkInsertAudit(core.db, () =>
          core.db
            .prepare(
              `INSERT INTO training_record (person_id, category_id, hours, earned_on, kind, note, recorded_at, provider, verified_at, verified_by)
               SELECT id, (SELECT min(id) FROM course_category), 2, '2026-05-05', 'external', '批量', '2026-11-24T02:00:00.000Z', '外市协会', '2026-11-24T02:00:00.000Z', '测试'
               FROM person ORDER BY id LIMIT 30`,
            )
            .run(),
        ),
      ),
    )();
    const charts = core.ok('home.charts', {}, staff);
    const figures = core.ok('home.overview', {}, auditor).items;
    expect(charts.hoursByMonth.refreshing).toBe(true);
    expect(figures.filter((i) => i.refreshing).map((i) => i.key)).toEqual(['hoursCredited', 'trainedPeople']);
    expect(shown()).toEqual(before); // the previous figures, as they were
    expect(fresh()).not.toEqual(before);
    await ledgerSumLanded(core.db);
    expect(ledgerRefreshes.full).toBe(full + 1);
    expect(shown()).toEqual(fresh());
    expect(core.ok('home.charts', {}, staff).hoursByMonth.refreshing).toBe(false);
    expect(core.ok('home.overview', {}, auditor).items.some((i) => i.refreshing)).toBe(false);
  });

  it('a new connection (a start) has no figures until the worker’s sums land, then a fresh sum; and a worker that cannot load sums on the thread', async () => {
    ledgerSumOptions.inlineUpTo = 0;
    const second = openSecondConnection(core, { readonly: true });
    try {
      const first = creditedInYear(second, 2026);
      expect(first).toEqual({ hours: 0, people: 0, refreshing: true });
      await ledgerSumLanded(second);
      const landed = creditedInYear(second, 2026);
      expect(landed.refreshing).toBe(false);
      expect(landed.people).toBe(fresh().people);
      expect(landed.hours).toBeCloseTo(
        fresh().months.reduce((s, m) => s + m.hours, 0),
        1,
      );
    } finally {
      second.close();
    }
    const third = openSecondConnection(core, { readonly: true });
    try {
      ledgerSumOptions.entry = '/nonexistent/ledger-worker.ts';
      expect(creditedInYear(third, 2026).refreshing).toBe(true); // the worker is asked first
      await ledgerSumLanded(third);
      expect(creditedInYear(third, 2026)).toMatchObject({ people: fresh().people, refreshing: false });
    } finally {
      ledgerSumOptions.entry = '';
      third.close();
    }
  });
});

describe('the charts computed again in a worker thread', () => {
  afterEach(async () => {
    await chartsLanded(core.db);
    chartsOptions.inlineUpTo = 2_000;
    chartsOptions.entry = '';
  });

  it('after a write: the charts it concerns answered as they were, marked, nothing computed on this thread; then the new figures', async () => {
    chartsOptions.inlineUpTo = 0; // every computation in a worker thread
    await chartsLanded(core.db);
    const before = core.ok('home.charts', {}, staff);
    expect(before.sessionsByBase.refreshing).toBeUndefined();
    const onThread = { ...chartComputations };
    const base = core.ok('bases.get', { id: before.sessionsByBase.rows[0]!.baseId }).base;
    core.ok('bases.update', { ...base, name: `${base.name}（工作线程）` });

    const during = core.ok('home.charts', {}, staff);
    expect(during.sessionsByBase).toEqual({ ...before.sessionsByBase, refreshing: true });
    expect(during.coverage).toEqual(before.coverage); // reads no base: not computed again, not marked
    expect(during.recertOutcomes.refreshing).toBeUndefined();
    expect(chartComputations).toEqual(onThread);

    await chartsLanded(core.db);
    const after = core.ok('home.charts', {}, staff);
    expect(after.sessionsByBase.refreshing).toBeUndefined();
    expect(after.sessionsByBase.rows[0]!.baseName).toBe(`${base.name}（工作线程）`);
    expect(chartComputations).toEqual(onThread);
    // What the worker computed is what this thread computes.
    const { sessionsByBase, supervisorsByLevel, recertOutcomes, coverage } = after;
    chartsOptions.inlineUpTo = 2_000;
    core.ok('bases.update', { ...core.ok('bases.get', { id: base.id }).base, name: `${base.name}（工作线程）` }); // a write: computed here again
    expect(core.ok('home.charts', {}, staff)).toMatchObject({ sessionsByBase, supervisorsByLevel, recertOutcomes, coverage });
  });

  it('a worker that cannot load: the charts are computed on this thread when it fails', async () => {
    chartsOptions.inlineUpTo = 0;
    chartsOptions.entry = '/nonexistent/chart-worker.ts';
    const base = core.ok('bases.get', { id: core.ok('home.charts', {}, staff).sessionsByBase.rows[0]!.baseId }).base;
    await chartsLanded(core.db);
    core.ok('bases.update', { ...base, name: `${base.name}（线程内）` });
    expect(core.ok('home.charts', {}, staff).sessionsByBase.refreshing).toBe(true); // the worker is asked first
    await chartsLanded(core.db);
    const after = core.ok('home.charts', {}, staff);
    expect(after.sessionsByBase.refreshing).toBeUndefined();
    expect(after.sessionsByBase.rows[0]!.baseName).toBe(`${base.name}（线程内）`);
  });
});

describe('a new database', () => {
  it('has nothing to do and empty charts', async () => {
    const empty = await openTestCore();
    try {
      const home = empty.ok('home.overview', {}, staff);
      expect(home.items.every((i) => i.count === 0)).toBe(true);
      expect(home.recert).toBeNull();
      const charts = empty.ok('home.charts', {}, staff);
      expect(charts.hoursByMonth.rows.every((r) => r.thisYear === 0 && r.lastYear === 0)).toBe(true);
      expect(charts.sessionsByBase.rows).toEqual([]);
      expect(charts.recertOutcomes.rows).toEqual([]);
      expect(charts.coverage.rows).toEqual([]);
    } finally {
      empty.close();
    }
  });
});
