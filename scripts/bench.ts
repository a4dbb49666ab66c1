/**
 * `npm run bench [-- --scale demo|city|province] [--no-browser] [--only a,b] [--engine sqlite|postgres]`
 * Measures docs/design.md §6's budgets on a generated database (built on first use under bench/),
 * prints one table and writes bench/results.json. Never part of `npm test`.
 * `--engine postgres`: the same cases on SQLite and then on a throwaway PostgreSQL holding a copy of
 * the same data (scripts/bench/postgres.ts), in one table with both figures and their ratio;
 * writes bench/results-postgres.json. `--postgres-only` leaves the SQLite half out (its column stays empty).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openCore } from '../core/app.ts';
import { SCALES, type Scale } from '../core/demo/context.ts';
import { seed } from './seed.ts';
import { benchPostgres } from './bench/postgres.ts';
import type { BenchCase, BenchResult } from './bench/types.ts';
import { openCase } from './bench/cases/open.ts';
import { searchCase } from './bench/cases/search.ts';
import { listsCase } from './bench/cases/lists.ts';
import { insertCase } from './bench/cases/insert.ts';
import { rendererCase } from './bench/cases/renderer.ts';
import { excelCase } from './bench/cases/excel.ts';
import { roundtripCase } from './bench/cases/roundtrip.ts';
import { sessionsCase } from './bench/cases/sessions.ts';
import { schedulingAssistantCase } from './bench/cases/scheduling-assistant.ts';
import { enrolmentExportCase } from './bench/cases/enrolment-export.ts';
import { recertCase } from './bench/cases/recert.ts';
import { annualAuditCase } from './bench/cases/annual-audit.ts';
import { slowLinkCase } from './bench/cases/slow-link.ts';
import { serverLoadCase } from './bench/cases/server-load.ts';
import { homeCase } from './bench/cases/home.ts';
import { coverageForecastCase } from './bench/cases/coverage-forecast.ts';
import { complianceForecastCase } from './bench/cases/compliance-forecast.ts';

/** Every measured budget. A new feature adds its case here. */
export const CASES: readonly BenchCase[] = [
  openCase,
  searchCase,
  listsCase,
  homeCase,
  coverageForecastCase,
  sessionsCase,
  schedulingAssistantCase,
  recertCase,
  complianceForecastCase,
  insertCase,
  excelCase,
  roundtripCase,
  enrolmentExportCase,
  annualAuditCase,
  serverLoadCase,
  rendererCase,
  slowLinkCase,
];

export interface BenchReport {
  engine?: 'sqlite' | 'postgres';
  machine: { cpu: string; cores: number; memoryGb: number; node: string; platform: string };
  scale: Scale;
  seededInSeconds: number | null;
  peakRssMb: number;
  results: BenchResult[];
  at: string;
}

export async function runBench(options: {
  scale: Scale;
  browser: boolean;
  only?: string[];
  dir?: string;
  log?: (line: string) => void;
  /** Run on this PostgreSQL database (holding a copy of the scale's data) instead of the SQLite file: only the cases marked `postgres`. */
  database?: string;
}): Promise<BenchReport> {
  const log = options.log ?? console.log;
  const dir = options.dir ?? 'bench';
  fs.mkdirSync(dir, { recursive: true });
  const dataFile = path.join(dir, `${options.scale}.db`);
  let seededInSeconds: number | null = null;
  if (!fs.existsSync(dataFile)) {
    log(`生成 ${options.scale} 规模数据库 ${dataFile} …`);
    const { seconds, problems } = await seed(dataFile, options.scale, 20261124, () => {});
    if (problems.length) throw new Error(`生成的数据未通过完整性检查：${problems.join('；')}`);
    seededInSeconds = Math.round(seconds * 10) / 10;
  }
  const { database } = options;
  // On PostgreSQL the data folder (logs, the audit anchor) is a temporary one: the SQLite file stays as generated.
  const where = database ? { dataFile: path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sws-bench-pg-')), 'data.sqlite3'), database } : { dataFile };
  const core = await openCore(where);
  const results: BenchResult[] = [];
  try {
    for (const benchCase of CASES) {
      if (benchCase.browser && !options.browser) continue;
      if (options.only && !options.only.includes(benchCase.name)) continue;
      if (database && !benchCase.postgres) {
        results.push({ operation: `${benchCase.name}（尚未在 PostgreSQL 上测量）`, budget: '—', met: null, note: '该项直接读写 SQLite 文件' });
        continue;
      }
      log(`测量 ${benchCase.name}${database ? '（PostgreSQL）' : ''} …`);
      try {
        results.push(
          ...(await benchCase.run({ scale: options.scale, dataFile: where.dataFile, core, browser: options.browser, ...(database ? { database } : {}) })),
        );
      } catch (error) {
        const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
        log(`  ${benchCase.name} 未能测量：${message}`);
        results.push({ operation: `${benchCase.name}（未能测量）`, budget: '—', met: false, error: message, note: message });
      }
    }
  } finally {
    core.close();
  }
  return {
    engine: database ? 'postgres' : 'sqlite',
    machine: {
      cpu: os.cpus()[0]?.model ?? 'unknown',
      cores: os.cpus().length,
      memoryGb: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
    },
    scale: options.scale,
    seededInSeconds,
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    results,
    at: new Date().toISOString(),
  };
}

export function formatReport(report: BenchReport): string {
  const figure = (r: BenchResult) => (r.error !== undefined ? '—' : r.value !== undefined ? `${r.value} ${r.unit ?? ''}`.trim() : `${r.median} / ${r.p95} ms`);
  const rows = report.results.map((r) => [
    r.operation,
    figure(r),
    r.budget,
    r.ratio !== undefined ? `${r.ratio}×` : '',
    r.met === null ? '—' : r.met ? '达标' : '未达标',
    r.note ?? '',
  ]);
  const header = ['操作', '中位数 / p95（或值）', '预算', '对照比', '结果', '备注'];
  const width = (s: string) => [...s].reduce((w, c) => w + (/[\u3000-\u9fff\uff00-\uffef]/.test(c) ? 2 : 1), 0);
  const widths = header.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i]!))));
  const line = (cells: string[]) => cells.map((c, i) => c + ' '.repeat(widths[i]! - width(c))).join(' | ');
  return [
    `规模 ${report.scale}；${report.machine.cpu}，${report.machine.cores} 核，${report.machine.memoryGb} GB；Node ${report.machine.node}`,
    report.seededInSeconds !== null ? `本次生成数据库用时 ${report.seededInSeconds} 秒` : '使用已有数据库',
    line(header),
    widths.map((w) => '-'.repeat(w)).join('-|-'),
    ...rows.map(line),
    `进程峰值内存 ${report.peakRssMb} MB`,
  ].join('\n');
}

/** A case's figure for comparison: its p95, or its single value. */
const comparable = (r: BenchResult | undefined): number | undefined => (r?.error !== undefined ? undefined : (r?.p95 ?? r?.value));

/** Both engines in one table (issue 21): each operation's SQLite and PostgreSQL figures, the ratio PostgreSQL / SQLite, and whether PostgreSQL meets the budget. */
export function formatComparison(sqlite: BenchReport, postgres: BenchReport, loadSeconds: number): string {
  const figure = (r: BenchResult | undefined) =>
    !r || r.error !== undefined
      ? '—'
      : r.value !== undefined
        ? `${r.value} ${r.unit ?? ''}`.trim()
        : r.median !== undefined
          ? `${r.median} / ${r.p95} ms`
          : '—';
  const operations = [...new Set([...sqlite.results, ...postgres.results].map((r) => r.operation))];
  const rows = operations.map((operation) => {
    const a = sqlite.results.find((r) => r.operation === operation);
    const b = postgres.results.find((r) => r.operation === operation);
    const [x, y] = [comparable(a), comparable(b)];
    const ratio = x !== undefined && y !== undefined && x > 0 ? `${Math.round((y / x) * 10) / 10}×` : '';
    const met = (r: BenchResult | undefined) => (!r || r.met === null ? '—' : r.met ? '达标' : '未达标');
    return [operation, figure(a), figure(b), ratio, (a ?? b)!.budget, met(a), met(b)];
  });
  const header = ['操作', 'SQLite 中位数 / p95', 'PostgreSQL 中位数 / p95', 'PG/SQLite', '预算', 'SQLite', 'PostgreSQL'];
  const width = (s: string) => [...s].reduce((w, c) => w + (/[\u3000-\u9fff\uff00-\uffef]/.test(c) ? 2 : 1), 0);
  const widths = header.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i]!))));
  const line = (cells: string[]) => cells.map((c, i) => c + ' '.repeat(widths[i]! - width(c))).join(' | ');
  return [
    `规模 ${sqlite.scale}；${sqlite.machine.cpu}，${sqlite.machine.cores} 核，${sqlite.machine.memoryGb} GB；Node ${sqlite.machine.node}`,
    `PostgreSQL：临时服务器（本机，fsync 关闭），数据由 migrate-db 从 SQLite 文件复制（${loadSeconds} 秒）`,
    line(header),
    widths.map((w) => '-'.repeat(w)).join('-|-'),
    ...rows.map(line),
    `进程峰值内存 ${postgres.peakRssMb} MB`,
  ].join('\n');
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: {
      scale: { type: 'string', default: 'province' },
      'no-browser': { type: 'boolean', default: false },
      only: { type: 'string' },
      engine: { type: 'string', default: 'sqlite' },
      // With --engine postgres: leave out the SQLite half (its figures are in an earlier run), for a long case at a large scale.
      'postgres-only': { type: 'boolean', default: false },
    },
  });
  if (values.engine !== 'sqlite' && values.engine !== 'postgres') {
    console.error(`未知的数据库引擎 ${values.engine}：可选 sqlite、postgres`);
    process.exit(2);
  }
  const scale = values.scale as Scale;
  if (!(scale in SCALES)) {
    console.error(`未知的规模 ${scale}：可选 demo、city、province`);
    process.exit(2);
  }
  const only = values.only?.split(',').map((s) => s.trim());
  const unknown = only?.filter((name) => !CASES.some((c) => c.name === name));
  if (unknown?.length) {
    console.error(`未知的测量项 ${unknown.join('、')}：可选 ${CASES.map((c) => c.name).join('、')}`);
    process.exit(2);
  }
  // --postgres-only: the SQLite half measures nothing (an empty list of cases).
  const onSqlite = values['postgres-only'] ? [] : only;
  const report = await runBench({ scale, browser: !values['no-browser'], ...(onSqlite ? { only: onSqlite } : {}) });
  if (values.engine === 'sqlite') {
    console.log(formatReport(report));
    fs.writeFileSync(path.join('bench', 'results.json'), JSON.stringify(report, null, 2));
    console.log('已写入 bench/results.json');
  } else {
    const server = await benchPostgres(path.join('bench', `${scale}.db`), console.log);
    try {
      const onPostgres = await runBench({ scale, browser: !values['no-browser'], ...(only ? { only } : {}), database: server.url });
      console.log(formatComparison(report, onPostgres, server.loadSeconds));
      fs.writeFileSync(
        path.join('bench', 'results-postgres.json'),
        JSON.stringify({ sqlite: report, postgres: onPostgres, loadSeconds: server.loadSeconds }, null, 2),
      );
      console.log('已写入 bench/results-postgres.json');
    } finally {
      server.stop();
    }
  }
}
