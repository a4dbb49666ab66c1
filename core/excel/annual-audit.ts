/**
 * 年度审计报表: one workbook for a year, from one read-only snapshot, sheet after sheet with the
 * streaming writer. Each sheet reads what the screens read (the same repositories, the same
 * compliance and coverage code), so the workbook and the app never disagree.
 */
import type { Db } from '../../db/engine/types.ts';
import type { Context } from '../contract.ts';
import type { JobHandle } from '../jobs.ts';
import { openSameData } from '../../db/open.ts';
import { roleAllows } from '../permissions.ts';
import { maskOutput } from '../pii.ts';
import { writeSheetsToFile, type ColumnSpec, type SheetSpec } from './workbook.ts';
import * as audit from '../../db/repos/annual-audit.ts';
import { findCycleByYear, iterateReviews, outcomeCounts } from '../../db/repos/recert.ts';
import { ranking } from '../../db/repos/evaluations.ts';
import { supervisorLevels } from '../../db/repos/supervisors.ts';
import { courseCategories } from '../../db/repos/bases.ts';
import { recertResultCells, recertResultColumns } from '../recert/export-columns.ts';
import { currentRuleContext, type FrozenRules } from '../compliance/rule-context.ts';
import { rulesAskSupervision } from '../compliance/supervision-check.ts';
import { complianceOfEveryone, shortfallText } from '../compliance/population.ts';
import { coverageRows, hoursOf, townCoverage, withSupervision } from '../supervision/coverage.ts';
import { supervisionTotalsByYear } from '../../db/repos/supervision-facts.ts';
import { supervisionFactsByYear } from '../../db/repos/supervision.ts';
import { coverageCells, coverageColumns } from './coverage-columns.ts';
import { RANKING_COLUMNS, rankingCells } from './evaluation-columns.ts';

import { Sex } from '../../domain/vocabulary.ts';
import { auditTableName } from '../../domain/audit-names.ts';
import { formatInstant, instantOf, utcOffset } from '../dates.ts';
import {
  AccreditationStatus,
  AuditAction,
  BaseGrade,
  CertificateLevel,
  EvaluationGrade,
  RecertCycleStatus,
  RecertOutcome,
  SupervisorStatus,
} from '../../domain/vocabulary.ts';

const BATCH = 5_000;
const certLabel = (level: string | null) => (level ? CertificateLevel.label(level as CertificateLevel) : '未持证');
const text = (header: string, width?: number): ColumnSpec => ({ header, kind: 'text', ...(width ? { width } : {}) });
const num = (header: string, width = 10): ColumnSpec => ({ header, kind: 'number', width });
const date = (header: string): ColumnSpec => ({ header, kind: 'date', width: 12 });
const code = (header: string, width = 20): ColumnSpec => ({ header, kind: 'code', width });

/**
 * A year of the audit log in the configured zone: its first and the next year's first instant, and the
 * zone's offset in minutes (the months are grouped by it; China keeps one offset all year).
 */
function yearBounds(year: number, timeZone: string): audit.InstantRange {
  const from = instantOf(`${year}-01-01`, timeZone);
  const offset = Math.round((Date.parse(`${year}-01-01T00:00:00Z`) - Date.parse(from)) / 60_000);
  return { from, to: instantOf(`${year + 1}-01-01`, timeZone), offsetMinutes: offset };
}

/** Rows of objects to batches of cells, masked for roles that may not see 身份证号 and phone numbers. */
function* batches<Row>(rows: Iterable<Row>, cells: (row: Row) => unknown[], masked: boolean): Generator<unknown[][]> {
  let batch: unknown[][] = [];
  for (const row of rows) {
    batch.push(cells(masked ? maskOutput(row) : row));
    if (batch.length === BATCH) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}

export interface AuditSheetOptions {
  db: Db;
  year: number;
  asOf: string;
  masked: boolean;
  titleOf: (operation: string) => string;
  generatedAt: string;
  /** The configured time zone: the generation time, the year's and months' bounds of the audit log are read there. */
  timeZone: string;
}

function overview({ db, year, asOf, generatedAt, timeZone }: AuditSheetOptions): SheetSpec {
  const f = audit.yearFigures(db, year, yearBounds(year, timeZone));
  const cycle = findCycleByYear(db, year);
  const outcomes = cycle ? outcomeCounts(db, cycle.id) : [];
  const decided = (o: 'pass' | 'conditional' | 'fail') => outcomes.filter((c) => c.decision === o).reduce((n, c) => n + c.count, 0);
  const evaluations = ranking(db, year, null);
  const graded = (g: EvaluationGrade) => evaluations.filter((e) => e.grade === g).length;
  const work = supervisionTotalsByYear(db, year);
  const unsupervisedTowns = withSupervision({ db }, townCoverage({ db }), year).filter((t) => t.unsupervised).length;
  const rows: [string, string | number, string | null][] = [
    ['年度', year, null],
    ['生成时间', formatInstant(generatedAt, timeZone), `${timeZone}（UTC${utcOffset(generatedAt, timeZone)}）`],
    ['学时核算日', asOf, '学时达标按此日核算'],
    ['人员总数', f.people, null],
    ...(['senior', 'social_worker', 'assistant', 'worker'] as const).map((level): [string, number, null] => [
      `持${CertificateLevel.label(level)}证书人数`,
      f.certified[level] ?? 0,
      null,
    ]),
    ...Object.entries(f.supervisors).map(([level, n]): [string, number, string] => [`在册${level}`, n, '状态为在册']),
    ['再审核状态', cycle ? RecertCycleStatus.label(cycle.status) : '未建立', null],
    [`再审核${RecertOutcome.label('pass')}`, decided('pass'), '已作结论的人数'],
    [`再审核${RecertOutcome.label('conditional')}`, decided('conditional'), null],
    [`再审核${RecertOutcome.label('fail')}`, decided('fail'), null],
    ['督导次数', work.sessions, '本年度督导记录（见“督导工作”）'],
    ['督导小时', hoursOf(work.minutes), null],
    ['提供督导的督导人数', work.supervisors, '本年度至少一次督导记录'],
    ['督导对象', work.subjects, '人员与机构，去重'],
    ['督导覆盖机构数', work.organizations, '督导对象机构及督导对象人员当时所在机构，去重'],
    ['有督导但无督导记录的镇区', unsupervisedTowns, '见“镇区覆盖”'],
    ['完成班期', f.sessionsHeld, null],
    ['出勤人次', f.enrolments, '全勤或部分出勤'],
    ['班期计入学时', f.creditedHours, '含更正'],
    ['外部培训学时', f.externalHours, '含未核实'],
    ['实训基地', f.bases, null],
    [BaseGrade.label('demonstration'), f.demonstrationBases, null],
    ...EvaluationGrade.values.map((g): [string, number, null] => [`基地评估${EvaluationGrade.label(g)}`, graded(g), null]),
    ['操作日志记录', f.auditEntries, '本年度写入的变更记录数'],
  ];
  return { name: '概览', columns: [text('项目', 24), num('数值', 14), text('说明', 30)], rows: [rows] };
}

function roster({ db, masked }: AuditSheetOptions): SheetSpec {
  return {
    name: '督导名册',
    columns: [
      text('姓名', 10),
      code('身份证号'),
      text('性别', 6),
      text('督导等级', 10),
      text('服务镇区', 12),
      text('所在机构', 24),
      text('证书等级', 14),
      code('证书编号', 16),
      date('登记有效期至'),
      date('聘任日期'),
      date('聘期至'),
      text('状态', 8),
    ],
    rows: batches(
      audit.supervisorRoster(db),
      (r) => [
        r.personName,
        r.idNumber,
        Sex.zh[r.sex],
        r.levelName,
        r.regionName,
        r.organizationName,
        certLabel(r.certificateLevel),
        r.certificateNumber,
        r.registrationValidUntil,
        r.appointedOn,
        r.validUntil,
        SupervisorStatus.label(r.status),
      ],
      masked,
    ),
  };
}

/**
 * 督导工作 (issue 22): every supervisor on the roster with the supervision they gave in the year —
 * sessions, hours, distinct 督导对象 and organizations reached (a subject person's organization as of
 * the record's date) — from the same facts as the re-review (supervisionFactsByYear, db/repos/supervision.ts).
 */
function supervisionWork({ db, year }: AuditSheetOptions): SheetSpec {
  const facts = new Map(supervisionFactsByYear(db, year).map((f) => [f.supervisorId, f]));
  return {
    name: '督导工作',
    columns: [text('姓名', 10), text('等级', 10), text('镇区', 12), num('督导次数'), num('督导小时'), num('督导对象人数', 12), num('覆盖机构数', 12)],
    rows: batches(
      audit.supervisorsInRosterOrder(db),
      (r) => {
        const f = facts.get(r.supervisorId);
        return [r.personName, r.levelName, r.regionName, f?.sessions ?? 0, hoursOf(f?.minutes ?? 0), f?.subjects ?? 0, f?.organizationsReached ?? 0];
      },
      false,
    ),
  };
}

function recertResults({ db, year, masked, timeZone }: AuditSheetOptions): SheetSpec {
  const cycle = findCycleByYear(db, year);
  // With the supervision facts where the cycle's frozen rules ask for supervision, like the cycle's own export.
  const supervision = cycle?.frozenRules ? rulesAskSupervision((JSON.parse(cycle.frozenRules) as FrozenRules).body) : false;
  const rows =
    cycle && cycle.status !== 'draft'
      ? batches(iterateReviews(db, { cycleId: cycle.id }), recertResultCells(timeZone, supervision), masked)
      : [[[`${year}年度尚未开启再审核`]]];
  return { name: '年度再审核结果', columns: recertResultColumns(supervision), rows };
}

function trainingHours({ db, year, asOf, masked }: AuditSheetOptions): SheetSpec {
  const categories = courseCategories(db);
  const byCategory = audit.hoursByCategoryInYear(db, year);
  const rc = currentRuleContext(db);
  const rows = complianceOfEveryone(db, rc, asOf);
  return {
    name: '培训学时',
    columns: [
      text('姓名', 10),
      code('身份证号'),
      text('镇区', 12),
      text('所在机构', 24),
      text('证书等级', 14),
      ...categories.map((c) => num(`${year}年${c.name}`, 12)),
      num(`${year}年合计`),
      date('当前登记期止'),
      num('登记期尚差'),
      num('滚动期尚差'),
      text('是否达标', 8),
      text('未达标说明', 60),
    ],
    rows: batches(
      rows,
      (r) => {
        const hours = byCategory.get(r.personId);
        const perCategory = categories.map((c) => hours?.get(c.id) ?? 0);
        return [
          r.personName,
          r.idNumber,
          r.regionName,
          r.organizationName,
          certLabel(r.certificateLevel),
          ...perCategory,
          perCategory.reduce((a, b) => a + b, 0),
          r.periodEnd,
          r.periodShortfall,
          r.windowShortfall,
          r.compliant ? '达标' : '未达标',
          shortfallText(r, rc, asOf),
        ];
      },
      masked,
    ),
  };
}

function basesAndCourses({ db, year }: AuditSheetOptions): SheetSpec {
  return {
    name: '基地与课程',
    columns: [
      text('基地', 22),
      text('所在区划', 12),
      text('基地等级', 10),
      text('认定状态', 10),
      date('认定有效期至'),
      code('课程编号', 10),
      text('课程名称', 24),
      text('培训类别', 22),
      num('课程学时'),
      text('课程状态', 8),
      num(`${year}年完成班期`, 12),
      num(`${year}年授课学时`, 12),
      num(`${year}年培训人次`, 12),
      num(`${year}年计入学时`, 12),
    ],
    rows: batches(
      audit.coursesOfYear(db, year),
      (r) => [
        r.baseName,
        r.regionName,
        BaseGrade.label(r.baseGrade),
        AccreditationStatus.label(r.accreditationStatus as AccreditationStatus) ?? r.accreditationStatus,
        r.accreditedUntil,
        r.courseCode,
        r.courseTitle,
        r.categoryName,
        r.creditHours,
        r.courseStatus === null ? null : r.courseStatus === 'active' ? '在用' : '停用',
        r.sessionsHeld,
        r.sessionHours,
        r.trainees,
        r.creditedHours,
      ],
      false,
    ),
  };
}

function evaluations({ db, year }: AuditSheetOptions): SheetSpec {
  return { name: '基地评估', columns: RANKING_COLUMNS, rows: batches(ranking(db, year, null), rankingCells, false) };
}

function coverage({ db, year }: AuditSheetOptions): SheetSpec {
  const levels = supervisorLevels(db).map((l) => ({ levelId: l.id, levelName: l.name })); // every level, for the year's record
  return {
    name: '镇区覆盖',
    columns: coverageColumns(levels, year),
    rows: batches(coverageRows(withSupervision({ db }, townCoverage({ db }), year), { onlyShort: false }), coverageCells(levels), false),
  };
}

function auditLog({ db, year, titleOf, timeZone }: AuditSheetOptions): SheetSpec {
  return {
    name: '操作记录摘要',
    // Names, not codes (domain/audit-names.ts, operations by their title): read by auditors, not programmers.
    columns: [text('月份', 10), text('操作', 24), text('数据类型', 16), text('变更类型', 10), num('记录数')],
    rows: batches(
      audit.auditSummary(db, yearBounds(year, timeZone)),
      (r) => [r.month, titleOf(r.operation), auditTableName(r.tableName), AuditAction.label(r.action), r.entries],
      false,
    ),
  };
}

const SHEETS = [overview, roster, supervisionWork, recertResults, trainingHours, basesAndCourses, evaluations, coverage, auditLog];

/** The sheets in order, each built only when asked for (so only one sheet's rows are in memory at a time). */
export function* auditSheets(options: AuditSheetOptions, onSheet?: (index: number) => void): Generator<SheetSpec> {
  for (const [i, build] of SHEETS.entries()) {
    onSheet?.(i);
    yield build(options);
  }
}

export async function annualAuditWorkbook(ctx: Context, year: number, titleOf: (operation: string) => string, job: JobHandle) {
  const db = openSameData(ctx, { readonly: true });
  try {
    db.exec('BEGIN');
    const today = ctx.clock.today();
    const options: AuditSheetOptions = {
      db,
      year,
      asOf: today < `${year}-12-31` ? today : `${year}-12-31`,
      masked: !roleAllows(ctx.actor.role, 'pii.read'),
      titleOf,
      generatedAt: ctx.clock.now(),
      timeZone: ctx.clock.timeZone(),
    };
    const specs = auditSheets(options, (i) => job.progress(i, SHEETS.length, `正在写第 ${i + 1} / ${SHEETS.length} 张工作表…`));
    const file = ctx.jobs.tempFile();
    await writeSheetsToFile(file, specs, async () => {
      await job.checkpoint();
    });
    db.exec('COMMIT');
    const fileName = `${year}年度审计报表_${today}.xlsx`;
    return { result: { fileName, sheets: SHEETS.length }, file: { fileName, path: file } };
  } finally {
    db.close();
  }
}
