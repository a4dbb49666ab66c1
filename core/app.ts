import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../db/engine/types.ts';
import { operationTitle, registry } from './api.ts';
import type { Context, Host } from './contract.ts';
import { traced } from './turn-trace.ts';
import { dispatch, prepareCall } from './dispatch.ts';
import type { CallResult } from './errors.ts';
import { ANONYMOUS, LOCAL_ADMIN, type Actor } from './permissions.ts';
import { zonedClock, type Clock } from './clock.ts';
import { DEFAULT_TIME_ZONE, formatInstant } from './dates.ts';
import { configuredTimeZone } from './time-zone.ts';
import { ScheduledBackups } from './scheduled-backups.ts';
import { fileLogger, type Logger } from './log.ts';
import { documentKey } from './documents/keys.ts';
import { AuditAnchor } from './audit-anchor.ts';
import { JobRunner, type DownloadFile } from './jobs.ts';
import { SharedJobs } from './shared-jobs.ts';
import { SignInSessions, tokenDigest, type SessionClient } from './sign-in-sessions.ts';
import { openDatabase, openPostgres } from '../db/open.ts';
import { withoutPassword } from './shell/database-url.ts';
import { hasTable } from '../db/engine/catalog.ts';
import { latestVersion, migrate, schemaVersionOf } from '../db/migrate.ts';
import type { Migration } from '../db/migrations/index.ts';
import {
  backupDatabase,
  backupKindLabel,
  goodBackups,
  listBackups,
  recommendedBackup,
  removePartialBackups,
  snapshotDatabase,
  type BackupFile,
} from '../db/backup.ts';
import { backupDirOf } from '../db/repos/settings.ts';
import { restorePostgresFrom } from '../db/postgres/restore.ts';
import { PostgresDb } from '../db/engine/postgres.ts';
import { announceChange, ChangeChannel } from '../db/postgres/change-channel.ts';
import { getUser } from '../db/repos/users.ts';
import { endAllSessions } from '../db/repos/user-sessions.ts';
import { AppError } from './errors.ts';
import { appendAuditEntry, withAuditContext } from '../db/audit.ts';
import { ChangeFeed, changeOrigin, visibleTo, type ChangeNotice, type PublishedChange } from './change-notices.ts';
import { readOnlyCall, readsGoAround, readsOnly } from './reads-during-writes.ts';
import { writesHeld } from './write-gate.ts';
import { stopPeopleSearch } from './people/search-off-thread.ts';

export interface CoreOptions {
  /** The SQLite file; created when missing (unless backups exist: see StartupProblem). With `database`, where the data folder is (logs, the audit key and anchor, backups). */
  dataFile: string;
  /** A PostgreSQL database (postgres://…) instead of the SQLite file: the server engine (db/engine/postgres.ts). */
  database?: string;
  /** Where automatic backups go; defaults to `backups/` beside the data file. */
  backupDir?: string;
  /** A whole clock (tests fixing today); by default instants from `now` and "today" in the configured time zone. */
  clock?: Clock;
  /** Where instants come from (ISO UTC; tests set an hour): the system's by default. */
  now?: () => string;
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
  readonly db: Db;
  readonly dataFile: string;
  /** The data file's schema version (SQLite's user_version), for the shells' start-up report. */
  readonly schemaVersion: number;
  /** For tests and trusted callers: runs as `actor` (default: the local administrator). */
  call(name: string, input: unknown, actor?: Actor): CallResult<unknown>;
  /** The shells' entry: resolves the session token the renderer sent to its user; none → only `auth.*`.
   *  `source`: where the call came from ('local' for the desktop shell, the caller's address for the web shell);
   *  `userAgent`: the caller's browser, kept with a session it starts (在线用户). */
  callWithSession(
    name: string,
    input: unknown,
    sessionToken: string | undefined,
    source?: string,
    userAgent?: string,
    /** `writerLockNow`, PostgreSQL: a command does not wait for the writer lock held elsewhere, it answers WRITER_LOCK_HELD_ELSEWHERE (the web shell tries again).
     *  `prepared`: what `prepare` made for this call.
     *  `page`: which open page of the app made the call (core/shell/page-id.ts), so that only it takes the change as its own. */
    options?: { writerLockNow?: boolean; prepared?: PreparedCall | null; page?: string | undefined },
  ): CallResult<unknown>;
  /**
   * The shells' first step: the operation's slow work off the serving thread (core/contract.ts `prepare`: a password's
   * scrypt), awaited before the write gate and the call, which then takes it (`callWithSession`'s `prepared`).
   * Null when the operation has no such step: the call goes on at once.
   */
  prepare(name: string, input: unknown, sessionToken: string | undefined, source?: string): Promise<PreparedCall> | null;
  /**
   * Whether a call of this operation must wait while work holds the write lock across turns
   * (core/write-gate.ts): commands, system operations and queries that write; on PostgreSQL every call.
   * The others run meanwhile, query-only (core/reads-during-writes.ts).
   */
  waitsForWrites(name: string): boolean;
  /** Who a session token signs in (ANONYMOUS when none, ended or timed out), e.g. for a shell's event stream. */
  sessionActor(sessionToken: string | undefined): Actor;
  /**
   * The shells' download route: the file a `jobs.download` ticket stands for, once, presented with
   * the session token that asked for it (null when unknown, used, expired, or asked by another session).
   */
  takeDownload(ticket: string, sessionToken?: string): DownloadFile | null;
  /** Every change notice core publishes after committed work, unfiltered (core/change-notices.ts). */
  onChange(listener: (change: PublishedChange) => void): () => void;
  /**
   * The shells' event stream: the notices a session's user may see, until `close()` or the session
   * ends (then `ended` is called once). Null when the session is unknown or over. `check()` re-reads
   * the session (a heartbeat) and ends the watch when it is over.
   */
  watchChanges(
    sessionToken: string | undefined,
    listener: (notice: ChangeNotice) => void,
    ended?: () => void,
    /** The page that follows (core/shell/page-id.ts): the session's other pages' changes reach it as not its own. */
    page?: string,
  ): ChangeWatch | null;
  close(): void;
}

/** What an operation's prepare step made, for the one call (name and input) it was made for. */
export interface PreparedCall {
  readonly name: string;
  readonly input: unknown;
  readonly value: unknown;
}

export interface ChangeWatch {
  close(): void;
  /** False (and `ended` called) once the session is over. */
  check(): boolean;
}

/** Why the app cannot simply start on its data file; the shells show `message` and offer `latestGood`. */
export class StartupProblem extends Error {
  readonly kind: 'missing' | 'damaged' | 'readonly';
  readonly latestGood: BackupFile | undefined;

  constructor(kind: 'missing' | 'damaged' | 'readonly', message: string, latestGood: BackupFile | undefined) {
    super(message);
    this.name = 'StartupProblem';
    this.kind = kind;
    this.latestGood = latestGood;
  }
}

/** How often the scheduled backup looks whether it is due. */
const SCHEDULE_CHECK_MS = 60 * 1000;
/** Files up to this size get a full quick_check at start; larger ones only a header and schema read (open budget). */
const QUICK_CHECK_MAX_BYTES = 64 * 1024 * 1024;

/** A backup's time as the user reads it (the data, and with it the configured zone, cannot be read here). */
const localTime = (iso: string) => formatInstant(iso, DEFAULT_TIME_ZONE);
const described = (f: BackupFile) => `「${f.name}」（${backupKindLabel(f.label)}，${localTime(f.createdAt)}）`;

/**
 * The backups a start-up problem offers: the recommended one first (the newest that is not the
 * safety copy made before a restore), then the others by time, each named by its kind.
 */
function offer(good: readonly BackupFile[]): string {
  const best = recommendedBackup(good);
  if (!best) return '没有找到可用的备份。';
  const others = good.filter((f) => f !== best);
  return `可从最近的完好备份${described(best)}恢复。${others.length ? `\n其他完好的备份（从新到旧）：${others.map(described).join('；')}。` : ''}`;
}

/** Whether the program may create, rename and delete files in the folder (the data file's journal, a restore). */
export function folderWritable(dir: string): boolean {
  const probe = path.join(dir, `.sws-write-test-${process.pid}`);
  try {
    fs.writeFileSync(probe, 'ok');
    fs.rmSync(probe);
    return true;
  } catch {
    fs.rmSync(probe, { force: true });
    return false;
  }
}

/** Opens the data file after checking it can be read; refuses to start empty when backups exist. */
function openChecked(options: CoreOptions, backupDir: string, log: Logger): Db {
  const { dataFile } = options;
  if (options.database) return openPostgresChecked(options.database, log);
  const folder = path.dirname(dataFile);
  if (fs.existsSync(folder) && !folderWritable(folder)) throw new StartupProblem('readonly', `数据文件夹不可写：${folder}`, undefined);
  fs.rmSync(`${dataFile}.restoring`, { force: true }); // a restore's copy cut short by a crash (see swapDataFile)
  if (!fs.existsSync(dataFile) && !options.allowEmptyStart && listBackups(backupDir).length > 0) {
    const good = goodBackups(backupDir, latestVersion());
    throw new StartupProblem(
      'missing',
      `找不到数据文件「${dataFile}」，但备份文件夹中有备份。为避免在空数据库上开始工作，程序没有新建数据文件。${offer(good)}`,
      recommendedBackup(good),
    );
  }
  let db: Db | undefined;
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
    // SQLite's own report can run to a hundred lines: it goes to the log, the user reads one sentence.
    log.error(`数据文件无法打开：${dataFile}`, error);
    const good = goodBackups(backupDir, latestVersion());
    throw new StartupProblem('damaged', `数据文件「${dataFile}」已损坏，无法打开（详细情况已写入日志：${log.dir}）。\n${offer(good)}`, recommendedBackup(good));
  }
}

/** The PostgreSQL database, or a start-up problem that says which server could not be reached (never the password). */
function openPostgresChecked(url: string, log: Logger): Db {
  try {
    return openPostgres(url);
  } catch (error) {
    log.error('无法连接 PostgreSQL 数据库', error);
    throw new StartupProblem('damaged', `无法连接 PostgreSQL 数据库「${withoutPassword(url)}」：${(error as Error).message}`, undefined);
  }
}

/**
 * Replaces a damaged or missing data file with a backup (the damaged file is kept beside it).
 * The restore is logged in the restored log and the audit anchor follows the restored data, so
 * the next start's check does not mistake the older log for a truncated one.
 */
export function restoreDataFile(dataFile: string, backupFile: string): void {
  if (fs.existsSync(dataFile)) fs.renameSync(dataFile, `${dataFile}.damaged-${new Date().toISOString().replace(/[:.]/g, '-')}`);
  for (const suffix of ['-wal', '-shm']) fs.rmSync(`${dataFile}${suffix}`, { force: true });
  fs.copyFileSync(backupFile, dataFile);
  const db = openDatabase(dataFile);
  try {
    // The sessions the backup held are over: a restored file signs nobody in (a restore in the app does the same).
    if (db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'user_session'`).get()) {
      endAllSessions(db, null, new Date().toISOString(), 'restore');
    }
    if (!db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'audit_log'`).get()) return; // from before the log
    withAuditContext(db, { actorId: null, actorName: '系统', operation: 'startup.restore', at: new Date().toISOString() }, () =>
      appendAuditEntry(db, 'backup', { 恢复自备份: path.basename(backupFile), 原因: '启动时数据文件缺失或损坏' }),
    );
    new AuditAnchor(dataFile).renew(db);
  } finally {
    db.close();
  }
}

/** Opens the database, migrates it (after a backup when it holds data) and returns the API. */
export async function openCore(options: CoreOptions): Promise<Core> {
  const defaultBackupDir = options.backupDir ?? path.join(path.dirname(options.dataFile), 'backups');
  // Log lines are stamped in the configured zone once the data (which holds it) is open.
  let zoneOfLog = () => DEFAULT_TIME_ZONE;
  const log = fileLogger(options.logDir ?? path.join(path.dirname(options.dataFile), 'logs'), {
    slowMs: options.slowOperationMs ?? 100,
    timeZone: () => zoneOfLog(),
  });
  const fileExisted = fs.existsSync(options.dataFile); // before opening creates it
  let db = openChecked(options, defaultBackupDir, log);
  // A new PostgreSQL database is one no migration has touched yet.
  const newFile = options.database ? schemaVersionOf(db) === 0 : !fileExisted;
  zoneOfLog = () => configuredTimeZone(db);
  const clock = options.clock ?? zonedClock(() => configuredTimeZone(db), options.now);
  const anchor = new AuditAnchor(options.dataFile);
  /** This server process among those sharing a PostgreSQL database (change notices, jobs, the scheduled backup's claim). */
  const processId = randomUUID();
  documentKey(options.dataFile); // the association's document key exists from the first start (core/documents/keys.ts)
  const scheduled = new ScheduledBackups({
    db: () => db,
    dataFile: options.dataFile,
    clock,
    dir: () => backupDirOf(db, defaultBackupDir),
    anchor,
    log,
    processId,
  });
  try {
    for (const dir of new Set([defaultBackupDir, backupDirOf(db, defaultBackupDir)])) removePartialBackups(dir);
    checkAuditAtStart(db, anchor, log);
    await migrate(db, {
      ...(options.migrations ? { migrations: options.migrations } : {}),
      // On both engines a backup first (PostgreSQL's: a dump into a SQLite data file, db/postgres/dump.ts).
      beforeMigrate: async (from: number, to: number) => {
        anchor.signBackup(await backupDatabase(db, backupDirOf(db, defaultBackupDir), `before-migration-v${from}-to-v${to}`), db);
      },
    });
    await scheduled.tick();
    try {
      anchor.afterStart(db, { newFile });
    } catch (error) {
      log.error('写入日志锚点失败', error); // the log itself is intact; the next verify says what is missing
    }
  } catch (error) {
    db.close();
    throw error;
  }
  const feed = new ChangeFeed(
    () => db,
    (error) => log.error('变更通知失败', error),
  );
  // On PostgreSQL other server processes may share the database: each tells the others when it
  // committed work, and hears theirs (db/postgres/change-channel.ts), so change notices reach users on all of them.
  const channel = options.database
    ? new ChangeChannel(
        options.database,
        processId,
        () =>
          traced('heard-from-elsewhere', () => {
            // Each process signs the head it has seen, so its anchor covers what the others wrote too.
            feed.heardFromElsewhere();
            keepAnchor();
          }),
        (error) => log.error('跨进程变更通知的连接中断，稍后重连', error),
      )
    : null;
  await channel?.start();
  /** Publishes what was committed since the last call, and tells the other server processes when there was any. */
  function publishChanges(by?: { session: string | null; operation: string }) {
    if (!feed.publish(by) || !channel) return;
    try {
      announceChange(db, processId);
    } catch (error) {
      log.error('跨进程变更通知发送失败', error); // the others catch up at the next notice
    }
  }
  const jobs = new JobRunner(
    (title, error) => log.error(`任务「${title}」失败`, error),
    () => {
      keepAnchor();
      publishChanges(); // what a job committed (an import, example data): other users' screens refresh
    },
    // On PostgreSQL, jobs are seen (status, cancel; the download where the file is) from every server process (core/shared-jobs.ts).
    options.database
      ? new SharedJobs(
          () => db,
          processId,
          (what, error) => log.error(`${what}失败`, error),
        )
      : undefined,
  );
  const scheduleTimer = setInterval(
    () => void traced('timer:backup', () => scheduled.tick()).catch((error: unknown) => log.error('定时备份失败', error)),
    SCHEDULE_CHECK_MS,
  );
  scheduleTimer.unref(); // never keeps the process alive
  // Sign-in sessions live in the database (core/sign-in-sessions.ts); a session's download tickets end with it.
  /** Counts the sessions ended by this process (log-outs, deactivations, restores): a change stream then checks who its user is now. */
  let sessionEnds = 0;
  const sessions = new SignInSessions(
    () => db,
    clock,
    (digests) => {
      sessionEnds++;
      digests.forEach((digest) => jobs.endSession(digest));
    },
  );

  /** Signs the log's new head after committed work; a failure to write it is logged, never fatal. */
  function keepAnchor() {
    try {
      anchor.update(db);
    } catch (error) {
      log.error('写入日志锚点失败', error);
    }
  }

  const hostFor = (sessionToken: string | undefined, client: SessionClient): Host => {
    /** Set by a restore: how many other sessions were live in the data it replaced (they all end). */
    let endedByRestore: number | undefined;
    return {
      operationTitle,
      startSession: (userId) => sessions.start(userId, client),
      endSession: () => sessions.end(sessionToken, 'logout'),
      endSessionsOf: (userId) => void sessions.endOfUser(userId, undefined, 'deactivated'),
      endOtherSessionsOf: (userId) => void sessions.endOfUser(userId, sessionToken, 'password-changed'),
      endOtherSessions() {
        const ended = sessions.endAll(sessionToken, 'restore');
        return endedByRestore ?? ended;
      },
      onlineSessions() {
        const own = sessionToken ? tokenDigest(sessionToken) : null;
        return sessions.online().map(({ tokenSha256, ...row }) => ({ ...row, current: tokenSha256 === own }));
      },
      endSessionById: (id) => sessions.endById(id, 'ended-by-admin'),
      backupDir: () => defaultBackupDir,
      checkReplacement: (file) => replacementProblem(options.dataFile, file),
      replaceDatabaseWith(file) {
        const own = sessions.resolve(sessionToken);
        const me = own?.user;
        const othersLive = sessions.online().filter((s) => s.id !== own?.id).length;
        if (db.engine === 'postgres') {
          // The backup's rows replace the database's in one transaction, checked before its commit (db/postgres/restore.ts).
          try {
            restorePostgresFrom(db, file, `${options.dataFile}.restoring`);
          } catch (error) {
            log.error('restore into PostgreSQL failed; the database is as it was', error);
            throw new AppError('CONFLICT', `从备份恢复失败，数据库保持原样：${error instanceof Error ? error.message : String(error)}`);
          }
          feed.replaced();
        } else {
          try {
            stopPeopleSearch(db); // its connection reads the file being replaced
            db = swapDataFile(db, options.dataFile, file, defaultBackupDir, log);
            feed.replaced();
          } catch (error) {
            if (!db.open) db = openDatabase(options.dataFile); // the data it had: the swap failed before or at the rename
            throw error;
          }
        }
        // The restored data brings the sessions it held then: none of them goes on. The caller stays
        // signed in only as the same account in the restored data.
        sessions.endAll(undefined, 'restore');
        const again = me && getUser(db, me.id);
        if (own && again && again.username === me.username && again.active) sessions.carryOver(own);
        endedByRestore = othersLive;
        return db;
      },
      audit: () => anchor,
    };
  };

  /**
   * `writerLockNow`: on PostgreSQL, a command finds the writer lock held by another connection (an import's publish
   * on another server process) and answers WRITER_LOCK_HELD_ELSEWHERE at once, nothing run, instead of waiting for
   * the lock with the serving thread held; the web shell calls again a moment later (web/server.ts).
   */
  function run(
    name: string,
    input: unknown,
    actor: Actor,
    sessionToken: string | undefined,
    client: SessionClient,
    writerLockNow = false,
    prepared?: PreparedCall | null,
    page?: string,
  ): CallResult<unknown> {
    const owner = { userId: actor.id, session: sessionToken ? tokenDigest(sessionToken) : null, admin: actor.role === 'admin' };
    // While an import publishes, a query runs in one read transaction begun for this call, query-only.
    const readOnly = writesHeld() && readsOnly(operationNamed(name)) && readsGoAround(db);
    const ctx: Context = {
      db,
      actor,
      ...(sessionToken ? { currentActor: () => actorOf(sessionToken, false) } : {}),
      clock,
      dataFile: options.dataFile,
      ...(options.database ? { database: options.database } : {}),
      jobs: jobs.actingFor(owner),
      host: hostFor(sessionToken, client),
      log,
      source: client.source,
    };
    const started = performance.now();
    const postgres = writerLockNow && db instanceof PostgresDb ? db : null;
    if (postgres) postgres.writerLockNow = true;
    const made = prepared?.name === name && prepared.input === input ? prepared.value : undefined;
    const call = () => dispatch(registry, ctx, name, input, made);
    let result: CallResult<unknown>;
    try {
      result = traced(`op:${name}`, () => (readOnly ? readOnlyCall(db, call) : call()));
    } finally {
      if (postgres) postgres.writerLockNow = false;
    }
    log.timed(name, performance.now() - started);
    // A query that writes nothing added nothing to the log: neither the anchor nor the change notices have anything
    // new (two statements of every read; round trips on PostgreSQL). Unless a job of this process runs: it may have
    // committed since the last call (other processes' work arrives by the change channel).
    if (readsOnly(operationNamed(name)) && !jobs.runningHere) return result;
    traced('anchor', keepAnchor);
    traced('publish', () => publishChanges({ session: changeOrigin(owner.session, page), operation: name }));
    return result;
  }

  /** `touch`: the call counts as activity (a change notice delivered does not). */
  function actorOf(sessionToken: string | undefined, touch = true): Actor {
    const user = traced('session', () => sessions.resolve(sessionToken, touch))?.user;
    if (!user) return ANONYMOUS;
    return { id: user.id, name: user.displayName, role: user.role, baseIds: user.baseIds };
  }

  return {
    get db() {
      return db;
    },
    dataFile: options.dataFile,
    get schemaVersion() {
      return schemaVersionOf(db);
    },
    call(name, input, actor = LOCAL_ADMIN) {
      return run(name, input, actor, undefined, { source: 'local' });
    },
    callWithSession(name, input, sessionToken, source = 'local', userAgent, { writerLockNow = false, prepared, page } = {}) {
      return run(name, input, actorOf(sessionToken), sessionToken, { source, userAgent }, writerLockNow, prepared, page);
    },
    prepare(name, input, sessionToken, source = 'local') {
      // The session is read, not touched: the call that follows counts as the activity.
      const pending = prepareCall(registry, () => ({ db, actor: actorOf(sessionToken, false), source, clock }), name, input);
      return pending && pending.then((value) => ({ name, input, value }));
    },
    sessionActor: (sessionToken) => actorOf(sessionToken),
    waitsForWrites: (name) => !(readsOnly(operationNamed(name)) && readsGoAround(db)),
    takeDownload(ticket, sessionToken) {
      // A session that has ended or idled out takes nothing (its tickets usually died with it).
      if (sessionToken && actorOf(sessionToken) === ANONYMOUS) return null;
      const file = jobs.redeem(ticket, sessionToken ? tokenDigest(sessionToken) : null);
      return file && fs.existsSync(file.path) ? file : null;
    },
    onChange: (listener) => feed.subscribe(listener),
    watchChanges(sessionToken, listener, ended = () => {}, page) {
      if (!sessionToken) return null;
      let actor = actorOf(sessionToken, false);
      if (actor === ANONYMOUS) return null;
      let endsSeen = sessionEnds;
      const origin = changeOrigin(tokenDigest(sessionToken), page);
      let open = true;
      const finish = () => {
        if (!open) return;
        open = false;
        unsubscribe();
        ended();
      };
      const unsubscribe = feed.subscribe((change) =>
        traced('sse', () => {
          // The user as they are now: deactivated, signed out or given other bases since the watch began. Read again only
          // when that may have changed (a change to users, a session ended here): every stream reading its session at every
          // change was four statements per stream per save (round trips on PostgreSQL). The heartbeat's check reads it too
          // (~25 s), which also catches an idle timeout and a sign-out on another server process.
          if (endsSeen !== sessionEnds || concernsUsers(change)) {
            endsSeen = sessionEnds;
            actor = actorOf(sessionToken, false);
          }
          if (actor === ANONYMOUS) return finish();
          const notice = visibleTo(actor, change, origin);
          if (notice) listener(notice);
        }),
      );
      return {
        close() {
          open = false;
          unsubscribe();
        },
        check() {
          if (!open) return false;
          endsSeen = sessionEnds;
          actor = actorOf(sessionToken, false);
          if (actor === ANONYMOUS) finish();
          return open;
        },
      };
    },
    close() {
      clearInterval(scheduleTimer);
      channel?.close();
      jobs.dispose();
      keepAnchor();
      stopPeopleSearch(db);
      db.close();
    },
  };
}

/** Whether a published change may have changed who a user is (role, bases, active) or replaced everything (a restore). */
const concernsUsers = (change: PublishedChange) => change.everything || change.records.some((record) => record.kind === 'users');

const operationNamed = (name: string) => (Object.hasOwn(registry, name) ? registry[name] : undefined);

/** The fast audit check at start: its result is shown to administrators and auditors; it never stops the start. */
function checkAuditAtStart(db: Db, anchor: AuditAnchor, log: Logger): void {
  try {
    if (!hasTable(db, 'audit_log')) return; // a database from before the log: migrations create it
    const result = anchor.checkAtStart(db);
    if (!result.intact) log.error(`启动时的操作日志校验未通过：${result.message}`);
  } catch (error) {
    log.error('启动时的操作日志校验失败', error);
  }
}

/** Space a restore needs in the data folder: the copy of the backup, with room to spare. */
const spaceNeeded = (bytes: number) => Math.ceil(bytes * 1.1) + 16 * 1024 * 1024;

/** Why replacing the data file with `file` could not complete (checked before anything is closed), or null. */
export function replacementProblem(dataFile: string, file: string): string | null {
  const folder = path.dirname(dataFile);
  if (!folderWritable(folder)) return `数据文件夹不可写：${folder}`;
  try {
    const { bavail, bsize } = fs.statfsSync(folder);
    const needed = spaceNeeded(fs.statSync(file).size);
    if (bavail * bsize < needed) return `数据文件夹空间不足：需要约 ${Math.ceil(needed / 1048576)} MB，可用 ${Math.floor((bavail * bsize) / 1048576)} MB`;
  } catch {
    // statfs is missing on some file systems: the copy below still fails cleanly if space runs out
  }
  return null;
}

/**
 * Replaces the open database's file with a backup and returns the reopened database. The backup
 * is first copied beside the data file under a temporary name (a failure there closes nothing);
 * then the database is closed and the copy renamed over the data file in one step. If anything
 * fails after the close, the data file it had is reopened and the error reaches the caller.
 */
function swapDataFile(db: Db, dataFile: string, file: string, defaultBackupDir: string, log: Logger): Db {
  const incoming = `${dataFile}.restoring`;
  try {
    fs.copyFileSync(file, incoming);
  } catch (error) {
    fs.rmSync(incoming, { force: true });
    log.error('restore: copying the backup into the data folder failed', error);
    throw new AppError(
      'CONFLICT',
      `无法把备份复制到数据文件夹「${path.dirname(dataFile)}」，未做任何更改：${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    );
  }
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  try {
    for (const suffix of ['-wal', '-shm']) fs.rmSync(`${dataFile}${suffix}`, { force: true });
    fs.renameSync(incoming, dataFile);
  } catch (error) {
    fs.rmSync(incoming, { force: true });
    log.error('restore: replacing the data file failed; reopening the data it had', error);
    throw new AppError('CONFLICT', `替换数据文件失败，程序继续使用原有数据：${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  db = openDatabase(dataFile);
  if (schemaVersionOf(db) < latestVersion()) {
    snapshotDatabase(db, backupDirOf(db, defaultBackupDir), `before-migration-v${schemaVersionOf(db)}-to-v${latestVersion()}`);
    // Without a beforeMigrate hook, migrate runs synchronously (one transaction).
    migrate(db).catch((error: unknown) => log.error('migrating the restored database failed', error));
  }
  return db;
}
