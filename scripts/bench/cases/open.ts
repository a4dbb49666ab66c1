import { openCore } from '../../../core/app.ts';
import { round, stats, timeOnce } from '../measure.ts';
import type { BenchCase } from '../types.ts';

/** Opening the database with migrations already current: < 300 ms. */
export const openCase: BenchCase = {
  name: 'open',
  postgres: true,
  async run(ctx) {
    const samples: number[] = [];
    const where = { dataFile: ctx.dataFile, ...(ctx.database ? { database: ctx.database } : {}) };
    for (let i = 0; i < 10; i++) samples.push(await timeOnce(async () => (await openCore(where)).close()));
    const s = stats(samples);
    return [{ operation: '打开数据库（迁移已是最新）', median: round(s.median), p95: round(s.p95), runs: s.runs, budget: '< 300 ms', met: s.p95 < 300 }];
  },
};
