/**
 * Jobs seen from every server process on one PostgreSQL database (issue 21 point 3). Behind a load
 * balancer, a user's next request may reach another process than the one running their job. So each
 * process keeps a row per job in the database (server_job, migration 0037): written when the job
 * starts and ends, and its progress once a second while it runs (which is also the sign that its
 * process is alive). Any process then answers `jobs.status` from the row; `jobs.cancel` sets a flag
 * the running process reads once a second; `jobs.download` is served by the process holding the
 * file (it is on that process's disk), and any other process says so plainly, so the user retries
 * (a balancer sends the retry elsewhere, or pins the session). On SQLite one process owns the data,
 * and none of this runs.
 */
import type { Db } from '../db/engine/types.ts';
import { inReadOnlyTransaction } from '../db/engine/dialect.ts';
import {
  cancelRequestedJobs,
  deleteServerJob,
  deleteServerJobsBefore,
  requestServerJobCancel,
  runningElsewhere,
  saveServerJob,
  serverJob,
  type ServerJobRow,
} from '../db/repos/server-jobs.ts';
import type { ForeignJob, JobStatus, SharedJob, SharedJobStore } from './jobs.ts';

/** A running job not heard from for this long belongs to a process that stopped (rows are refreshed every second). */
export const STALE_MS = 30 * 1000;
/** Rows are kept this long after their last word, then removed. */
const KEEP_ROWS_MS = 24 * 60 * 60 * 1000;

export const PROCESS_STOPPED = '运行该任务的服务器进程已停止，任务没有完成，请重新发起';

export class SharedJobs implements SharedJobStore {
  readonly processId: string;
  private readonly db: () => Db;
  private readonly onError: (what: string, error: unknown) => void;
  private lastSweep = 0;
  /** Row writes asked for during a read-only call (below), run in order once it has ended. */
  private deferred: (() => void)[] | null = null;

  constructor(db: () => Db, processId: string, onError: (what: string, error: unknown) => void) {
    this.db = db;
    this.processId = processId;
    this.onError = onError;
  }

  /** Writes the job's row; a failure is logged, never the job's. */
  save(job: SharedJob): void {
    this.write('保存任务状态', () =>
      saveServerJob(this.db(), {
        id: job.id,
        processId: this.processId,
        title: job.title,
        ownerUserId: job.owner.userId,
        ownerSession: job.owner.session,
        state: job.state,
        done: job.done,
        total: job.total,
        phase: job.phase,
        error: job.error,
        result: resultText(job.result),
        fileName: job.fileName,
        startedAt: job.startedAt,
        updatedAt: new Date().toISOString(),
      }),
    );
  }

  /** A job of another process (null when there is no row, or it is this process's own: the runner knows those). */
  find(id: string): ForeignJob | null {
    const row = this.quietly('读取任务状态', () => serverJob(this.db(), id));
    if (!row || row.processId === this.processId) return null;
    return {
      status: statusOf(row),
      owner: { userId: row.ownerUserId, session: row.ownerSession },
      processId: row.processId,
      hasFile: row.fileName !== null && statusOf(row).state === 'done',
    };
  }

  requestCancel(id: string): void {
    this.write('转达取消请求', () => requestServerJobCancel(this.db(), id));
  }

  /** Which of this process's running jobs someone cancelled through another process. */
  cancelled(): string[] {
    return this.quietly('读取取消请求', () => cancelRequestedJobs(this.db(), this.processId)) ?? [];
  }

  /** Titles of jobs other processes are running now (a restore refuses while any runs anywhere). */
  runningElsewhere(): string[] {
    return this.quietly('读取其他进程的任务', () => runningElsewhere(this.db(), this.processId, new Date(Date.now() - STALE_MS).toISOString())) ?? [];
  }

  remove(id: string): void {
    this.write('删除任务记录', () => deleteServerJob(this.db(), id));
  }

  /** Removes old rows, at most once an hour. */
  sweep(): void {
    if (Date.now() - this.lastSweep < 60 * 60 * 1000) return;
    this.lastSweep = Date.now();
    this.quietly('清理任务记录', () => deleteServerJobsBefore(this.db(), new Date(Date.now() - KEEP_ROWS_MS).toISOString()));
  }

  /**
   * A row write. A query that starts a job (an export) or cancels one may run in a read-only
   * transaction while an import publishes (core/reads-during-writes.ts), which refuses writes: the
   * write then runs on the next turn, after the call; later writes queue behind it, so a job's
   * 'running' row never lands after its 'done' one.
   */
  private write(what: string, work: () => void): void {
    if (this.deferred) {
      this.deferred.push(() => this.quietly(what, work));
      return;
    }
    if (!inReadOnlyTransaction(this.db())) {
      this.quietly(what, work);
      return;
    }
    this.deferred = [() => this.quietly(what, work)];
    setImmediate(() => {
      const queued = this.deferred ?? [];
      this.deferred = null;
      for (const run of queued) run();
    });
  }

  private quietly<T>(what: string, work: () => T): T | undefined {
    try {
      return work();
    } catch (error) {
      this.onError(what, error);
      return undefined;
    }
  }
}

function resultText(result: unknown): string | null {
  if (result === null || result === undefined) return null;
  try {
    return JSON.stringify(result);
  } catch {
    return null; // not JSON (never so for an operation's result): the other processes show the job without it
  }
}

/** The row as `jobs.status` answers; a running job whose process went quiet is reported as failed. */
function statusOf(row: ServerJobRow): JobStatus {
  const stopped = row.state === 'running' && Date.parse(row.updatedAt) < Date.now() - STALE_MS;
  return {
    id: row.id,
    title: row.title,
    state: stopped ? 'failed' : row.state,
    done: Number(row.done),
    total: Number(row.total),
    phase: row.phase,
    error: stopped ? PROCESS_STOPPED : row.error,
    result: row.result === null ? null : (JSON.parse(row.result) as unknown),
  };
}
