import type { Migration } from './types.ts';

/**
 * Issue 21, several server processes on one PostgreSQL database.
 *
 * `server_job`: the jobs each server process runs (core/jobs.ts, core/shared-jobs.ts), so that a
 * job started through one process is followed (status), cancelled and, where its file is, taken
 * from any of them. `server_claim`: work that only one process may do, claimed by a row (the day's
 * scheduled backup, core/scheduled-backups.ts). Neither is audited: they say what the processes
 * are doing, not what the association's data is. On SQLite one process owns the file (the data
 * folder's lock), so nothing writes them there; the tables exist on both engines so that there is
 * one schema (a backup of a PostgreSQL database is a SQLite file with the same tables).
 *
 * On PostgreSQL also trigram indexes (pg_trgm) for the fragment search of people (name, full
 * pinyin, initials, 身份证号, phone: db/repos/people.ts), which db/engine/dialect.ts spells as
 * `LIKE '%…%'` there so the indexes serve it. SQLite has no such index (its search scans narrow
 * indexes with instr(), migration 0015), so its side has none. A server where pg_trgm cannot be
 * installed (not available, or the app's role may not create it) still migrates: the search then
 * scans as before, and the step says so on the server's output.
 */
const TRIGRAM_COLUMNS = ['name', 'name_pinyin', 'name_initials', 'id_number', 'phone'] as const;

export const migration0037: Migration = {
  version: 37,
  name: 'server_processes',
  up(db) {
    db.exec(`
      CREATE TABLE server_job (
        id                TEXT PRIMARY KEY,
        process_id        TEXT NOT NULL,
        title             TEXT NOT NULL,
        owner_user_id     INTEGER,
        owner_session     TEXT,
        state             TEXT NOT NULL CHECK (state IN ('running', 'done', 'failed', 'cancelled')),
        done              INTEGER NOT NULL DEFAULT 0,
        total             INTEGER NOT NULL DEFAULT 0,
        phase             TEXT NOT NULL,
        error             TEXT,
        result            TEXT,
        file_name         TEXT,
        cancel_requested  INTEGER NOT NULL DEFAULT 0 CHECK (cancel_requested IN (0, 1)),
        started_at        TEXT NOT NULL,
        updated_at        TEXT NOT NULL
      );
      CREATE INDEX server_job_state ON server_job(state, process_id);
      CREATE TABLE server_claim (
        name        TEXT PRIMARY KEY,
        process_id  TEXT NOT NULL,
        claimed_at  TEXT NOT NULL
      );
    `);
  },
  postgres(db) {
    db.exec(`
      CREATE TABLE server_job (
        id                text COLLATE "C" PRIMARY KEY,
        process_id        text COLLATE "C" NOT NULL,
        title             text COLLATE "C" NOT NULL,
        owner_user_id     bigint,
        owner_session     text COLLATE "C",
        state             text COLLATE "C" NOT NULL CHECK (state IN ('running', 'done', 'failed', 'cancelled')),
        done              bigint NOT NULL DEFAULT 0,
        total             bigint NOT NULL DEFAULT 0,
        phase             text COLLATE "C" NOT NULL,
        error             text COLLATE "C",
        result            text COLLATE "C",
        file_name         text COLLATE "C",
        cancel_requested  bigint NOT NULL DEFAULT 0 CHECK (cancel_requested IN (0, 1)),
        started_at        text COLLATE "C" NOT NULL,
        updated_at        text COLLATE "C" NOT NULL
      );
      CREATE INDEX server_job_state ON server_job(state, process_id);
      CREATE TABLE server_claim (
        name        text COLLATE "C" PRIMARY KEY,
        process_id  text COLLATE "C" NOT NULL,
        claimed_at  text COLLATE "C" NOT NULL
      );
    `);
    if (!installTrigramExtension(db)) {
      console.warn(
        '[migration 37] PostgreSQL 扩展 pg_trgm 不可用或无权安装：人员搜索不使用三元组索引（结果相同，数据量大时较慢）。' +
          '数据库管理员可执行 CREATE EXTENSION pg_trgm 后重启服务器。 / pg_trgm is not available: people search scans without trigram indexes.',
      );
      return;
    }
    createTrigramIndexes(db);
  },
};

/** Installs pg_trgm when the server has it and the role may (a trusted extension since PostgreSQL 13); false otherwise. A savepoint keeps a refusal from aborting the migration. */
function installTrigramExtension(db: Parameters<Migration['up']>[0]): boolean {
  if (!db.prepare(`SELECT 1 AS "has" FROM pg_available_extensions WHERE name = 'pg_trgm'`).get()) return false;
  try {
    db.transaction(() => db.exec('CREATE EXTENSION IF NOT EXISTS pg_trgm'))();
    return true;
  } catch {
    return false;
  }
}

/** One GIN trigram index per searched column (LIKE '%…%' on it then reads the index). */
function createTrigramIndexes(db: Parameters<Migration['up']>[0]): void {
  for (const column of TRIGRAM_COLUMNS) db.exec(`CREATE INDEX IF NOT EXISTS person_${column}_trgm ON person USING gin (${column} gin_trgm_ops)`);
}
