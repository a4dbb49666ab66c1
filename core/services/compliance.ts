/** 学时达标: a person's training-hour compliance, and the list of everyone's. */
import type { Db } from '../../db/engine/types.ts';
import { z } from 'zod';
import { defineOperation, type Context } from '../contract.ts';
import { complianceList } from '../schemas/recert.ts';
import { optionalIsoDate } from '../schemas/common.ts';
import { requirePerson } from './references.ts';
import { certificatesByPerson, ledgerByPerson, practiceStartOf } from '../../db/repos/training-facts.ts';
import { currentRuleContext, type RuleContext } from '../compliance/rule-context.ts';
import { evaluateCompliance, type Compliance } from '../compliance/person.ts';
import { shortfallText, type ComplianceRow } from '../compliance/population.ts';
import { complianceView } from '../compliance/list-cache.ts';
import { streamedExport } from '../excel/streamed-export.ts';
import { CertificateLevel } from '../../domain/index.ts';
import type { ColumnSpec } from '../excel/workbook.ts';
import { complianceOutputs } from '../outputs/compliance.ts';
import { runInWorker } from '../worker-jobs.ts';
import type { JobHandle } from '../jobs.ts';

export function personCompliance(db: Db, rc: RuleContext, personId: number, asOf: string): Compliance {
  return evaluateCompliance(
    {
      practiceStart: practiceStartOf(db, personId),
      certificates: certificatesByPerson(db, [personId]).get(personId) ?? [],
      records: ledgerByPerson(db, [personId]).get(personId) ?? [],
    },
    rc.rules,
    asOf,
    { ...rc, withAttributions: true },
  );
}

type ListInput = z.output<typeof complianceList>;

const COLUMNS: ColumnSpec[] = [
  { header: '姓名', kind: 'text', width: 10 },
  { header: '身份证号', kind: 'code', width: 20 },
  { header: '联系电话', kind: 'code', width: 14 },
  { header: '镇区', kind: 'text', width: 12 },
  { header: '所在机构', kind: 'text', width: 24 },
  { header: '证书等级', kind: 'text', width: 14 },
  { header: '当前登记期起', kind: 'date', width: 12 },
  { header: '当前登记期止', kind: 'date', width: 12 },
  { header: '登记期要求学时', kind: 'number', width: 10 },
  { header: '登记期已计学时', kind: 'number', width: 10 },
  { header: '登记期尚差', kind: 'number', width: 10 },
  { header: '滚动期要求学时', kind: 'number', width: 10 },
  { header: '滚动期已计学时', kind: 'number', width: 10 },
  { header: '滚动期尚差', kind: 'number', width: 10 },
  { header: '是否达标', kind: 'text', width: 8 },
  { header: '未达标说明', kind: 'text', width: 60 },
];

const complianceCells = (r: ComplianceRow & { shortfalls: string }) => [
  r.personName,
  r.idNumber,
  r.phone,
  r.regionName,
  r.organizationName,
  r.certificateLevel ? CertificateLevel.label(r.certificateLevel as CertificateLevel) : '未持证',
  r.periodStart,
  r.periodEnd,
  r.periodRequired,
  r.periodDone,
  r.periodShortfall,
  r.windowRequired,
  r.windowDone,
  r.windowShortfall,
  r.compliant ? '达标' : '未达标',
  r.shortfalls,
];

/** 导出学时达标名单: the list as filtered and sorted, every row (run in a worker thread by the operation). */
export function complianceExport(ctx: Context, query: unknown, asOf: string, job: JobHandle) {
  const q = query as ListInput;
  return streamedExport(
    ctx,
    {
      sheet: '学时达标',
      fileName: `学时达标名单-${asOf}.xlsx`,
      columns: COLUMNS,
      read: (db) => {
        // A copy: the kept view is brought up to date in place by a change made while the file is written.
        const { rows: kept, rc } = complianceView(db, q, asOf, { here: true });
        const rows = kept.slice();
        return {
          total: rows.length,
          rows: (function* () {
            for (const r of rows) yield { ...r, shortfalls: shortfallText(r, rc, asOf) };
          })(),
        };
      },
      cells: complianceCells,
    },
    job,
  );
}

export const complianceOperations = [
  defineOperation({
    name: 'compliance.ofPerson',
    output: complianceOutputs['compliance.ofPerson'],
    title: '查看学时达标情况',
    kind: 'query',
    permission: 'registry.read',
    input: z.object({ personId: z.number().int().positive(), asOf: optionalIsoDate('核算日') }),
    handler: ({ personId, asOf }, ctx: Context) => {
      requirePerson(ctx, personId);
      const rc = currentRuleContext(ctx.db);
      return { ...personCompliance(ctx.db, rc, personId, asOf ?? ctx.clock.today()), ruleVersion: rc.version, ruleSummary: rc.summary };
    },
  }),
  defineOperation({
    name: 'compliance.list',
    output: complianceOutputs['compliance.list'],
    title: '查看学时达标名单',
    kind: 'query',
    permission: 'registry.read',
    input: complianceList,
    handler: (q, ctx) => {
      // While everyone is computed again (in a worker thread), the rows kept are answered, marked as such.
      const { rows, rc, asOf, freshness } = complianceView(ctx.db, q, ctx.clock.today());
      const start = q.page * q.pageSize;
      const page = rows.slice(start, start + q.pageSize).map((r) => ({ ...r, shortfalls: shortfallText(r, rc, asOf) }));
      return { rows: page, total: rows.length, asOf, ruleVersion: rc.version, freshness };
    },
  }),
  defineOperation({
    name: 'compliance.export',
    output: complianceOutputs['compliance.export'],
    title: '导出学时达标名单',
    kind: 'query',
    permission: 'export',
    input: complianceList,
    // Everyone's compliance is a few large queries and a pass over everyone: in a worker thread (core/worker-jobs.ts).
    handler: (q, ctx) => {
      const asOf = ctx.clock.today();
      return { jobId: ctx.jobs.start('导出学时达标名单', (job) => runInWorker(ctx, 'compliance.export', { query: q, asOf }, job)) };
    },
  }),
] as const;
