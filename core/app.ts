import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { registry } from './api.ts';
import type { Context, Host } from './contract.ts';
import { dispatch } from './dispatch.ts';
import type { CallResult } from './errors.ts';
import { ANONYMOUS, LOCAL_ADMIN, type Actor } from './permissions.ts';
import { systemClock, type Clock } from './clock.ts';
import { fileLogger } from './log.ts';
import { JobRunner, type DownloadFile } from './jobs.ts';
import { openDatabase } from '../db/open.ts';
import { latestVersion, migrate, schemaVersionOf } from '../db/migrate.ts';
import type { Migration } from '../db/migrations/index.ts';
import { backupDatabase, latestGoodBackup, listBackups, rotateBackups, snapshotDatabase, type BackupFile } from '../db/backup.ts';
import { backupDirOf } from '../db/repos/settings.ts';
import { getUser } from '../db/repos/users.ts';

export interface CoreOptions {
  /** The SQLite file; created when missing (unless backups exist: see StartupProblem). */
  dataFile: string;
  /** Where automatic backups go; defaults to `backups/` beside the data file. */
  backupDir?: string;
  clock?: Clock;
  /** Start on a new, empty database although the data file is missing and backups exist. */
  allowEmptyStart?: boolean;
  /** Where core's log files go; defaults to `logs/` beside the data file. */
  logDir?: string;
  /** Operations slower than this are logged (default 100 ms). */
  slowOperationMs?: number;
  /** The schema steps to apply; defaults to every released migration (tests pass their own). */
  migrations?: readonly Migration[];
}

export interface Core {
  readonly db: Database.Database;
  readonly dataFile: string;
  /** For tests and trusted callers: runs as `actor` (default: the local administrator). */
  call(name: string, input: unknown, actor?: Actor): CallResult<unknown>;
  /** The shells' entry: resolves the session token the renderer sent to its user; none → only `auth.*`.
   *  `source`: where the call came from ('local' for the desktop shell, the caller's address for the web shell). */
  callWithSession(name: string, input: unknown, sessionToken: string | undefined, source?: string): CallResult<unknown>;
  /**
   * The shells' download route: the file a `jobs.download` ticket stands for, once, presented with
   * the session token that asked for it (null when unknown, used, expired, or asked by another session).
   */
  takeDownload(ticket: string, sessionToken?: string): DownloadFile | null;
  close(): void;
}

/** Why the app cannot simply start on its data file; the shells show `message` and offer `latestGood`. */
export class StartupProblem extends Error {
  readonly kind: 'missing' | 'damaged';
  readonly latestGood: BackupFile | undefined;

  constructor(kind: 'missing' | 'damaged', message: string, latestGood: BackupFile | undefined) {
    super(message);
    this.name = 'StartupProblem';
    this.kind = kind;
    this.latestGood = latestGood;
  }
}

const DAY_MS = 24 * 60 * 60 * 1000;
const SESSION_IDLE_MS = 12 * 60 * 60 * 1000;
/** Files up to this size get a full quick_check at start; larger ones only a header and schema read (open budget). */
const QUICK_CHECK_MAX_BYTES = 64 * 1024 * 1024;

const offer = (good: BackupFile | undefined) =>
  good ? `最近一个完好的备份是「${good.name}」（${good.createdAt.slice(0, 16).replace('T', ' ')} UTC），可从它恢复。` : '没有找到可用的备份。';

/** Opens the data file after checking it can be read; refuses to start empty when backups exist. */
function openChecked(options: CoreOptions, backupDir: string): Database.Database {
  const { dataFile } = options;
  if (!fs.existsSync(dataFile) && !options.allowEmptyStart && listBackups(backupDir).length > 0) {
    throw new StartupProblem(
      'missing',
      `找不到数据文件「${dataFile}」，但备份文件夹中有备份。为避免在空数据库上开始工作，程序没有新建数据文件。${offer(latestGoodBackup(backupDir, latestVersion()))}`,
      latestGoodBackup(backupDir, latestVersion()),
    );
  }
  let db: Database.Database | undefined;
  try {
    db = openDatabase(dataFile);
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    if (fs.statSync(dataFile).size <= QUICK_CHECK_MAX_BYTES) {
      const result = db.pragma('quick_check', { simple: true });
      if (result !== 'ok') throw new Error(String(result));
    }
    return db;
  } catch (error) {
    db?.close();
    const good = latestGoodBackup(backupDir, latestVersion());
    throw new StartupProblem(
      'damaged',
      `数据文件「${dataFile}」已损坏或无法读取（${error instanceof Error ? error.message : String(error)}）。${offer(good)}`,
      good,
    );
  }
}

/** Replaces a damaged or missing data file with a backup (the damaged file is kept beside it). */
export function restoreDataFile(dataFile: string, backupFile: string): void {
  if (fs.existsSync(dataFile)) fs.renameSync(dataFile, `${dataFile}.damaged-${new Date().toISOString().replace(/[:.]/g, '-')}`);
  for (const suffix of ['-wal', '-shm']) fs.rmSync(`${dataFile}${suffix}`, { force: true });
  fs.copyFileSync(backupFile, dataFile);
}

/** Opens the database, migrates it (after a backup when it holds data) and returns the API. */
export async function openCore(options: CoreOptions): Promise<Core> {
  const defaultBackupDir = options.backupDir ?? path.join(path.dirname(options.dataFile), 'backups');
  let db = openChecked(options, defaultBackupDir);
  try {
    await migrate(db, {
      ...(options.migrations ? { migrations: options.migrations } : {}),
      beforeMigrate: async (from, to) => {
        await backupDatabase(db, backupDirOf(db, defaultBackupDir), `before-migration-v${from}-to-v${to}`);
      },
    });
    await dailyBackup(db, defaultBackupDir);
  } catch (error) {
    db.close();
    throw error;
  }
  const clock = options.clock ?? systemClock;
  const log = fileLogger(options.logDir ?? path.join(path.dirname(options.dataFile), 'logs'), { slowMs: options.slowOperationMs ?? 100 });
  const jobs = new JobRunner((title, error) => log.error(`任务「${title}」失败`, error));
  const sessions = new Map<string, { userId: number; lastSeen: number }>();
  const hashToken = (token: string) => crypto.createHash('sha256').update(token).digest('hex');
  let pendingReplacement: string | undefined;
  /** A session's download tickets end with it. */
  const endSession = (key: string) => {
    sessions.delete(key);
    jobs.endSession(key);
  };

  const hostFor = (sessionToken: string | undefined): Host => ({
    startSession(userId) {
      const token = crypto.randomBytes(32).toString('base64url');
      sessions.set(hashToken(token), { userId, lastSeen: Date.now() });
      return token;
    },
    endSession() {
      if (sessionToken) endSession(hashToken(sessionToken));
    },
    endSessionsOf(userId) {
      for (const [key, s] of sessions) if (s.userId === userId) endSession(key);
    },
    endOtherSessionsOf(userId) {
      const current = sessionToken ? hashToken(sessionToken) : undefined;
      for (const [key, s] of sessions) if (s.userId === userId && key !== current) sessions.delete(key);
    },
    backupDir: () => defaultBackupDir,
    replaceDatabaseWith(file) {
      pendingReplacement = file;
    },
  });

  /** Swaps the database file after a restore operation returned; every session ends. */
  function applyReplacement() {
    const file = pendingReplacement;
    pendingReplacement = undefined;
    if (!file) return;
    db.close();
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${options.dataFile}${suffix}`, { force: true });
    fs.copyFileSync(file, options.dataFile);
    db = openDatabase(options.dataFile);
    if (schemaVersionOf(db) < latestVersion()) {
      snapshotDatabase(db, backupDirOf(db, defaultBackupDir), `before-migration-v${schemaVersionOf(db)}-to-v${latestVersion()}`);
      // Without a beforeMigrate hook, migrate runs synchronously (one transaction).
      migrate(db).catch((error: unknown) => log.error('migrating the restored database failed', error));
    }
    for (const key of [...sessions.keys()]) endSession(key);
  }

  function run(name: string, input: unknown, actor: Actor, sessionToken: string | undefined, source: string): CallResult<unknown> {
    const owner = { userId: actor.id, session: sessionToken ? hashToken(sessionToken) : null, admin: actor.role === 'admin' };
    const ctx: Context = { db, actor, clock, dataFile: options.dataFile, jobs: jobs.actingFor(owner), host: hostFor(sessionToken), log, source };
    const started = performance.now();
    const result = dispatch(registry, ctx, name, input);
    log.timed(name, performance.now() - started);
    applyReplacement();
    return result;
  }

  function actorOf(sessionToken: string | undefined): Actor {
    if (!sessionToken) return ANONYMOUS;
    const key = hashToken(sessionToken);
    const session = sessions.get(key);
    if (!session || Date.now() - session.lastSeen > SESSION_IDLE_MS) {
      sessions.delete(key);
      return ANONYMOUS;
    }
    const user = getUser(db, session.userId);
    if (!user || !user.active) {
      sessions.delete(key);
      return ANONYMOUS;
    }
    session.lastSeen = Date.now();
    return { id: user.id, name: user.displayName, role: user.role, baseIds: user.baseIds };
  }

  return {
    get db() {
      return db;
    },
    dataFile: options.dataFile,
    call(name, input, actor = LOCAL_ADMIN) {
      return run(name, input, actor, undefined, 'local');
    },
    callWithSession(name, input, sessionToken, source = 'local') {
      return run(name, input, actorOf(sessionToken), sessionToken, source);
    },
    takeDownload(ticket, sessionToken) {
      // A session that has ended or idled out takes nothing (its tickets usually died with it).
      if (sessionToken && actorOf(sessionToken) === ANONYMOUS) return null;
      const file = jobs.redeem(ticket, sessionToken ? hashToken(sessionToken) : null);
      return file && fs.existsSync(file.path) ? file : null;
    },
    close() {
      jobs.dispose();
      db.close();
    },
  };
}

/** At start: a backup when the newest one is older than a day (and there is something to back up). */
async function dailyBackup(db: Database.Database, defaultDir: string): Promise<void> {
  const dir = backupDirOf(db, defaultDir);
  const hasData = (db.prepare(`SELECT (SELECT count(*) FROM app_user) + (SELECT count(*) FROM person) AS n`).get() as { n: number }).n > 0;
  if (!hasData) return;
  const newest = listBackups(dir)[0];
  if (newest && Date.now() - Date.parse(newest.createdAt) < DAY_MS) return;
  try {
    await backupDatabase(db, dir, 'daily');
    rotateBackups(dir);
  } catch (error) {
    console.error(`[core] automatic backup to ${dir} failed:`, error);
  }
}
