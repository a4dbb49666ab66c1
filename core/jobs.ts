/**
 * Long work (import, export, backup) runs as a job: started by an operation that returns `{ jobId }`,
 * followed with `jobs.status`, stopped with `jobs.cancel`. A job yields between chunks so the
 * shell keeps answering, and never holds the write transaction across a yield: it writes in one
 * step that runs at once (an import's publish: core/excel/registry-import.ts), so other users'
 * saves go through meanwhile and a cancelled or failed job writes nothing.
 *
 * A job belongs to whoever started it: its user and session. Only they follow it and
 * take its file; they or an administrator may cancel it. A download ticket is bound to the session
 * that asked for it, and dies with that session (log-out, deactivation, restore).
 *
 * With several server processes on one PostgreSQL database, each runner also keeps its jobs' rows
 * in the database (core/shared-jobs.ts), so every process answers for every job.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppError } from './errors.ts';
import { thisThreadsGate, writesFree, type WriteGate } from './write-gate.ts';
import { notePiece, traced } from './turn-trace.ts';
import type { Db } from '../db/engine/types.ts';

/** What a job hands over for download: small files in memory, large exports as a temporary file. */
export type JobFile = { fileName: string } & ({ data: Buffer } | { path: string });

/** A job's file on disk, as a shell streams it to the user. */
export interface DownloadFile {
  fileName: string;
  path: string;
}

export type JobState = 'running' | 'done' | 'failed' | 'cancelled';

export interface JobStatus {
  id: string;
  title: string;
  state: JobState;
  done: number;
  total: number;
  phase: string;
  error: string | null;
  result: unknown;
}

export interface JobHandle {
  progress(done: number, total: number, phase: string): void;
  /** Throws when the user cancelled; call between chunks. */
  checkpoint(): Promise<void>;
  readonly cancelled: boolean;
  /** The serving thread's write gate, bridged, for a worker job that writes (core/worker-jobs.ts); absent on the serving thread itself. */
  readonly writeGate?: WriteGate;
}

/** The write gate a job's transactions hold (core/write-gate.ts): the serving thread's, directly or across the worker's bridge. */
export const gateOf = (job: JobHandle): WriteGate => job.writeGate ?? thisThreadsGate;

export class Cancelled extends Error {}

/**
 * An import's publish: `write` in one transaction that runs at once on `db`, holding the write gate
 * (gateOf(job)) for it, so other users' saves wait at the gate, not in SQLite's busy handler. A
 * cancel that came while it waited for the gate writes nothing (a worker that asked for the gate is
 * no longer stopped from outside: core/worker-jobs.ts).
 */
export async function publishHoldingGate<T>(job: JobHandle, db: Db, write: () => T): Promise<T> {
  const release = await gateOf(job).holdWrites();
  try {
    if (job.cancelled) throw new Cancelled();
    return db.transaction(write).immediate();
  } finally {
    release();
  }
}

/** What a download on a process other than the job's answers (its file is on that process's disk). */
export const ELSEWHERE_FILE = '该任务的结果在另一台服务器进程上，请稍后重试';

/** A job as its process knows it, to be written for the other server processes. */
export interface SharedJob extends JobStatus {
  owner: JobOwner;
  fileName: string | null;
  startedAt: string;
}

/** A job another server process runs (or ran), as the database says. */
export interface ForeignJob {
  status: JobStatus;
  owner: JobOwner;
  processId: string;
  hasFile: boolean;
}

/** The jobs of the other server processes on one PostgreSQL database (core/shared-jobs.ts implements it over server_job). */
export interface SharedJobStore {
  save(job: SharedJob): void;
  /** Another process's job; null when unknown or this process's own. */
  find(id: string): ForeignJob | null;
  requestCancel(id: string): void;
  /** This process's running jobs someone cancelled through another process. */
  cancelled(): string[];
  runningElsewhere(): string[];
  remove(id: string): void;
  /** Removes old rows now and then. */
  sweep(): void;
}

/** How long a job may hold the event loop at a time: a request arriving meanwhile waits at most about this. */
export const SLICE_MS = 10;

/**
 * For loops that would otherwise run long without awaiting anything (writing a workbook's rows):
 * call the returned function often; it yields to the event loop once the current slice has run
 * SLICE_MS, and costs nothing otherwise.
 */
export function timeSlicer(sliceMs = SLICE_MS): () => Promise<void> | undefined {
  let since = performance.now();
  return () => {
    if (performance.now() - since < sliceMs) return undefined;
    notePiece('time-sliced', performance.now() - since);
    return new Promise<void>((resolve) =>
      setImmediate(() => {
        since = performance.now();
        resolve();
      }),
    );
  };
}

/** Who started a job: the user, and the session (a hash of its token; null for in-process callers such as tests and the seed). */
export interface JobOwner {
  userId: number | null;
  session: string | null;
  /** Administrators may cancel anyone's job (never follow or download it). */
  admin?: boolean;
}

/** In-process callers without a session (tests, the bench, the seed): they own what they start. */
const IN_PROCESS: JobOwner = { userId: null, session: null, admin: true };

/** What operations see as `ctx.jobs`: the runner, acting for the caller. */
export interface Jobs {
  start(title: string, run: (job: JobHandle) => Promise<{ result?: unknown; file?: JobFile }>): string;
  status(id: string): JobStatus;
  cancel(id: string): JobStatus;
  downloadTicket(id: string): { fileName: string; ticket: string };
  tempFile(): string;
  /** Titles of every job still running, whoever started it (a restore refuses while any runs). */
  running(): string[];
}

const NOT_YOURS = '该任务由其他用户发起：只有发起人可以查看进度或下载文件';
const sameOwner = (a: JobOwner, b: JobOwner) => a.userId === b.userId && a.session === b.session;

const KEEP_FINISHED = 20;
/** A download ticket is used at once by the renderer that asked for it; one left unused expires. */
const TICKET_MS = 5 * 60 * 1000;
const TEMP_PREFIX = 'sws-jobs-';
/** How often a runner with shared jobs writes their progress (its sign of life) and looks for cancels made elsewhere. */
const SHARE_EVERY_MS = 1000;

/**
 * A runner's temporary folder is named after its process; one whose process is gone (the app
 * crashed before dispose) is removed by the next runner that needs a folder, so large exports do
 * not pile up in the temp folder.
 */
export function removeLeftTempDirs(tempRoot = os.tmpdir()): void {
  const named = new RegExp(`^${TEMP_PREFIX}(\\d+)-`);
  try {
    for (const name of fs.readdirSync(tempRoot)) {
      const pid = Number(named.exec(name)?.[1]);
      if (!pid || pid === process.pid || processAlive(pid)) continue;
      fs.rmSync(path.join(tempRoot, name), { recursive: true, force: true });
    }
  } catch {
    // Housekeeping only: an export must not fail because an old folder could not be removed.
  }
}

/** A file still being downloaded cannot be removed on Windows; dispose or the next start's sweep takes it. */
function removeQuietly(file: string): void {
  try {
    fs.rmSync(file, { force: true });
  } catch {
    // left for later, see above
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0); // signal 0: only asks whether the process exists
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // exists, but not ours
  }
}

type Job = JobStatus & { cancel: boolean; file?: DownloadFile; owner: JobOwner; startedAt: string };

export class JobRunner {
  private readonly jobs = new Map<string, Job>();
  private readonly tickets = new Map<string, { jobId: string; expires: number; session: string | null }>();
  private tempDir: string | null = null;
  private readonly onFailure: (title: string, error: unknown) => void;
  private readonly onSettled: () => void;
  private readonly shared: SharedJobStore | undefined;
  private shareTimer: NodeJS.Timeout | undefined;

  /**
   * `onFailure` hears of unexpected failures (not the user's bad input): the log; `onSettled` of every job's end (the audit anchor follows committed work);
   * `shared`: the other server processes on the same PostgreSQL database (core/shared-jobs.ts).
   */
  constructor(
    onFailure: (title: string, error: unknown) => void = (title, error) => console.error(`[job] ${title} failed:`, error),
    onSettled: () => void = () => {},
    shared?: SharedJobStore,
  ) {
    this.onFailure = onFailure;
    this.onSettled = onSettled;
    this.shared = shared;
  }

  /** Whether a job of this process is running (it may commit between calls: core/app.ts then publishes after every call). */
  get runningHere(): boolean {
    for (const job of this.jobs.values()) if (job.state === 'running') return true;
    return false;
  }

  /** Titles of the jobs still running, here and in the other server processes (a restore waits for none of them: it refuses, naming them). */
  running(): string[] {
    const here = [...this.jobs.values()].filter((j) => j.state === 'running').map((j) => j.title);
    return this.shared ? [...here, ...this.shared.runningElsewhere()] : here;
  }

  /** The runner as one caller sees it (core/app.ts gives each call its own). */
  actingFor(owner: JobOwner): Jobs {
    return {
      start: (title, run) => this.start(title, run, owner),
      status: (id) => this.status(id, owner),
      cancel: (id) => this.cancel(id, owner),
      downloadTicket: (id) => this.downloadTicket(id, owner),
      tempFile: () => this.tempFile(),
      running: () => this.running(),
    };
  }

  start(title: string, run: (job: JobHandle) => Promise<{ result?: unknown; file?: JobFile }>, owner: JobOwner = IN_PROCESS): string {
    const id = crypto.randomUUID();
    const job = {
      id,
      title,
      state: 'running' as JobState,
      done: 0,
      total: 0,
      phase: '准备中…',
      error: null as string | null,
      result: null as unknown,
      cancel: false,
      owner,
      startedAt: new Date().toISOString(),
    } as Job;
    this.jobs.set(id, job);
    this.share(job);
    let resumed = performance.now(); // a job's slice on the thread: from one checkpoint to the next (core/turn-trace.ts)
    const handle: JobHandle = {
      progress: (done, total, phase) => Object.assign(job, { done, total, phase }),
      checkpoint: async () => {
        notePiece(`job:${title}`, performance.now() - resumed);
        await new Promise((resolve) => setImmediate(resolve));
        await writesFree(); // another job's publish holds the write lock across turns (core/write-gate.ts)
        resumed = performance.now();
        if (job.cancel) throw new Cancelled();
      },
      get cancelled() {
        return job.cancel;
      },
    };
    run(handle)
      .then(({ result, file }) => ({ result, file: file && this.onDisk(file) }))
      .then(
        ({ result, file }) => Object.assign(job, { state: 'done', result: result ?? null, file, phase: '完成' }),
        (error: unknown) => {
          if (error instanceof Cancelled) Object.assign(job, { state: 'cancelled', phase: '已取消，未写入任何数据' });
          else {
            if (!(error instanceof AppError)) this.onFailure(title, error);
            Object.assign(job, {
              state: 'failed',
              error: error instanceof AppError ? error.message : '处理失败，未写入任何数据。请重试；如仍失败，请联系管理员并提供日志。',
            });
          }
        },
      )
      .finally(() => {
        this.share(job);
        this.onSettled();
      });
    this.prune();
    return id;
  }

  status(id: string, caller: JobOwner = IN_PROCESS): JobStatus {
    const foreign = this.foreign(id);
    if (foreign) return this.ownedForeign(foreign, caller).status;
    const { cancel: _cancel, file: _file, owner: _owner, startedAt: _startedAt, ...status } = this.owned(id, caller);
    return status;
  }

  /** The starter or an administrator; the administrator learns only that it stopped (not its result). */
  cancel(id: string, caller: JobOwner = IN_PROCESS): JobStatus {
    const foreign = this.foreign(id);
    const job = foreign ? { ...foreign.status, owner: foreign.owner } : this.get(id);
    const own = sameOwner(job.owner, caller);
    if (!own && !caller.admin) throw new AppError('FORBIDDEN', '只有发起人或管理员可以取消该任务');
    // Another process's job: its process reads the request within a second and stops it there.
    if (job.state === 'running') {
      if (foreign) this.shared!.requestCancel(id);
      else (job as Job).cancel = true;
    }
    const { id: jobId, title, state, done, total, phase, error, result } = job;
    const status = { id: jobId, title, state, done, total, phase: foreign && state === 'running' ? '正在取消…' : phase, error, result };
    return own ? status : { ...status, result: null };
  }

  /**
   * A single-use ticket for the job's file: the shell streams the file to whoever presents it
   * (a download link), so a large export never travels through the API as text.
   */
  downloadTicket(id: string, caller: JobOwner = IN_PROCESS): { fileName: string; ticket: string } {
    const foreign = this.foreign(id);
    if (foreign) {
      const { status, hasFile } = this.ownedForeign(foreign, caller);
      // The file is on that process's disk; a retry may reach it (not UNAVAILABLE: the renderer reads that as the server being unreachable).
      if (hasFile) throw new AppError('CONFLICT', ELSEWHERE_FILE);
      throw new AppError('NOT_FOUND', status.state === 'running' ? '文件尚未生成完毕' : '该任务没有可下载的文件');
    }
    const job = this.owned(id, caller);
    if (!job.file) throw new AppError('NOT_FOUND', job.state === 'running' ? '文件尚未生成完毕' : '该任务没有可下载的文件');
    const now = Date.now();
    for (const [ticket, { expires }] of this.tickets) if (expires < now) this.tickets.delete(ticket);
    const ticket = crypto.randomBytes(32).toString('base64url');
    this.tickets.set(ticket, { jobId: id, expires: now + TICKET_MS, session: caller.session });
    return { fileName: job.file.fileName, ticket };
  }

  /**
   * The file a ticket stands for, once, presented with the session it was issued to (a hash of its
   * token; null for in-process callers); null for an unknown, used, expired or foreign ticket, or a job gone since.
   */
  redeem(ticket: string, session: string | null = null): DownloadFile | null {
    const issued = this.tickets.get(ticket);
    if (!issued || issued.session !== session) return null; // a foreign ticket stays usable by its own session
    this.tickets.delete(ticket);
    if (issued.expires < Date.now()) return null;
    return this.jobs.get(issued.jobId)?.file ?? null;
  }

  /** A session ended (log-out, deactivation, restore): its tickets die with it. */
  endSession(session: string): void {
    for (const [ticket, issued] of this.tickets) if (issued.session === session) this.tickets.delete(ticket);
  }

  /** Small files (a template, the refused rows) are written out too: every download is streamed from disk. */
  private onDisk(file: JobFile): DownloadFile {
    if ('path' in file) return file;
    const written = this.tempFile();
    fs.writeFileSync(written, file.data);
    return { fileName: file.fileName, path: written };
  }

  /** A path for a job's output workbook, in this runner's temporary folder (removed with the job, or by dispose). */
  tempFile(): string {
    if (!this.tempDir) {
      removeLeftTempDirs();
      this.tempDir = fs.mkdtempSync(path.join(os.tmpdir(), `${TEMP_PREFIX}${process.pid}-`));
    }
    return path.join(this.tempDir, `${crypto.randomUUID()}.xlsx`);
  }

  /** Removes every temporary file (on close). */
  dispose(): void {
    if (this.shareTimer) clearInterval(this.shareTimer);
    this.shareTimer = undefined;
    if (this.tempDir) fs.rmSync(this.tempDir, { recursive: true, force: true });
    this.tempDir = null;
  }

  /** Writes the job's row now (start and end) and keeps its progress written while it runs. */
  private share(job: Job): void {
    if (!this.shared) return;
    this.shared.save({ ...job, fileName: job.file?.fileName ?? null });
    if (job.state === 'running' && !this.shareTimer) {
      this.shareTimer = setInterval(() => traced('timer:share-jobs', () => this.shareRunning()), SHARE_EVERY_MS);
      this.shareTimer.unref(); // never keeps the process alive
    }
  }

  /** Once a second while jobs run: their progress (their process's sign of life), and cancels asked through other processes. */
  private shareRunning(): void {
    const shared = this.shared!;
    const running = [...this.jobs.values()].filter((j) => j.state === 'running');
    if (running.length === 0) {
      clearInterval(this.shareTimer);
      this.shareTimer = undefined;
      shared.sweep();
      return;
    }
    for (const id of shared.cancelled()) {
      const job = this.jobs.get(id);
      if (job?.state === 'running') job.cancel = true;
    }
    for (const job of running) shared.save({ ...job, fileName: null });
  }

  /** Another process's job, when there are other processes and this one does not know the id. */
  private foreign(id: string): ForeignJob | null {
    return this.shared && !this.jobs.has(id) ? this.shared.find(id) : null;
  }

  private ownedForeign(foreign: ForeignJob, caller: JobOwner): ForeignJob {
    if (!sameOwner(foreign.owner, caller)) throw new AppError('FORBIDDEN', NOT_YOURS);
    return foreign;
  }

  /** A job the caller started; anyone else's is refused. */
  private owned(id: string, caller: JobOwner) {
    const job = this.get(id);
    if (!sameOwner(job.owner, caller)) throw new AppError('FORBIDDEN', NOT_YOURS);
    return job;
  }

  private get(id: string) {
    const job = this.jobs.get(id);
    if (!job) throw new AppError('NOT_FOUND', '该任务不存在或已过期');
    return job;
  }

  private prune() {
    const finished = [...this.jobs.values()].filter((j) => j.state !== 'running');
    for (const job of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED))) {
      if (job.file) removeQuietly(job.file.path);
      this.jobs.delete(job.id);
      this.shared?.remove(job.id);
    }
  }
}
