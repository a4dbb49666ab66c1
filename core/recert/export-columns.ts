/**
 * The re-certification's sheets: the results (one column list for the cycle's export and the annual
 * audit workbook, with the supervision facts where the cycle's rules ask for supervision) and who
 * still needs something this year.
 */
import type { ColumnSpec } from '../excel/workbook.ts';
import type { ReviewRow, SupervisorRef } from '../../db/repos/recert.ts';
import type { ReviewFacts } from '../compliance/review.ts';
import { supervisionRequirement } from '../compliance/supervision-check.ts';
import { RecertOutcome, SupervisorStatus } from '../../domain/vocabulary.ts';
import { formatInstant } from '../dates.ts';

/** Who a row is about: the first columns of both sheets. */
const SUPERVISOR_COLUMNS: ColumnSpec[] = [
  { header: '姓名', kind: 'text', width: 10 },
  { header: '联系电话', kind: 'code', width: 14 },
  { header: '所在机构', kind: 'text', width: 24 },
  { header: '督导等级', kind: 'text', width: 10 },
  { header: '服务镇区', kind: 'text', width: 12 },
];
const supervisorCells = (r: Pick<SupervisorRef, 'personName' | 'phone' | 'organizationName' | 'levelName' | 'regionName'>) => [
  r.personName,
  r.phone,
  r.organizationName,
  r.levelName,
  r.regionName,
];

export const RECERT_RESULT_COLUMNS: ColumnSpec[] = [
  ...SUPERVISOR_COLUMNS,
  { header: '年度计入学时', kind: 'number', width: 10 },
  { header: '要求学时', kind: 'number', width: 10 },
  { header: '统一培训次数', kind: 'number', width: 10 },
  { header: '证书登记有效期至', kind: 'date', width: 14 },
  { header: '审核时状态', kind: 'text', width: 10 },
  { header: '系统建议', kind: 'text', width: 12 },
  { header: '建议依据', kind: 'text', width: 50 },
  { header: '审核结论', kind: 'text', width: 12 },
  { header: '整改期限', kind: 'date', width: 12 },
  { header: '结论理由', kind: 'text', width: 40 },
  { header: '审核人', kind: 'text', width: 10 },
  { header: '审核时间', kind: 'text', width: 18 },
];

/** Where the results' supervision columns go: after the training facts (统一培训次数). */
const SUPERVISION_AT = SUPERVISOR_COLUMNS.length + 3;

/** 督导工作 in the cycle year (issue 22), shown where the cycle's rules ask for it (rulesAskSupervision). */
const SUPERVISION_COLUMNS: ColumnSpec[] = [
  { header: '督导次数', kind: 'number', width: 10 },
  { header: '督导小时', kind: 'number', width: 10 },
  { header: '督导对象人数', kind: 'number', width: 12 },
  { header: '督导要求', kind: 'text', width: 24 },
  { header: '督导尚差', kind: 'text', width: 20 },
];

/** The results' columns: with the supervision facts when the cycle's rules have supervision minimums. */
export const recertResultColumns = (supervision: boolean): ColumnSpec[] =>
  supervision
    ? [...RECERT_RESULT_COLUMNS.slice(0, SUPERVISION_AT), ...SUPERVISION_COLUMNS, ...RECERT_RESULT_COLUMNS.slice(SUPERVISION_AT)]
    : RECERT_RESULT_COLUMNS;

/** A review's supervision cells: none given counts 0; no minimum for the level leaves the requirement empty. */
function supervisionCells(facts: ReviewFacts): unknown[] {
  const given = facts.supervision;
  if (!given) return [0, 0, 0, null, null];
  const { wanted, missing } = supervisionRequirement(given);
  return [given.sessions, given.hours, given.subjects, wanted.join('、') || null, wanted.length === 0 ? null : missing.join('、') || '无'];
}

/** A result row's cells (with the supervision facts where `supervision`); the decision's time as read in `timeZone` (the configured zone). */
export const recertResultCells =
  (timeZone: string, supervision = false) =>
  (row: ReviewRow): unknown[] => {
    const facts = JSON.parse(row.facts) as ReviewFacts;
    const reasons = JSON.parse(row.reasons) as string[];
    return [
      ...supervisorCells(row),
      facts.yearHours,
      facts.requiredYearHours,
      facts.unifiedTrainings,
      ...(supervision ? supervisionCells(facts) : []),
      facts.registrationValidUntil,
      SupervisorStatus.label(facts.status),
      RecertOutcome.label(row.proposal),
      reasons.join('；'),
      row.decision ? RecertOutcome.label(row.decision) : '未决定',
      row.conditionDeadline,
      row.decisionReason,
      row.decidedBy,
      row.decidedAt ? formatInstant(row.decidedAt, timeZone) : null,
    ];
  };

export const OUTSTANDING_COLUMNS: ColumnSpec[] = [...SUPERVISOR_COLUMNS, { header: '尚需完成', kind: 'text', width: 60 }];

export const outstandingCells = (r: SupervisorRef & { needs: string }): unknown[] => [...supervisorCells(r), r.needs];
