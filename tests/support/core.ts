import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openCore, type Core } from '../../core/app.ts';
import { fixedClock, type Clock } from '../../core/clock.ts';
import { checkCharFor } from '../../core/idcard.ts';
import type { Api, OperationName } from '../../core/api.ts';
import type { z } from 'zod';
import type { Actor } from '../../core/permissions.ts';
import { tableNames } from '../../db/engine/catalog.ts';
import type { Db } from '../../db/engine/types.ts';
import { migrate } from '../../db/migrate.ts';
import { openDatabase, openSameData } from '../../db/open.ts';
import { IMPORT_IN_WORKER_FROM_BYTES, importWorkerOptions } from '../../core/services/excel.ts';
import { freshPostgresDatabase, testEngine } from './postgres.ts';

export const TODAY = '2026-11-24';

export function tempDir(prefix = 'sws-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/**
 * Under TEST_ENGINE=postgres, the database standing for a data file: a fresh one the first time, the
 * same one when a test reopens the same file (a restart). A file the test made itself stays SQLite's.
 * The databases stay until the throwaway server goes at the end of the run.
 */
const postgresDatabases = new Map<string, string>();
function postgresDatabaseFor(file: string): string | undefined {
  let url = postgresDatabases.get(file);
  if (!url && !fs.existsSync(file)) postgresDatabases.set(file, (url = freshPostgresDatabase().url));
  return url;
}

/** Under TEST_ENGINE=postgres, has `file` stand for an existing database (a copy of a template other than the empty schema's). */
export function usePostgresDatabaseFor(file: string, url: string): void {
  postgresDatabases.set(file, url);
}

/**
 * SQLite: a file migrated once per test process, which each fresh test core's file is a copy of (as a PostgreSQL test
 * database is of the migrated template): migrating again costs ~0.3 s a core, the copy a few milliseconds. Its audit log
 * is empty, so a core starts on the copy as on a new file: signing begins at that start, with no entry logged.
 */
let migratedSqliteFile: Promise<string> | undefined;
async function migrateOnce(): Promise<string> {
  const file = path.join(tempDir('sws-test-migrated-'), 'data.sqlite3');
  const db = openDatabase(file);
  try {
    await migrate(db);
  } finally {
    db.close(); // its log checkpointed into the file
  }
  return file;
}

/**
 * A core on a fresh SQLite file in a temp folder, with today fixed (or another clock, e.g. to let an hour pass).
 * Under `npm run test:postgres` (TEST_ENGINE=postgres) on a fresh PostgreSQL database instead, the
 * folder keeping the logs and the audit anchor; a file that exists already is taken as SQLite's (a test reopening its own data).
 * A `file` the test names is created by the core itself when missing (the start-up checks of a missing file apply).
 */
export async function openTestCore(file?: string, clock: Clock = fixedClock(TODAY)): Promise<TestCore> {
  if (file === undefined) {
    file = path.join(tempDir(), 'data.sqlite3');
    if (testEngine() === 'sqlite') fs.copyFileSync(await (migratedSqliteFile ??= migrateOnce()), file);
  }
  const database = testEngine() === 'postgres' ? postgresDatabaseFor(file) : undefined;
  const core = await openCore({ dataFile: file, clock, ...(database ? { database } : {}) });
  return Object.assign(core, {
    ok<N extends OperationName>(name: N, input: z.input<Api[N]['input']>, actor?: Actor): ReturnType<Api[N]['handler']> {
      const res = core.call(name, input, actor);
      if (!res.ok) throw new Error(`${name} failed: ${JSON.stringify(res.error)}`);
      return res.result as ReturnType<Api[N]['handler']>;
    },
    fail<N extends OperationName>(name: N, input: unknown, actor?: Actor) {
      const res = core.call(name, input, actor);
      if (res.ok) throw new Error(`${name} unexpectedly succeeded`);
      return res.error;
    },
  });
}

/** Where a test core's data is, as a Context says it: the SQLite file, or under TEST_ENGINE=postgres also the core's PostgreSQL database. */
export function dataLocationOf(core: Core): { dataFile: string; database?: string } {
  const database = postgresDatabases.get(core.dataFile);
  return { dataFile: core.dataFile, ...(database ? { database } : {}) };
}

/** Another connection to a test core's data, as the app opens one (an import, a job). */
export function openSecondConnection(core: Core, options: { readonly?: boolean } = {}): Db {
  return openSameData(dataLocationOf(core), options);
}

export type TestCore = Core & {
  ok<N extends OperationName>(name: N, input: z.input<Api[N]['input']>, actor?: Actor): ReturnType<Api[N]['handler']>;
  fail(name: OperationName, input: unknown, actor?: Actor): { code: string; message: string; field?: string };
};

/** A valid 身份证号 for a region code, birth date (YYYYMMDD) and sequence (odd = male). */
export function makeIdNumber(region = '442000', birth = '19900101', sequence = '123'): string {
  const first17 = `${region}${birth}${sequence}`;
  return first17 + checkCharFor(first17);
}

/** What the server processes are doing (their jobs, their claims: migration 0037), not the association's data. */
const PROCESS_TABLES = new Set(['server_job', 'server_claim']);

/** Every data table's row count: to prove refused calls leave the database unchanged. */
export function snapshotCounts(core: Core): Record<string, number> {
  return Object.fromEntries(
    tableNames(core.db)
      .filter((name) => !PROCESS_TABLES.has(name))
      .map((name) => [name, (core.db.prepare(`SELECT count(*) AS n FROM "${name}"`).get() as { n: number }).n]),
  );
}

/** A job's file as a user gets it: a ticket from jobs.download, redeemed the way the shells do. */
export function downloadedFile(core: TestCore, jobId: string, actor?: Actor): { fileName: string; data: Buffer } {
  const { fileName, ticket } = core.ok('jobs.download', { id: jobId }, actor);
  const file = core.takeDownload(ticket);
  if (!file) throw new Error('the download ticket was not honoured');
  return { fileName, data: fs.readFileSync(file.path) };
}

/** Waits for a job started by an operation (as `actor`: only its starter may follow it) and returns its final status. */
export async function finishJob(core: TestCore, jobId: string, actor?: Actor) {
  // Asked often at first (most jobs here end within a second), then every 100 ms: each look is a call on the serving
  // thread (round trips on PostgreSQL). No count of looks: on a loaded machine a long job (the example data) outlasted
  // one; a job that never ends fails by the test's own timeout.
  for (let wait = 10; ; wait = Math.min(100, wait * 1.5)) {
    const status = core.ok('jobs.status', { id: jobId }, actor);
    if (status.state !== 'running') return status;
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
}

/** CPU time of this thread (the serving thread), in ms: unlike wall time, a loaded machine inflates it little. */
export const threadCpuMs = () => {
  const { user, system } = process.threadCpuUsage();
  return (user + system) / 1000;
};

/** Runs `work` with every uploaded workbook imported on the serving thread, however large (the worker's threshold restored after). */
export async function importingHere<T>(work: () => Promise<T>): Promise<T> {
  importWorkerOptions.fromBytes = Infinity;
  try {
    return await work();
  } finally {
    importWorkerOptions.fromBytes = IMPORT_IN_WORKER_FROM_BYTES;
  }
}

/**
 * Whether the CPU of the serving thread and of the others during an import says where it ran: on SQLite.
 * On PostgreSQL the serving thread's queries run in the engine's own thread, and it spends CPU for every
 * second a job runs (its row in server_job written, each `jobs.status` read from it), so a worker job
 * slowed by a loaded machine costs it more.
 */
export const SERVING_CPU_SAYS_WHERE_IMPORTS_RAN = testEngine() === 'sqlite';

/**
 * Starts a job (`start` calls its operation) and follows it to its end, polled seldom so that the serving
 * thread's CPU meanwhile (`cpuMs`, the start included) is the job's, not the test's; `otherThreadsCpuMs`
 * is the process's other threads' (a worker's, the garbage collector's) over the same time.
 */
export async function finishJobCountingCpu(core: TestCore, start: () => { jobId: string }, actor?: Actor) {
  const [before, processBefore] = [threadCpuMs(), process.cpuUsage()];
  const { jobId } = start();
  let status = core.ok('jobs.status', { id: jobId }, actor);
  while (status.state === 'running') {
    await new Promise((resolve) => setTimeout(resolve, 100));
    status = core.ok('jobs.status', { id: jobId }, actor);
  }
  const cpuMs = threadCpuMs() - before;
  const { user, system } = process.cpuUsage(processBefore);
  return { status, cpuMs, otherThreadsCpuMs: (user + system) / 1000 - cpuMs };
}
