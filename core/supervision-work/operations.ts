/**
 * 督导工作记录 operations (issue 22). Relationships and load limits: staff and administrators
 * change them, everyone who reads the registry sees them. Records: staff and administrators
 * everything; a base coordinator sees and records only records whose base is theirs (the declared
 * base scope); auditors read. Import and export through the shared machinery, as jobs.
 */
import { z } from 'zod';
import { defineOperation, type Context } from '../contract.ts';
import { notFound } from '../errors.ts';
import { byId } from '../schemas/common.ts';
import { trainingHoursImport } from '../schemas/excel.ts';
import {
  loadLimitsSet,
  recordDelete,
  recordExport,
  recordFields,
  recordList,
  recordUpdate,
  relationshipEnd,
  relationshipFields,
  relationshipList,
  relationshipUpdate,
} from '../schemas/supervision-work.ts';
import { supervisionWorkOutputs as outputs } from '../outputs/supervision-work.ts';
import { listedBaseIds } from '../services/base-access.ts';
import { importJob } from '../services/excel.ts';
import { templateWorkbook } from '../excel/workbook.ts';
import { getSupervisor, supervisorLevels } from '../../db/repos/supervisors.ts';
import { baseOfRecord, listRecords } from '../../db/repos/supervision-records.ts';
import { listRelationships } from '../../db/repos/supervision-relationships.ts';
import { relationshipCurrentOn } from '../../domain/index.ts';
import { createRelationship, endRelationship, shownRelationship, updateRelationship } from './relationships.ts';
import { createRecord, deleteRecord, requireRecord, updateRecord } from './records.ts';
import { loadLimits, setLoadLimits } from './load-limits.ts';
import { runSupervisionImport } from './import.ts';
import { exportRecords, exportRelationships } from './exports.ts';
import { SUPERVISION_COLUMNS, supervisionTemplateFootnote } from './columns.ts';

/** 督导记录导入 as a job: a large workbook in a worker thread on a connection of its own, a small one here (core/services/excel.ts importJob). */
function supervisionImportJob({ fileName, base64, ...options }: z.infer<typeof trainingHoursImport>, mode: 'preview' | 'commit', ctx: Context) {
  const data = Buffer.from(base64, 'base64');
  return importJob(ctx, 'supervision.import', { fileName, data, mode, options }, (job) => runSupervisionImport(ctx, { fileName, data }, mode, job, options));
}

const limitsObject = (limits: Map<number, number>) => Object.fromEntries([...limits].map(([k, v]) => [String(k), v]));

export const supervisionWorkOperations = [
  defineOperation({
    name: 'supervision.relationships',
    output: outputs['supervision.relationships'],
    title: '查询督导关系',
    kind: 'query',
    permission: 'registry.read',
    input: relationshipList,
    handler: (query, ctx) => listRelationships(ctx.db, query).map((r) => shownRelationship(ctx, r)),
  }),
  defineOperation({
    name: 'supervision.createRelationship',
    output: outputs['supervision.createRelationship'],
    title: '新增督导关系',
    kind: 'command',
    permission: 'registry.write',
    input: relationshipFields,
    handler: (fields, ctx) => createRelationship(ctx, fields),
  }),
  defineOperation({
    name: 'supervision.updateRelationship',
    output: outputs['supervision.updateRelationship'],
    title: '修改督导关系',
    kind: 'command',
    permission: 'registry.write',
    input: relationshipUpdate,
    handler: ({ id, version, ...fields }, ctx) => updateRelationship(ctx, id, version, fields),
  }),
  defineOperation({
    name: 'supervision.endRelationship',
    output: outputs['supervision.endRelationship'],
    title: '结束督导关系',
    kind: 'command',
    permission: 'registry.write',
    input: relationshipEnd,
    handler: ({ id, version, endsOn }, ctx) => endRelationship(ctx, id, version, endsOn),
  }),
  defineOperation({
    name: 'supervision.caseload',
    output: outputs['supervision.caseload'],
    title: '查看督导对象数量',
    kind: 'query',
    permission: 'registry.read',
    input: z.object({ supervisorId: byId.shape.id }),
    handler: ({ supervisorId }, ctx) => {
      const supervisor = getSupervisor(ctx.db, supervisorId);
      if (!supervisor) throw notFound('该督导', 'supervisorId');
      const today = ctx.clock.today();
      const current = listRelationships(ctx.db, { supervisorId }).filter((r) => relationshipCurrentOn(r, today)).length;
      return { supervisorId, levelName: supervisor.levelName, current, limit: loadLimits(ctx).get(supervisor.levelId) ?? null };
    },
  }),
  defineOperation({
    name: 'supervision.caseloadLimits',
    output: outputs['supervision.caseloadLimits'],
    title: '读取督导对象上限',
    kind: 'query',
    permission: 'registry.read',
    input: z.object({}),
    handler: (_input, ctx) => limitsObject(loadLimits(ctx)),
  }),
  defineOperation({
    name: 'supervision.setCaseloadLimits',
    output: outputs['supervision.setCaseloadLimits'],
    title: '设置督导对象上限',
    kind: 'command',
    permission: 'config.write',
    input: loadLimitsSet,
    handler: ({ limits }, ctx) => {
      const known = new Set(supervisorLevels(ctx.db).map((l) => l.id));
      for (const l of limits) if (!known.has(l.levelId)) throw notFound('所选督导等级', 'limits');
      setLoadLimits(ctx, limits);
      return limitsObject(loadLimits(ctx));
    },
  }),
  defineOperation({
    name: 'supervision.records',
    output: outputs['supervision.records'],
    title: '查询督导记录',
    kind: 'query',
    permission: 'bases.read',
    input: recordList,
    scope: { base: ({ baseId }) => baseId, visibleBases: true },
    handler: ({ baseId, ...query }, ctx) => listRecords(ctx.db, { ...query, baseIds: listedBaseIds(ctx, baseId) }),
  }),
  defineOperation({
    name: 'supervision.record',
    output: outputs['supervision.record'],
    title: '查看督导记录',
    kind: 'query',
    permission: 'bases.read',
    input: byId,
    scope: { base: ({ id }, db) => baseOfRecord(db, id) ?? recordWithoutBase(db, id) },
    handler: ({ id }, ctx) => requireRecord(ctx, id),
  }),
  defineOperation({
    name: 'supervision.createRecord',
    output: outputs['supervision.createRecord'],
    title: '新增督导记录',
    kind: 'command',
    permission: 'bases.write',
    input: recordFields,
    scope: { base: ({ baseId }) => baseId },
    handler: (fields, ctx) => createRecord(ctx, fields),
  }),
  defineOperation({
    name: 'supervision.updateRecord',
    output: outputs['supervision.updateRecord'],
    title: '修改督导记录',
    kind: 'command',
    permission: 'bases.write',
    input: recordUpdate,
    scope: { base: ({ id, baseId }, db) => [baseOfRecord(db, id) ?? recordWithoutBase(db, id), baseId] },
    handler: ({ id, version, ...fields }, ctx) => updateRecord(ctx, id, version, fields),
  }),
  defineOperation({
    name: 'supervision.deleteRecord',
    output: outputs['supervision.deleteRecord'],
    title: '删除督导记录',
    kind: 'command',
    permission: 'bases.write',
    input: recordDelete,
    scope: { base: ({ id }, db) => baseOfRecord(db, id) ?? recordWithoutBase(db, id) },
    handler: ({ id, version }, ctx) => {
      deleteRecord(ctx, id, version);
      return { ok: true as const };
    },
  }),
  defineOperation({
    name: 'supervision.exportRecords',
    output: outputs['supervision.exportRecords'],
    title: '导出督导记录',
    kind: 'query',
    permission: 'export',
    input: recordExport,
    scope: { base: ({ baseId }) => baseId, visibleBases: true },
    handler: ({ baseId, ...query }, ctx) => ({
      jobId: ctx.jobs.start('导出督导记录', (job) => exportRecords(ctx, { ...query, baseIds: listedBaseIds(ctx, baseId) }, job)),
    }),
  }),
  defineOperation({
    name: 'supervision.exportRelationships',
    output: outputs['supervision.exportRelationships'],
    title: '导出督导关系',
    kind: 'query',
    permission: 'export',
    input: z.object({ supervisorId: byId.shape.id.optional() }),
    handler: ({ supervisorId }, ctx) => ({ jobId: ctx.jobs.start('导出督导关系', (job) => exportRelationships(ctx, supervisorId, job)) }),
  }),
  defineOperation({
    name: 'supervision.recordsTemplate',
    output: outputs['supervision.recordsTemplate'],
    title: '下载督导记录导入模板',
    kind: 'query',
    permission: 'registry.read',
    input: z.object({}),
    handler: (_input, ctx) => ({
      jobId: ctx.jobs.start('生成督导记录导入模板', async () => ({
        file: { fileName: '督导记录导入模板.xlsx', data: await templateWorkbook('督导记录', SUPERVISION_COLUMNS, supervisionTemplateFootnote()) },
      })),
    }),
  }),
  defineOperation({
    name: 'supervision.importPreview',
    output: outputs['supervision.importPreview'],
    title: '预览督导记录导入',
    kind: 'command',
    permission: 'registry.write',
    input: trainingHoursImport,
    handler: (input, ctx) => ({ jobId: ctx.jobs.start('督导记录导入预览', supervisionImportJob(input, 'preview', ctx)) }),
  }),
  defineOperation({
    name: 'supervision.importCommit',
    output: outputs['supervision.importCommit'],
    title: '导入督导记录',
    kind: 'command',
    permission: 'registry.write',
    // All or nothing: with any refused row nothing is written, unless the user chose to import only the valid rows.
    input: trainingHoursImport,
    handler: (input, ctx) => ({ jobId: ctx.jobs.start('导入督导记录', supervisionImportJob(input, 'commit', ctx)) }),
  }),
] as const;

/**
 * A record without a base (typed by staff, or imported) is nobody's base's: a coordinator, limited
 * to their bases, may not open or change it. -1 names no base, so the declared scope refuses them.
 */
function recordWithoutBase(db: Parameters<typeof baseOfRecord>[0], id: number): number | undefined {
  return baseOfRecord(db, id) === null ? -1 : undefined;
}
