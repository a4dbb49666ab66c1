/**
 * What can run as a worker job (core/worker-jobs.ts), by name: the same functions the jobs ran on
 * the server's thread before. Imported by the worker's entry, and by the server's thread only when
 * a worker cannot be started (it then runs the task itself, as before).
 */
import fs from 'node:fs';
import type { Context } from './contract.ts';
import type { JobFile, JobHandle } from './jobs.ts';
import { complianceExport } from './services/compliance.ts';
import { forecastExport } from './services/compliance-forecast.ts';
import { annualAuditWorkbook } from './excel/annual-audit.ts';
import { exportEnrolments } from './excel/training-exports.ts';
import { operationTitle } from './api.ts';
import { loadExampleData } from './services/demo.ts';
import { migrateToPostgresJob } from './migrate-to-postgres.ts';
import { runRegistryImport } from './excel/registry-import.ts';
import { runTrainingHoursImport } from './excel/training-hours-import.ts';
import { runSupervisionImport } from './supervision-work/import.ts';
import { runUnavailabilityImport } from './excel/unavailability-import.ts';
import { openSameData } from '../db/open.ts';
import { runCycleJob } from './recert/cycle-jobs.ts';
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
  'compliance.export': (ctx, { query, asOf }, job) => complianceExport(ctx, query, asOf, job),
  'compliance.forecastExport': (ctx, { query, today }, job) => forecastExport(ctx, query, today, job),
  'enrolments.export': (ctx, { filter, title }, job) => exportEnrolments(ctx, filter, title, job),
  'demo.load': (ctx, _args, job) => loadExampleData(ctx, job),
  // The running server's SQLite file is the source; the copy opens its own read-only connection to it.
  'system.migrateToPostgres': (ctx, { target }, job) => migrateToPostgresJob(ctx.dataFile, target, job),
  // The log keeps operation names; the workbook shows their Chinese titles.
  'audit.annualWorkbook': (ctx, { year }, job) => annualAuditWorkbook(ctx, year, operationTitle, job),
  // The import writes on a connection of its own, holding the serving thread's write gate across the bridge (job.writeGate).
  'registry.import': async (ctx, { fileName, data, mode, options }, job) =>
    fileOnDisk(ctx, await runRegistryImport(ctx, { fileName, data: bufferOf(data) }, mode, job, options)),
  'training.importHours': (ctx, { fileName, data, mode, options }, job) =>
    importOnOwnConnection(ctx, (own) => runTrainingHoursImport(own, { fileName, data: bufferOf(data) }, mode, job, options)),
  'supervision.import': (ctx, { fileName, data, mode, options }, job) =>
    importOnOwnConnection(ctx, (own) => runSupervisionImport(own, { fileName, data: bufferOf(data) }, mode, job, options)),
  'unavailability.import': (ctx, { baseId, fileName, data, mode, options }, job) =>
    importOnOwnConnection(ctx, (own) => runUnavailabilityImport(own, baseId, { fileName, data: bufferOf(data) }, mode, job, options)),
  // 开启再审核 / 结束再审核: one transaction on the job's own read-write connection, as the caller's operation.
  'recert.open': (ctx, args, job) => runCycleJob(ctx, 'recert.open', args, job),
  'recert.close': (ctx, args, job) => runCycleJob(ctx, 'recert.close', args, job),
};
