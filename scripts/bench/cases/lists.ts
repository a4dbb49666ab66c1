import { Random } from '../../../core/demo/random.ts';
import { round, stats, timeEach } from '../measure.ts';
import type { BenchCase } from '../types.ts';

const RUNS = 200;

/** Any list page: 100 rows, sorted, filtered, through the real operations: p95 < 20 ms. */
export const listsCase: BenchCase = {
  name: 'lists',
  postgres: true,
  async run(ctx) {
    const rng = new Random(7);
    const db = ctx.core.db;
    const regionIds = db.prepare("SELECT id FROM region WHERE level = 'town'").pluck().all() as number[];
    const organizationIds = db.prepare('SELECT id FROM organization').pluck().all() as number[];
    const levelIds = db.prepare('SELECT id FROM supervisor_level').pluck().all() as number[];
    const cases: [string, () => unknown][] = [
      ['人员列表：按姓名排序，第 1–20 页', () => ({ op: 'people.list', input: { pageSize: 100, page: rng.int(0, 19), sortField: 'name', sortDir: rng.pick(['asc', 'desc']) } })],
      ['人员列表：按区划筛选，按出生日期排序', () => ({ op: 'people.list', input: { pageSize: 100, regionId: rng.pick(regionIds), sortField: 'birthDate' } })],
      ['人员列表：按所在机构 / 所在区划排序，第 1–20 页', () => ({ op: 'people.list', input: { pageSize: 100, page: rng.int(0, 19), sortField: rng.pick(['organizationName', 'regionName']), sortDir: rng.pick(['asc', 'desc']) } })],
      ['人员列表：按机构筛选', () => ({ op: 'people.list', input: { pageSize: 100, organizationId: rng.pick(organizationIds), sortField: 'name' } })],
      ['督导库：按等级和状态筛选，按有效期排序', () => ({ op: 'supervisors.list', input: { pageSize: 100, levelId: rng.pick(levelIds), status: 'active', sortField: 'validUntil', page: rng.int(0, 4) } })],
      ['督导库：全部，按任一列排序，第 1–5 页', () => ({ op: 'supervisors.list', input: { pageSize: 100, page: rng.int(0, 4), sortField: rng.pick(['personName', 'idNumber', 'levelName', 'regionName', 'appointedOn', 'validUntil', 'status']), sortDir: rng.pick(['asc', 'desc']) } })],
      ['督导库：按区划筛选', () => ({ op: 'supervisors.list', input: { pageSize: 100, regionId: rng.pick(regionIds), sortField: 'personName' } })],
      ['机构列表：按名称排序', () => ({ op: 'organizations.list', input: { pageSize: 100, page: rng.int(0, 9), sortField: 'name' } })],
      ['证书再登记：窗口期 / 已过期，按有效期排序', () => ({ op: 'certificates.expiring', input: { pageSize: 100, status: rng.pick(['window', 'expired']), sortField: 'registrationValidUntil', page: rng.int(0, 2) } })],
      ['镇区覆盖：全部 / 仅未达定额，缺口优先', () => ({ op: 'coverage.list', input: { pageSize: 100, onlyShort: rng.pick([true, false]) } })],
      ['镇区覆盖：某镇区某等级的补缺人选', () => ({ op: 'coverage.candidates', input: { regionId: rng.pick(regionIds), levelId: rng.pick(levelIds) } })],
      ['班期列表：全部基地，第 1–20 页', () => ({ op: 'sessions.list', input: { pageSize: 100, page: rng.int(0, 19) } })],
    ];
    return cases.map(([operation, make]) => {
      const inputs = Array.from({ length: RUNS }, make) as { op: string; input: unknown }[];
      const s = stats(timeEach(inputs, ({ op, input }) => {
        const result = ctx.core.call(op, input);
        if (!result.ok) throw new Error(result.error.message);
      }));
      return { operation, median: round(s.median), p95: round(s.p95), runs: s.runs, budget: 'p95 < 20 ms', met: s.p95 < 20 };
    });
  },
};
