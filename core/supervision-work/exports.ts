/**
 * Exports of 督导工作记录 with the existing conventions (core/excel/streamed-export.ts: a read-only
 * snapshot, progress, cancellation): the records as the list filters them, their first columns
 * the import's headings (columns.ts) so an exported month can be corrected and imported again (the
 * people present with their organization on the record's date last); and the relationships.
 */
import type { Context } from '../contract.ts';
import type { JobHandle } from '../jobs.ts';
import { streamedExport } from '../excel/streamed-export.ts';
import type { ColumnSpec } from '../excel/workbook.ts';
import { relationshipCurrentOn, supervisionDurationText, SupervisionForm } from '../../domain/index.ts';
import { allRecords, type RecordQuery, type RecordRow } from '../../db/repos/supervision-records.ts';
import { listRelationships, type RelationshipRow } from '../../db/repos/supervision-relationships.ts';
import { SUPERVISION_COLUMNS } from './columns.ts';

const RECORD_COLUMNS: ColumnSpec[] = [
  ...SUPERVISION_COLUMNS.filter((c) => c.field !== 'supervisorIdNumber').map((c) => ({
    header: c.header,
    kind: c.kind,
    width: c.field === 'subjects' ? 24 : 12,
  })),
  { header: '时长（分钟）', kind: 'number' },
  { header: '时长', kind: 'text' },
  { header: '督导等级', kind: 'text' },
  { header: '基地', kind: 'text', width: 20 },
  { header: '记录人', kind: 'text' },
  { header: '督导对象所在机构', kind: 'text', width: 24 },
];

const recordCells = (r: RecordRow): unknown[] => [
  r.supervisorName,
  r.startsAt.slice(0, 10),
  r.startsAt.slice(11, 16),
  r.endsAt.slice(11, 16),
  SupervisionForm.label(r.form),
  r.subjects.map((s) => s.name).join('、'),
  r.topic,
  r.summary,
  r.followUp,
  r.minutes,
  supervisionDurationText(r.minutes),
  r.levelName,
  r.baseName,
  r.createdBy,
  // Each person present with their organization on the record's date (服务履历), in the order of 督导对象.
  r.subjects
    .filter((s) => s.personId !== null)
    .map((s) => `${s.name}：${s.organizationName ?? '无'}`)
    .join('、') || null,
];

export function exportRecords(ctx: Context, query: Omit<RecordQuery, 'page' | 'pageSize' | 'sortField' | 'sortDir'>, job: JobHandle) {
  return streamedExport(
    ctx,
    {
      sheet: '督导记录',
      columns: RECORD_COLUMNS,
      fileName: `督导记录_${ctx.clock.today()}.xlsx`,
      read: (db) => {
        const rows = allRecords(db, query);
        return { total: rows.length, rows };
      },
      cells: recordCells,
      mask: (r) => r,
    },
    job,
  );
}

const RELATIONSHIP_COLUMNS: ColumnSpec[] = [
  { header: '督导姓名', kind: 'text' },
  { header: '督导等级', kind: 'text' },
  { header: '督导对象', kind: 'text', width: 20 },
  { header: '对象类型', kind: 'text' },
  { header: '所在机构', kind: 'text', width: 20 },
  { header: '督导形式', kind: 'text' },
  { header: '开始日期', kind: 'date' },
  { header: '结束日期', kind: 'date' },
  { header: '状态', kind: 'text' },
  { header: '协议编号', kind: 'text' },
  { header: '备注', kind: 'text', width: 20 },
];

export function exportRelationships(ctx: Context, supervisorId: number | undefined, job: JobHandle) {
  const today = ctx.clock.today();
  return streamedExport(
    ctx,
    {
      sheet: '督导关系',
      columns: RELATIONSHIP_COLUMNS,
      fileName: `督导关系_${today}.xlsx`,
      read: (db) => {
        const rows = listRelationships(db, { supervisorId });
        return { total: rows.length, rows };
      },
      cells: (r: RelationshipRow) => [
        r.supervisorName,
        r.levelName,
        r.subjectName,
        r.personId !== null ? '人员' : '机构/项目',
        r.subjectOrganizationName,
        SupervisionForm.label(r.form),
        r.startsOn,
        r.endsOn,
        relationshipCurrentOn(r, today) ? '当前' : r.startsOn > today ? '未开始' : '已结束',
        r.agreementRef,
        r.note,
      ],
      mask: (r) => r,
    },
    job,
  );
}
