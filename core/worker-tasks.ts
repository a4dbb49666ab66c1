/**
 * What can run as a worker job (core/worker-jobs.ts), by name: the same functions the jobs ran on
 * the server's thread before. Imported by the worker's entry, and by the server's thread only when
 * a worker cannot be started (it then runs the task itself, as before).
 *
 * Each task imports its module when it runs, so a worker loads its own task's module tree only: all
 * of them together (every service, ExcelJS, the operations' registry) cost every job 1.6–2 s of CPU
 * before its first line of work (scripts/bench/worker-start.ts). Add a task as one line that way.
 */
import fs from 'node:fs';
import type { Context } from './contract.ts';
import type { JobFile, JobHandle } from './jobs.ts';
import { openSameData } from '../db/open.ts';
import type { WorkerTaskName, WorkerTasks } from './worker-jobs.ts';

export type WorkerTask<T extends WorkerTaskName> = (ctx: Context, args: WorkerTasks[T], job: JobHandle) => Promise<{ result?: unknown; file?: JobFile }>;

/** An upload's bytes as they crossed to the worker. */
const bufferOf = (data: Uint8Array) => Buffer.from(data.buffer, data.byteOffset, data.byteLength);

/** An import's result file, made in memory, written where the job's side takes it from. */
async function fileOnDisk<R>(ctx: Context, { result, file }: { result: R; file?: { fileName: string; data: Buffer } }) {
  if (!file) return { result };
  const at = ctx.jobs.tempFile();
  await fs.promises.writeFile(at, file.data);
  return { result, file: { fileName: file.fileName, path: at } };
}

/**
 * An import on a read-write connection of its own (the worker's is read-only): its check reads, its
 * publish writes, holding the serving thread's write gate across the bridge; its result file on disk.
 */
async function importOnOwnConnection(ctx: Context, run: (own: Context) => Promise<{ result: unknown; file?: { fileName: string; data: Buffer } }>) {
  const db = openSameData(ctx);
  try {
    return await fileOnDisk(ctx, await run({ ...ctx, db }));
  } finally {
    db.close();
  }
}

export const WORKER_TASKS: { [T in WorkerTaskName]: WorkerTask<T> } = {
  'compliance.export': async (ctx, { query, asOf }, job) => (await import('./services/compliance.ts')).complianceExport(ctx, query, asOf, job),
  'compliance.forecastExport': async (ctx, { query, today }, job) => (await import('./services/compliance-forecast.ts')).forecastExport(ctx, query, today, job),
  'enrolments.export': async (ctx, { filter, title }, job) => (await import('./excel/training-exports.ts')).exportEnrolments(ctx, filter, title, job),
  'demo.load': async (ctx, _args, job) => (await import('./services/demo.ts')).loadExampleData(ctx, job),
  // The running server's SQLite file is the source; the copy opens its own read-only connection to it.
  'system.migrateToPostgres': async (ctx, { target }, job) => (await import('./migrate-to-postgres.ts')).migrateToPostgresJob(ctx.dataFile, target, job),
  // The log keeps operation names; the workbook shows their Chinese titles (the operations' registry: the whole server's code, for this task only).
  'audit.annualWorkbook': async (ctx, { year }, job) => {
    const [{ annualAuditWorkbook }, { operationTitle }] = await Promise.all([import('./excel/annual-audit.ts'), import('./api.ts')]);
    return annualAuditWorkbook(ctx, year, operationTitle, job);
  },
  // The import writes on a connection of its own, holding the serving thread's write gate across the bridge (job.writeGate).
  'registry.import': async (ctx, { fileName, data, mode, options }, job) =>
    fileOnDisk(ctx, await (await import('./excel/registry-import.ts')).runRegistryImport(ctx, { fileName, data: bufferOf(data) }, mode, job, options)),
  'training.importHours': async (ctx, { fileName, data, mode, options }, job) => {
    const { runTrainingHoursImport } = await import('./excel/training-hours-import.ts');
    return importOnOwnConnection(ctx, (own) => runTrainingHoursImport(own, { fileName, data: bufferOf(data) }, mode, job, options));
  },
  'supervision.import': async (ctx, { fileName, data, mode, options }, job) => {
    const { runSupervisionImport } = await import('./supervision-work/import.ts');
    return importOnOwnConnection(ctx, (own) => runSupervisionImport(own, { fileName, data: bufferOf(data) }, mode, job, options));
  },
  'unavailability.import': async (ctx, { baseId, fileName, data, mode, options }, job) => {
    const { runUnavailabilityImport } = await import('./excel/unavailability-import.ts');
    return importOnOwnConnection(ctx, (own) => runUnavailabilityImport(own, baseId, { fileName, data: bufferOf(data) }, mode, job, options));
  },
  // 开启再审核 / 结束再审核: one transaction on the job's own read-write connection, as the caller's operation.
  'recert.open': async (ctx, args, job) => (await import('./recert/cycle-jobs.ts')).runCycleJob(ctx, 'recert.open', args, job),
  'recert.close': async (ctx, args, job) => (await import('./recert/cycle-jobs.ts')).runCycleJob(ctx, 'recert.close', args, job),
};
