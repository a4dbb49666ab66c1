/** 镇区覆盖 › 未来 N 个月 as a sheet, with the audit workbook's conventions (区划代码 as a code, counts as numbers): a row per town and level, a column per month. */
import type { ColumnSpec } from './workbook.ts';
import type { coverageForecast } from '../supervision/coverage-forecast-view.ts';

type Forecast = ReturnType<typeof coverageForecast>;
type TownRow = Forecast['rows'][number];
export interface ForecastSheetRow {
  town: TownRow;
  /** Index into the summary's levels, or null for the town's total. */
  level: number | null;
}

export const monthHeader = (day: string, k: number) => (k === 0 ? `当前（${day}）` : day.slice(0, 7));

export function forecastColumns(summary: Forecast['summary']): ColumnSpec[] {
  return [
    { header: '区划代码', kind: 'code', width: 12 },
    { header: '上级区划', kind: 'text', width: 12 },
    { header: '镇区', kind: 'text', width: 14 },
    { header: '督导等级', kind: 'text', width: 10 },
    { header: '定额', kind: 'number', width: 8 },
    ...summary.days.map((day, k): ColumnSpec => ({ header: monthHeader(day, k), kind: 'number', width: k === 0 ? 18 : 10 })),
    { header: '首次低于定额', kind: 'text', width: 14 },
    { header: '原因', kind: 'text', width: 60 },
  ];
}

/** Each town's rows: one per level in use, then its total with the first shortfall and why. */
export function* forecastSheetRows(rows: TownRow[], levels: number): Generator<ForecastSheetRow> {
  for (const town of rows) {
    for (let i = 0; i < levels; i++) yield { town, level: i };
    yield { town, level: null };
  }
}

export function forecastCells(summary: Forecast['summary']): (r: ForecastSheetRow) => unknown[] {
  return ({ town, level }) => {
    const total = level === null;
    const first = town.firstShort;
    return [
      town.code,
      town.parentName,
      town.name,
      total ? '合计' : summary.levels[level]!.levelName,
      total ? town.months[0]!.quota : town.quotas[level],
      ...town.months.map((m) => (total ? m.total : m.actual[level])),
      total && first !== null ? (first === 0 ? '当前已低于定额' : summary.days[first]!.slice(0, 7)) : null,
      total ? town.reasons.map((c) => `${c.name}（${c.levelName}）：${c.text}`).join('；') || null : null,
    ];
  };
}
