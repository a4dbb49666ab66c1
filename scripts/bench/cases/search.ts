import { Random } from '../../../core/demo/random.ts';
import { round, stats, timeEach } from '../measure.ts';
import type { BenchCase, BenchContext, BenchResult } from '../types.ts';

const RUNS = 200;

/** People search through the real operation (SQL paging + count): p95 < 30 ms. */
export const searchCase: BenchCase = {
  name: 'search',
  postgres: true,
  async run(ctx) {
    const rng = new Random(42);
    const sample = ctx.core.db.prepare('SELECT name, id_number AS idNumber, name_initials AS initials, name_pinyin AS pinyin FROM person WHERE id % 97 = 0 LIMIT 500').all() as { name: string; idNumber: string; initials: string; pinyin: string }[];
    const nameFragments = Array.from({ length: RUNS }, () => {
      const name = rng.pick(sample).name;
      return name.slice(rng.int(0, Math.max(0, name.length - 2)), undefined).slice(0, rng.int(1, 2));
    });
    const idFragments = Array.from({ length: RUNS }, () => {
      const id = rng.pick(sample).idNumber;
      const start = rng.int(6, 10);
      return id.slice(start, start + 8);
    });
    return [
      measure(ctx, '人员搜索：姓名片段', nameFragments),
      measure(ctx, '人员搜索：身份证号片段', idFragments),
      measure(ctx, '人员搜索：拼音首字母', Array.from({ length: RUNS }, () => rng.pick(sample).initials)),
      measure(ctx, '人员搜索：全拼片段', Array.from({ length: RUNS }, () => rng.pick(sample).pinyin.slice(0, rng.int(4, 8)))),
    ];
  },
};

function measure(ctx: BenchContext, operation: string, fragments: string[]): BenchResult {
  const s = stats(timeEach(fragments, (search) => {
    const result = ctx.core.call('people.list', { search, pageSize: 25 });
    if (!result.ok) throw new Error(result.error.message);
  }));
  return { operation, median: round(s.median), p95: round(s.p95), runs: s.runs, budget: 'p95 < 30 ms', met: s.p95 < 30 };
}
