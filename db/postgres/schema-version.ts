/**
 * The schema version on PostgreSQL: a row per step applied in `schema_version` (SQLite keeps a
 * number in PRAGMA user_version). The current version is the highest row; none, or no table, is 0.
 */
import type { Db } from '../engine/types.ts';
import type { Migration } from '../migrations/types.ts';
import { applyPostgresBaseline, POSTGRES_BASELINE_VERSION } from './baseline.ts';
import { ISO_NOW_SQL } from './audit.ts';

export const SCHEMA_VERSION_TABLE_SQL = `CREATE TABLE IF NOT EXISTS schema_version (
  version     integer PRIMARY KEY,
  name        text COLLATE "C" NOT NULL,
  applied_at  text COLLATE "C" NOT NULL
)`;

/** Held (until commit) by whoever migrates: a second server process starting meanwhile waits, then finds the work done. */
export const MIGRATION_LOCK_KEYS = [0x5357, 0x4d49] as const;

export function postgresSchemaVersion(db: Db): number {
  const exists = db.prepare(`SELECT to_regclass('schema_version') IS NOT NULL AS "exists"`).get() as { exists: boolean };
  if (!exists.exists) return 0;
  return Number((db.prepare('SELECT coalesce(max(version), 0) AS version FROM schema_version').get() as { version: number | string }).version);
}

export function recordPostgresVersion(db: Db, version: number, name: string): void {
  db.prepare(`INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ${ISO_NOW_SQL})`).run(version, name);
}

export class MissingPostgresStepError extends Error {
  constructor(migration: Migration) {
    super(`迁移 ${migration.version}（${migration.name}）缺少 PostgreSQL 部分：每个 27 号之后的迁移都必须同时写出 SQLite 与 PostgreSQL 两部分`);
    this.name = 'MissingPostgresStepError';
  }
}

export interface PostgresStep {
  version: number;
  name: string;
  run(db: Db): void;
}

/** The steps that bring a PostgreSQL database at `from` up to date: the baseline when it is below it, then every later migration's PostgreSQL side. */
export function postgresSteps(migrations: readonly Migration[], from: number): PostgresStep[] {
  const steps: PostgresStep[] = [];
  if (from < POSTGRES_BASELINE_VERSION) steps.push({ version: POSTGRES_BASELINE_VERSION, name: 'postgres_baseline', run: applyPostgresBaseline });
  for (const m of migrations) {
    if (m.version <= Math.max(from, POSTGRES_BASELINE_VERSION)) continue;
    if (!m.postgres) throw new MissingPostgresStepError(m);
    steps.push({ version: m.version, name: m.name, run: (db) => m.postgres!(db) });
  }
  return steps;
}
