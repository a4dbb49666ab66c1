/**
 * Issue 24: the 工作台 shows the forecasts' headlines (staff and administrators), each counted by the
 * forecast list it opens with the filter it opens it with; computed once and kept until a table they
 * read is written, in a worker thread above a few thousand people, 「计算中」 until they land.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openSecondConnection, TODAY, type TestCore } from '../support/core.ts';
import { openExampleDataCore } from '../support/example-data.ts';
import { forecastHeadlines, headlineComputations, headlineOptions, headlinesLanded } from '../../core/home/forecast-headlines.ts';
import { fixedClock } from '../../core/clock.ts';
import type { Context } from '../../core/contract.ts';
import type { Db } from '../../db/engine/types.ts';
import type { Actor } from '../../core/permissions.ts';

const staff: Actor = { id: 5, name: '业务人员', role: 'staff' };
const auditor: Actor = { id: 6, name: '审计', role: 'auditor' };

let core: TestCore;
beforeAll(async () => {
  core = await openExampleDataCore();
}, 120_000);
afterAll(() => core.close());
afterEach(async () => {
  await headlinesLanded(core.db);
  Object.assign(headlineOptions, { inlineUpTo: 2_000, entry: '', minIntervalMs: 60_000 });
});

const headlines = (actor: Actor = staff) => core.ok('home.overview', {}, actor).forecasts;

/** What the lists the headlines open show, asked through their own operations with the headlines' filters. */
function listed() {
  const towns = core.ok('coverage.forecast', { months: 12, onlyNewlyShort: true, page: 0, pageSize: 100 }, staff);
  const people = core.ok('compliance.forecast', { horizonMonths: 6, risk: 'atRisk', page: 0, pageSize: 1 }, staff);
  return { towns, people };
}

describe('the forecasts on the 工作台', () => {
  it('staff: each headline is the count of the list it opens, with that list’s filter; the earliest town is its first row', () => {
    const shown = headlines();
    expect(shown?.state).toBe('current');
    if (shown?.state !== 'current') return;
    const { towns, people } = listed();
    expect(shown.coverage.count).toBe(towns.rows.length);
    expect(shown.compliance.count).toBe(people.total);
    expect(shown.compliance.count).toBeGreaterThan(0); // the example data has people short within 6 months
    expect(shown.coverage.query).toEqual({ view: 'forecast', months: 12, onlyNewlyShort: true });
    expect(shown.compliance.query).toEqual({ view: 'forecast', horizonMonths: 6, risk: 'atRisk' });
    const first = towns.rows[0];
    if (first) {
      expect(first.firstShort).toBeGreaterThan(0); // at quota today
      expect(shown.coverage.earliest).toEqual({ townName: first.name, month: towns.summary.days[first.firstShort!]!.slice(0, 7) });
    } else expect(shown.coverage.earliest).toBeNull();
    // Every town counted meets its quota today and falls short later; none short today is counted.
    expect(towns.rows.every((t) => t.firstShort !== null && t.firstShort > 0)).toBe(true);
  });

  it('administrators see them too; coordinators and auditors do not (neither forecast is about a base)', () => {
    expect(core.ok('home.overview', {}).forecasts?.state).toBe('current');
    expect(headlines(auditor)).toBeNull();
    const baseIds = core.db.prepare('SELECT id FROM training_base ORDER BY id LIMIT 1').pluck().all() as number[];
    expect(headlines({ id: 7, name: '协调员', role: 'coordinator', baseIds })).toBeNull();
  });

  it('kept between visits: a repeat computes nothing; a write to a table they read computes them again, and they still agree', () => {
    headlines();
    const before = headlineComputations.count;
    headlines();
    headlines();
    expect(headlineComputations.count).toBe(before);
    const base = core.ok('bases.list', { page: 0, pageSize: 1 }).rows[0]!;
    core.ok('bases.update', { ...core.ok('bases.get', { id: base.id }).base, name: `${base.name}（改名）` }); // a base: neither forecast reads it
    headlines();
    expect(headlineComputations.count).toBe(before);

    // Someone at risk is credited enough external hours: one fewer at risk, on the 工作台 and in the list alike.
    const atRisk = core.ok('compliance.forecast', { horizonMonths: 6, risk: 'atRisk', page: 0, pageSize: 1 }, staff);
    const row = atRisk.rows[0]!;
    const categoryId = core.ok('bases.lists', {}).courseCategories[0]!.id;
    const r = core.ok('training.addExternal', {
      personId: row.personId,
      categoryId,
      hours: row.shortfall + 200,
      earnedOn: '2026-11-01',
      provider: '外部',
      note: '补',
    });
    core.ok('training.verifyExternal', { id: r.id });
    const after = headlines();
    expect(headlineComputations.count).toBe(before + 1);
    if (after?.state !== 'current') throw new Error('expected current headlines');
    expect(after.compliance.count).toBe(atRisk.total - 1);
    expect(after.compliance.count).toBe(listed().people.total);
  });
});

/** The 工作台's headlines on a second connection to the same file (a new start: nothing kept yet). */
const on = (db: Db) => forecastHeadlines({ db, actor: staff, clock: fixedClock(TODAY), dataFile: core.dataFile } as unknown as Context);

// On either engine: the worker opens a read-only connection of its own to the same data (core/snapshot.ts).
describe('computed in a worker thread', () => {
  it('「计算中」 until they land, nothing computed on this thread; then the same figures; after a write the previous ones, marked', async () => {
    const expected = headlines();
    if (expected?.state !== 'current') throw new Error('expected current headlines');
    headlineOptions.inlineUpTo = 0;
    const other = openSecondConnection(core);
    try {
      const onThread = headlineComputations.count;
      expect(on(other)).toEqual({ state: 'computing', coverage: null, compliance: null });
      await headlinesLanded(other);
      expect(on(other)).toEqual(expected);
      expect(headlineComputations.count).toBe(onThread);

      // A write to a table they read (a person renamed): the previous figures, marked, until the worker's land.
      const person = core.ok('people.list', { page: 0, pageSize: 1 }).rows[0]!;
      const detail = core.ok('people.get', { id: person.id }).person;
      core.ok('people.update', { ...detail, name: `${detail.name}乙` } as never);
      expect(on(other)).toEqual({ ...expected, state: 'refreshing' });
      await headlinesLanded(other);
      // Within the interval since the last start, no worker is started: the previous figures stay, marked.
      expect(on(other)).toEqual({ ...expected, state: 'refreshing' });
      headlineOptions.minIntervalMs = 0;
      expect(on(other)).toEqual({ ...expected, state: 'refreshing' }); // started now
      await headlinesLanded(other);
      expect(on(other)).toEqual(expected);
      expect(headlineComputations.count).toBe(onThread);
    } finally {
      await headlinesLanded(other);
      other.close();
    }
  });

  it('a worker that cannot load: computed on this thread when it fails', async () => {
    Object.assign(headlineOptions, { inlineUpTo: 0, entry: '/nonexistent/forecast-worker.ts' });
    const other = openSecondConnection(core);
    try {
      expect(on(other).state).toBe('computing'); // the worker is asked first
      await headlinesLanded(other);
      expect(on(other).state).toBe('current');
    } finally {
      other.close();
    }
  });
});
