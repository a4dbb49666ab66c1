/** The 基地评估 ranking as a sheet: one column list for the ranking page's export and the annual audit workbook. */
import type { ColumnSpec } from './workbook.ts';
import type { RankingRow } from '../../db/repos/evaluations.ts';
import { BaseGrade, EvaluationGrade, EvaluationStatus } from '../../domain/vocabulary.ts';

export const RANKING_COLUMNS: ColumnSpec[] = [
  { header: '排名', kind: 'number', width: 6 },
  { header: '基地', kind: 'text', width: 22 },
  { header: '所在区划', kind: 'text', width: 12 },
  { header: '基地等级', kind: 'text', width: 10 },
  { header: '评估状态', kind: 'text', width: 10 },
  { header: '自评总分', kind: 'number', width: 10 },
  { header: '评审总分', kind: 'number', width: 10 },
  { header: '评估等级', kind: 'text', width: 10 },
  { header: '认定待复核', kind: 'text', width: 10 },
];

export function rankingCells(r: RankingRow): unknown[] {
  return [
    r.rank,
    r.baseName,
    r.regionName,
    BaseGrade.label(r.baseGrade),
    r.status ? EvaluationStatus.label(r.status) : '未开始',
    r.selfTotal,
    r.reviewerTotal,
    r.grade ? EvaluationGrade.label(r.grade) : null,
    r.flagged ? '是' : null,
  ];
}
