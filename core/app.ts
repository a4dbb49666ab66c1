import path from 'node:path';
import type Database from 'better-sqlite3';
import { registry } from './api.ts';
import type { Context } from './contract.ts';
import { dispatch } from './dispatch.ts';
import type { CallResult } from './errors.ts';
import { LOCAL_ADMIN, type Actor } from './permissions.ts';
import { systemClock, type Clock } from './clock.ts';
import { JobRunner } from './jobs.ts';
import { openDatabase } from '../db/open.ts';
import { migrate } from '../db/migrate.ts';
import type { Migration } from '../db/migrations/index.ts';
import { backupDatabase } from '../db/backup.ts';

export interface CoreOptions {
  /** The SQLite file; created when missing. */
  dataFile: string;
  /** Where automatic backups go; defaults to `backups/` beside the data file. */
  backupDir?: string;
  clock?: Clock;
  /** The schema steps to apply; defaults to every released migration (tests pass their own). */
  migrations?: readonly Migration[];
}

export interface Core {
  readonly db: Database.Database;
  readonly dataFile: string;
  call(name: string, input: unknown, actor?: Actor): CallResult<unknown>;
  close(): void;
}

/** Opens the database, migrates it (after a backup when it holds data) and returns the API. */
export async function openCore(options: CoreOptions): Promise<Core> {
  const db = openDatabase(options.dataFile);
  const backupDir = options.backupDir ?? path.join(path.dirname(options.dataFile), 'backups');
  try {
    await migrate(db, {
      ...(options.migrations ? { migrations: options.migrations } : {}),
      beforeMigrate: async (from, to) => {
        await backupDatabase(db, backupDir, `before-migration-v${from}-to-v${to}`);
      },
    });
  } catch (error) {
    db.close();
    throw error;
  }
  const clock = options.clock ?? systemClock;
  const jobs = new JobRunner();
  return {
    db,
    dataFile: options.dataFile,
    call(name, input, actor = LOCAL_ADMIN) {
      const ctx: Context = { db, actor, clock, dataFile: options.dataFile, jobs };
      return dispatch(registry, ctx, name, input);
    },
    close() {
      db.close();
    },
  };
}
