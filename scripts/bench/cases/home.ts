import { computeHomeCharts } from '../../../core/home/charts.ts';
import { JobRunner } from '../../../core/jobs.ts';
import { systemClock } from '../../../core/clock.ts';
import type { Actor } from '../../../core/permissions.ts';
import { round, stats, timeEach } from '../measure.ts';
import type { BenchCase, BenchResult } from '../types.ts';

const RUNS = 100;
const BUDGET = 'p95 < 50 ms';

/**
 * 工作台 (issue 23): each role's overview through the real operation (every figure is a count by its
 * list's own query), and the charts: answered from memory between writes, and computed afresh (what
 * the first 工作台 after a write costs). Budget: the list budget for the whole screen, p95 < 50 ms.
 */
export const homeCase: BenchCase = {
  name: 'home',
  async run(ctx) {
    const db = ctx.core.db;
    const baseIds = db.prepare('SELECT id FROM training_base ORDER BY id LIMIT 3').pluck().all() as number[];
    const roles: [string, Actor][] = [
      ['管理员', { id: null, name: '管理员', role: 'admin' }],
      ['工作人员', { id: null, name: '工作人员', role: 'staff' }],
      ['基地协调员（3 个基地）', { id: null, name: '协调员', role: 'coordinator', baseIds }],
      ['审计', { id: null, name: '审计', role: 'auditor' }],
    ];
    const call = (op: string, actor: Actor) => {
      const result = ctx.core.call(op, {}, actor);
      if (!result.ok) throw new Error(result.error.message);
    };
    const measure = (operation: string, fn: () => void, runs = RUNS): BenchResult => {
      const s = stats(timeEach(Array.from({ length: runs }), fn));
      return { operation, median: round(s.median), p95: round(s.p95), runs: s.runs, budget: BUDGET, met: s.p95 < 50 };
    };
    const results = roles.map(([name, actor]) => measure(`工作台：${name}的待办与关键数据`, () => call('home.overview', actor)));
    results.push(measure('工作台：统计图表（两次写入之间，取自内存）', () => call('home.charts', roles[1]![1])));
    const jobs = new JobRunner();
    try {
      const chartsCtx = { db, actor: roles[1]![1], clock: systemClock, dataFile: ctx.dataFile, jobs };
      results.push({
        ...measure('工作台：统计图表（写入之后重新计算）', () => computeHomeCharts(chartsCtx), 20),
        note: '每次写入后第一位打开工作台的用户承担一次；其后直到下一次写入都取自内存',
      });
    } finally {
      jobs.dispose();
    }
    return results;
  },
};
