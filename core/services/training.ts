/** 外部培训: training hours from outside the bases, entered with their evidence and verified by staff. */
import { z } from 'zod';
import { defineOperation, type Context } from '../contract.ts';
import { invalid, notFound } from '../errors.ts';
import { externalTrainingFields } from '../schemas/training.ts';
import { byIdAtVersion } from '../schemas/common.ts';
import * as records from '../../db/repos/training-records.ts';
import { requireCourseCategory, requirePerson } from './references.ts';
import { refreshOpenReviews } from '../recert/reviews.ts';
import { trainingHoursImport } from '../schemas/excel.ts';
import { templateWorkbook } from '../excel/workbook.ts';
import { trainingHoursColumns } from '../excel/training-hours-columns.ts';
import { runTrainingHoursImport, trainingHoursTemplateFootnote } from '../excel/training-hours-import.ts';
import { courseCategories } from '../../db/repos/bases.ts';
import { trainingOutputs } from '../outputs/training.ts';
import { expectVersion } from '../versions.ts';
import { changeMarker } from '../../db/repos/training-facts.ts';
import { importJob } from './excel.ts';

/**
 * 导入培训学时 as a job: a large workbook in a worker thread on a connection of its own (reading,
 * the check, the publish, the result file), a small one here, as the registry import does. The
 * log's head is taken now: what anyone saves after the user's click is "changed meanwhile".
 */
function hoursImportJob({ fileName, base64, ...options }: z.infer<typeof trainingHoursImport>, mode: 'preview' | 'commit', ctx: Context) {
  const data = Buffer.from(base64, 'base64');
  const withMark = { ...options, mark: changeMarker(ctx.db) };
  return importJob(ctx, 'training.importHours', { fileName, data, mode, options: withMark }, (job) =>
    runTrainingHoursImport(ctx, { fileName, data }, mode, job, withMark),
  );
}

export const trainingOperations = [
  defineOperation({
    name: 'training.addExternal',
    output: trainingOutputs['training.addExternal'],
    title: '登记外部培训',
    kind: 'command',
    permission: 'registry.write',
    input: externalTrainingFields,
    handler: ({ personId, categoryId, hours, earnedOn, provider, note }, ctx) => {
      requirePerson(ctx, personId);
      requireCourseCategory(ctx, categoryId);
      if (earnedOn > ctx.clock.today()) throw invalid('培训日期不能晚于今天', 'earnedOn');
      const id = records.insertRecord(
        ctx.db,
        { personId, categoryId, hours, earnedOn, kind: 'external', sessionId: null, enrolmentId: null, note, provider },
        ctx.clock.now(),
      );
      refreshOpenReviews(ctx, [personId]);
      return records.getRecord(ctx.db, id)!;
    },
  }),
  defineOperation({
    name: 'training.verifyExternal',
    output: trainingOutputs['training.verifyExternal'],
    title: '核实外部培训',
    kind: 'command',
    permission: 'registry.write',
    input: byIdAtVersion,
    handler: ({ id, version }, ctx) => {
      const record = records.getRecord(ctx.db, id);
      if (!record) throw notFound('该培训记录', 'id');
      expectVersion(ctx, { table: 'training_record', id, version, current: () => record, action: '核实' });
      if (record.kind !== 'external') throw invalid('只有外部培训需要核实；班期学时由考勤自动计入', 'id');
      if (record.verifiedAt) throw invalid(`该记录已于 ${record.verifiedAt.slice(0, 10)} 由「${record.verifiedBy}」核实`, 'id');
      records.verifyRecord(ctx.db, id, ctx.actor.name, ctx.clock.now());
      refreshOpenReviews(ctx, [record.personId]);
      return records.getRecord(ctx.db, id)!;
    },
  }),
  defineOperation({
    name: 'training.hoursTemplate',
    output: trainingOutputs['training.hoursTemplate'],
    title: '下载培训学时导入模板',
    kind: 'query',
    permission: 'registry.read',
    input: z.object({}),
    handler: (_input, ctx) => {
      const names = courseCategories(ctx.db).map((c) => c.name);
      return {
        jobId: ctx.jobs.start('生成培训学时导入模板', async () => ({
          file: {
            fileName: '培训学时导入模板.xlsx',
            data: await templateWorkbook('培训学时', trainingHoursColumns(names), trainingHoursTemplateFootnote(names)),
          },
        })),
      };
    },
  }),
  defineOperation({
    name: 'training.importPreview',
    output: trainingOutputs['training.importPreview'],
    title: '预览培训学时导入',
    kind: 'command',
    permission: 'registry.write',
    input: trainingHoursImport,
    handler: (input, ctx) => ({ jobId: ctx.jobs.start('培训学时导入预览', hoursImportJob(input, 'preview', ctx)) }),
  }),
  defineOperation({
    name: 'training.importCommit',
    output: trainingOutputs['training.importCommit'],
    title: '导入历史培训学时',
    kind: 'command',
    permission: 'registry.write',
    // All or nothing: with any refused row nothing is written, unless the user chose to import only the valid rows.
    input: trainingHoursImport,
    handler: (input, ctx) => ({ jobId: ctx.jobs.start('导入培训学时', hoursImportJob(input, 'commit', ctx)) }),
  }),
] as const;
