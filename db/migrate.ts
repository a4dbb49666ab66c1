import type { Db } from './engine/types.ts';
import { MIGRATIONS, type Migration } from './migrations/index.ts';
import { MIGRATION_LOCK_KEYS, postgresSchemaVersion, postgresSteps, recordPostgresVersion, SCHEMA_VERSION_TABLE_SQL } from './postgres/schema-version.ts';

export class SchemaTooNewError extends Error {
  readonly fileVersion: number;
  readonly codeVersion: number;

  constructor(fileVersion: number, codeVersion: number) {
    super(
      `数据文件的结构版本（v${fileVersion}）比本程序支持的版本（v${codeVersion}）新，可能由更新版本的程序创建。` +
        '请升级本程序后再打开；为保护数据，本程序不会修改该文件。',
    );
    this.name = 'SchemaTooNewError';
    this.fileVersion = fileVersion;
    this.codeVersion = codeVersion;
  }
}

/** SQLite keeps it in PRAGMA user_version, PostgreSQL in the schema_version table (db/postgres/schema-version.ts). */
export const schemaVersionOf = (db: Db): number =>
  db.engine === 'postgres' ? postgresSchemaVersion(db) : (db.pragma('user_version', { simple: true }) as number);

export const latestVersion = (migrations: readonly Migration[] = MIGRATIONS): number => migrations.reduce((max, m) => Math.max(max, m.version), 0);

export interface MigrateOptions {
  migrations?: readonly Migration[];
  /** Called once before the first pending migration runs on a file that already holds data. */
  beforeMigrate?: (fromVersion: number, toVersion: number) => Promise<void>;
}

/**
 * Brings the schema up to date: all pending migrations in one transaction, so a failure
 * leaves the file exactly as it was. Refuses a file newer than the code.
 */
export async function migrate(db: Db, options: MigrateOptions = {}): Promise<{ from: number; to: number }> {
  const migrations = [...(options.migrations ?? MIGRATIONS)].sort((a, b) => a.version - b.version);
  const target = latestVersion(migrations);
  const from = schemaVersionOf(db);
  if (from > target) throw new SchemaTooNewError(from, target);
  const pending = migrations.filter((m) => m.version > from);
  if (pending.length === 0) return { from, to: from };
  if (from > 0 && options.beforeMigrate) await options.beforeMigrate(from, target);
  if (db.engine === 'postgres') return migratePostgres(db, migrations, from, target);
  db.transaction(() => {
    for (const m of pending) {
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    }
  }).immediate();
  return { from, to: target };
}

/**
 * PostgreSQL: the baseline (standing for versions 1–27) then each later step's `postgres` side,
 * all in one transaction. Several server processes may start at once: the first takes the
 * migration lock and migrates; the others wait for it, then find nothing left to do.
 */
function migratePostgres(db: Db, migrations: readonly Migration[], from: number, target: number): { from: number; to: number } {
  const steps = postgresSteps(migrations, from); // refuses a step without its PostgreSQL side before anything is written
  db.transaction(() => {
    db.prepare('SELECT pg_advisory_xact_lock(?, ?)').get(...MIGRATION_LOCK_KEYS);
    db.exec(SCHEMA_VERSION_TABLE_SQL);
    const now = postgresSchemaVersion(db);
    if (now > target) throw new SchemaTooNewError(now, target);
    for (const step of steps) {
      if (step.version <= now) continue; // another process got there first
      step.run(db);
      recordPostgresVersion(db, step.version, step.name);
    }
  }).immediate();
  return { from, to: target };
}
