/**
 * The order of `npm run test:postgres`'s files: the ones that take longest on PostgreSQL first, so that no long file
 * starts last and runs alone while the other workers have nothing left. Vitest's own order (its cached durations,
 * else the larger file first) knows neither: on a fresh clone only the SQLite run's durations are cached, and on
 * PostgreSQL every statement is a round trip (bench.test.ts, alone at the end, added over a minute to the step).
 */
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** Longest first, as measured on PostgreSQL (2 cores); a file not named here keeps Vitest's order after them. */
const LONGEST_ON_POSTGRES = [
  'tests/integration/malformed-input.test.ts',
  'tests/integration/demo-data.test.ts',
  'tests/integration/import-concurrency.test.ts',
  'tests/postgres/bench.test.ts',
  'tests/integration/pii-masking.test.ts',
  'tests/integration/recert.test.ts',
  'tests/integration/compliance-list-cache.test.ts',
  'tests/integration/excel-import.test.ts',
  'tests/integration/worker-jobs.test.ts',
  'tests/integration/training-hours-import-concurrency.test.ts',
  'tests/integration/audit-anchor.test.ts',
  'tests/integration/bench.test.ts',
  'tests/integration/base-scope-matrix.test.ts',
  'tests/integration/compliance-forecast.test.ts',
  'tests/integration/change-events.test.ts',
];

export class LongestOnPostgresFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (spec: TestSpecification) => {
      const known = LONGEST_ON_POSTGRES.findIndex((file) => spec.moduleId.replaceAll('\\', '/').endsWith(file));
      return known === -1 ? LONGEST_ON_POSTGRES.length : known;
    };
    const vitestOrder = await super.sort(files);
    return vitestOrder
      .map((spec, index) => ({ spec, index, rank: rank(spec) }))
      .sort((a, b) => a.rank - b.rank || a.index - b.index)
      .map(({ spec }) => spec);
  }
}
