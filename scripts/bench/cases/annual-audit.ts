import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { annualAuditWorkbook, auditSheets } from '../../../core/excel/annual-audit.ts';
import { JobRunner } from '../../../core/jobs.ts';
import type { Context } from '../../../core/contract.ts';
import { LOCAL_ADMIN } from '../../../core/permissions.ts';
import { systemClock } from '../../../core/clock.ts';
import { openSameData } from '../../../db/open.ts';
import { round } from '../measure.ts';
import { withPeakMemory } from './enrolment-export.ts';
import type { BenchCase } from '../types.ts';

const quietJob = { progress() {}, checkpoint: () => Promise.resolve(), cancelled: false };

/**
 * The annual audit workbook for this year (docs/design.md §6 export budget): our job against a
 * raw ExcelJS streaming write of the same rows read by the same queries, and the memory it adds
 * (budget < 400 MB).
 */
export const annualAuditCase: BenchCase = {
  name: 'annual-audit',
  postgres: true,
  async run(ctx) {
    const year = Number(new Date().toISOString().slice(0, 4));
    const where = { dataFile: ctx.dataFile, ...(ctx.database ? { database: ctx.database } : {}) };
    const jobCtx: Context & { jobs: JobRunner } = { db: ctx.core.db, actor: LOCAL_ADMIN, clock: systemClock, ...where, jobs: new JobRunner() };
    const ours = await withPeakMemory(async () => {
      const started = performance.now();
      const made = await annualAuditWorkbook(jobCtx, year, (name) => name, quietJob);
      return { ms: performance.now() - started, bytes: fs.statSync(made.file.path).size };
    });

    // Raw: the same sheets from the same queries, cell values as they come, plain ExcelJS streaming writer to a file.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sws-bench-audit-'));
    const db = openSameData(where, { readonly: true });
    try {
      let rows = 0;
      const raw = await withPeakMemory(async () => {
        const started = performance.now();
        db.exec('BEGIN');
        const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: fs.createWriteStream(path.join(dir, 'raw.xlsx')), useStyles: true });
        const today = systemClock.today();
        const timeZone = systemClock.timeZone();
        const asOf = today < `${year}-12-31` ? today : `${year}-12-31`;
        for (const spec of auditSheets({ db, year, asOf, masked: false, titleOf: (n) => n, generatedAt: systemClock.now(), timeZone })) {
          const sheet = writer.addWorksheet(spec.name);
          sheet.addRow(spec.columns.map((c) => c.header)).commit();
          for await (const batch of spec.rows) {
            for (const values of batch) {
              sheet.addRow(values).commit();
              rows++;
            }
          }
          sheet.commit();
        }
        await writer.commit();
        db.exec('COMMIT');
        return performance.now() - started;
      });
      return [
        {
          // The row count in the note, so that both engines' figures share one line of the table (the log sheet's rows can differ).
          operation: `年度审计报表（${year} 年，8 张工作表）`,
          value: round(ours.value.ms),
          unit: 'ms',
          budget: '≤ 1.2 × 原始 ExcelJS 流式写出；所增内存 < 400 MB',
          ratio: Math.round((ours.value.ms / raw.value) * 100) / 100,
          met: ours.value.ms <= 1.2 * raw.value && ours.growthMb < 400,
          note: `${rows.toLocaleString('zh-CN')} 行；原始写出 ${round(raw.value)} ms；进程峰值 ${ours.peakMb} MB（增量 ${ours.growthMb} MB，原始增量 ${raw.growthMb} MB）；文件 ${Math.round(ours.value.bytes / 2 ** 20)} MB`,
        },
      ];
    } finally {
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
      jobCtx.jobs.dispose();
    }
  },
};
