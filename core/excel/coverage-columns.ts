/** 镇区覆盖 as a sheet: one column list for the coverage page's export and the annual audit workbook. */
import type { ColumnSpec } from './workbook.ts';
import type { SupervisedTown } from '../supervision/coverage.ts';

type CoverageRow = SupervisedTown;
type Level = { levelId: number; levelName: string };

/**
 * Per level (in the ladder's order) its quota, active supervisors and gap, then the totals; then the
 * supervision the town's organizations received in `year` and whether it has supervisors but none recorded.
 */
export function coverageColumns(levels: Level[], year: number): ColumnSpec[] {
  const count = (header: string): ColumnSpec => ({ header, kind: 'number', width: 12 });
  return [
    { header: '区划代码', kind: 'code', width: 12 },
    { header: '上级区划', kind: 'text', width: 12 },
    { header: '镇区', kind: 'text', width: 14 },
    ...levels.flatMap((l) => [count(`${l.levelName}定额`), count(`${l.levelName}在册`), count(`${l.levelName}缺口`)]),
    count('合计定额'),
    count('合计在册'),
    count('合计缺口'),
    count(`${year}年督导次数`),
    { header: `${year}年督导小时`, kind: 'number', width: 14 },
    count(`${year}年受督导机构数`),
    { header: '有督导但无督导记录', kind: 'text', width: 12 },
  ];
}

/** A town's cells under coverageColumns(levels). */
export function coverageCells(levels: Level[]): (r: CoverageRow) => unknown[] {
  return (r) => {
    const of = (levelId: number) => r.levels.find((l) => l.levelId === levelId);
    return [
      r.code,
      r.parentName,
      r.name,
      ...levels.flatMap((l) => [of(l.levelId)?.quota ?? 0, of(l.levelId)?.actual ?? 0, of(l.levelId)?.gap ?? 0]),
      r.quota,
      r.actual,
      r.gap,
      r.supervisionSessions,
      r.supervisionHours,
      r.supervisedOrganizations,
      r.unsupervised ? '是' : '否',
    ];
  };
}
