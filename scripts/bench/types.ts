import type { Core } from '../../core/app.ts';
import type { Scale } from '../../core/demo/context.ts';

export interface BenchContext {
  scale: Scale;
  /** The database file of this scale (already seeded). */
  dataFile: string;
  /** An open core on it. */
  core: Core;
  browser: boolean;
  /** On PostgreSQL (`--engine postgres`): the database the core runs on, a copy of `dataFile`'s data. */
  database?: string;
}

export interface BenchResult {
  operation: string;
  /** Median and p95 in ms, or a single figure. */
  median?: number;
  p95?: number;
  value?: number;
  unit?: string;
  runs?: number;
  budget: string;
  /** Our figure relative to a raw baseline measured in the same run (ours / raw time). */
  ratio?: number;
  met: boolean | null;
  note?: string;
  /** Set when the case could not measure: the other cases still run and the report is still written. */
  error?: string;
}

/** One budget of docs/design.md §6 (or a reported figure). Add a case: a file in scripts/bench/cases, listed in scripts/bench.ts. */
export interface BenchCase {
  name: string;
  /** Cases that need the browser are skipped with --no-browser. */
  browser?: boolean;
  /** Cases that measure through core alone, and so run on PostgreSQL too (the others still open SQLite files of their own). */
  postgres?: boolean;
  run(ctx: BenchContext): Promise<BenchResult[]>;
}
