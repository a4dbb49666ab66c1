import { z } from 'zod';
import { defineOperation, type Context } from '../contract.ts';
import { coverageExport, dueExport, jobRef, organizationExport, peopleExport, regionExport, registryImport, supervisorExport } from '../schemas/excel.ts';
import { REGISTRY_COLUMNS } from '../excel/registry-columns.ts';
import { templateWorkbook } from '../excel/workbook.ts';
import { importMark, runRegistryImport } from '../excel/registry-import.ts';
import type { JobFile, JobHandle } from '../jobs.ts';
import { runInWorker, type WorkerTaskName, type WorkerTasks } from '../worker-jobs.ts';
import { exportCoverage, exportOrganizations, exportPeople, exportRegions, exportRegistrationsDue, exportSupervisors } from '../excel/list-exports.ts';
import { dueRange, registrationRule } from './certificates.ts';
import { supervisorQuery } from './supervisors.ts';
import { excelOutputs } from '../outputs/excel.ts';

/**
 * The registry import's job runs in a worker thread (core/worker-jobs.ts): reading, checking,
 * publishing and the result file all happen there, on the import's own connection. The one read
 * here is the log's head as the job starts (without a preview's mark): whatever anyone saves after
 * the user's click is after it, however long the worker takes to start.
 */
function importArgs({ fileName, base64, ...options }: z.infer<typeof registryImport>, mode: 'preview' | 'commit', ctx: Context) {
  return { fileName, data: Buffer.from(base64, 'base64'), mode, options: { ...options, previewMark: options.previewMark ?? importMark(ctx.db) } };
}

/**
 * A workbook below this size (a few hundred rows: ~17 bytes a row of three columns after the
 * file's ~6.5 KB of its own) is imported here, in slices, as before: starting a worker (the
 * import's modules and ExcelJS loaded again in a new thread, ~1 s on a busy 2-core VM) would cost
 * the user more than the import costs the server (its publish a few milliseconds).
 */
export const IMPORT_IN_WORKER_FROM_BYTES = 16 * 1024;

/** From what size a workbook goes to a worker (a test may follow the serving thread's slices with a larger file). */
export const importWorkerOptions = { fromBytes: IMPORT_IN_WORKER_FROM_BYTES };

/** An uploaded workbook's import as a job: in a worker thread as `task` (with `args`) from `fromBytes` on, `here` below it. */
export function importJob<T extends WorkerTaskName>(
  ctx: Context,
  task: T,
  args: WorkerTasks[T] & { data: Buffer },
  here: (job: JobHandle) => Promise<{ result: unknown; file?: JobFile }>,
) {
  return (job: JobHandle) => (args.data.byteLength >= importWorkerOptions.fromBytes ? runInWorker(ctx, task, args, job) : here(job));
}

function registryImportJob(input: z.infer<typeof registryImport>, mode: 'preview' | 'commit', ctx: Context) {
  const args = importArgs(input, mode, ctx);
  return importJob(ctx, 'registry.import', args, (job) => runRegistryImport(ctx, { fileName: args.fileName, data: args.data }, mode, job, args.options));
}

/** Excel in and out: the registry template, import (preview, then commit) and list exports, as jobs. */
export const excelOperations = [
  defineOperation({
    name: 'registry.template',
    output: excelOutputs['registry.template'],
    title: '下载导入模板',
    kind: 'query',
    permission: 'registry.read',
    input: z.object({}),
    handler: (_input, ctx) => ({
      jobId: ctx.jobs.start('生成导入模板', async () => ({
        file: { fileName: '人员与督导导入模板.xlsx', data: await templateWorkbook('人员与督导', REGISTRY_COLUMNS) },
      })),
    }),
  }),
  defineOperation({
    name: 'registry.importPreview',
    output: excelOutputs['registry.importPreview'],
    title: '预览导入',
    kind: 'command',
    permission: 'registry.write',
    input: registryImport,
    handler: (input, ctx) => ({ jobId: ctx.jobs.start('导入预览', registryImportJob(input, 'preview', ctx)) }),
  }),
  defineOperation({
    name: 'registry.importCommit',
    output: excelOutputs['registry.importCommit'],
    title: '导入人员与督导',
    kind: 'command',
    permission: 'registry.write',
    input: registryImport,
    handler: (input, ctx) => ({ jobId: ctx.jobs.start('导入', registryImportJob(input, 'commit', ctx)) }),
  }),
  defineOperation({
    name: 'people.export',
    output: excelOutputs['people.export'],
    title: '导出人员',
    kind: 'query',
    permission: 'export',
    input: peopleExport,
    handler: (query, ctx) => ({ jobId: ctx.jobs.start('导出人员', (job) => exportPeople(ctx, { ...query, page: 0, pageSize: 0 }, job)) }),
  }),
  defineOperation({
    name: 'supervisors.export',
    output: excelOutputs['supervisors.export'],
    title: '导出督导库',
    kind: 'query',
    permission: 'export',
    input: supervisorExport,
    handler: (query, ctx) => ({
      jobId: ctx.jobs.start('导出督导库', (job) => exportSupervisors(ctx, { ...supervisorQuery(ctx, query), page: 0, pageSize: 0 }, job)),
    }),
  }),
  defineOperation({
    name: 'organizations.export',
    output: excelOutputs['organizations.export'],
    title: '导出机构',
    kind: 'query',
    permission: 'export',
    input: organizationExport,
    handler: (query, ctx) => ({ jobId: ctx.jobs.start('导出机构', (job) => exportOrganizations(ctx, { ...query, page: 0, pageSize: 0 }, job)) }),
  }),
  defineOperation({
    name: 'regions.export',
    output: excelOutputs['regions.export'],
    title: '导出行政区划',
    kind: 'query',
    permission: 'export',
    input: regionExport,
    handler: (query, ctx) => ({ jobId: ctx.jobs.start('导出行政区划', (job) => exportRegions(ctx, { ...query, page: 0, pageSize: 0 }, job)) }),
  }),
  defineOperation({
    name: 'coverage.export',
    output: excelOutputs['coverage.export'],
    title: '导出镇区覆盖',
    kind: 'query',
    permission: 'export',
    input: coverageExport,
    handler: (query, ctx) => ({ jobId: ctx.jobs.start('导出镇区覆盖', (job) => exportCoverage(ctx, query, job)) }),
  }),
  defineOperation({
    name: 'certificates.exportDue',
    output: excelOutputs['certificates.exportDue'],
    title: '导出证书登记到期',
    kind: 'query',
    permission: 'export',
    input: dueExport,
    handler: ({ status, ...query }, ctx) => {
      const title = status === 'window' ? '证书再登记窗口期' : status === 'expiredThisMonth' ? '证书登记本月过期' : '证书登记已过期';
      const months = registrationRule(ctx).windowMonths;
      return {
        jobId: ctx.jobs.start(`导出${title}`, (job) =>
          exportRegistrationsDue(ctx, { ...query, ...dueRange(ctx, status), page: 0, pageSize: 0 }, months, title, job),
        ),
      };
    },
  }),
  defineOperation({
    name: 'jobs.status',
    output: excelOutputs['jobs.status'],
    title: '查看任务进度',
    kind: 'query',
    permission: 'registry.read',
    input: jobRef,
    handler: ({ id }, ctx) => ctx.jobs.status(id),
  }),
  defineOperation({
    name: 'jobs.cancel',
    output: excelOutputs['jobs.cancel'],
    title: '取消任务',
    kind: 'query', // touches no data: it asks the job to stop before it writes
    permission: 'registry.read',
    input: jobRef,
    handler: ({ id }, ctx) => ctx.jobs.cancel(id),
  }),
  defineOperation({
    name: 'jobs.download',
    output: excelOutputs['jobs.download'],
    title: '下载任务文件',
    kind: 'query',
    permission: 'registry.read',
    input: jobRef,
    // A ticket, not the bytes: the shell streams the file at DOWNLOAD_ROUTE + ticket.
    handler: ({ id }, ctx) => ctx.jobs.downloadTicket(id),
  }),
] as const;
