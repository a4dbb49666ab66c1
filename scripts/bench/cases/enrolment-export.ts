import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { exportEnrolments } from '../../../core/excel/training-exports.ts';
import { iterateEnrolmentsForExport } from '../../../db/repos/enrolments.ts';
import { JobRunner } from '../../../core/jobs.ts';
import type { Context } from '../../../core/contract.ts';
import { LOCAL_ADMIN } from '../../../core/permissions.ts';
import { systemClock } from '../../../core/clock.ts';
import { formatTimeRange } from '../../../core/dates.ts';
import { round } from '../measure.ts';
import type { BenchCase } from '../types.ts';

const TARGET_ROWS = 1_000_000;
const quietJob = { progress() {}, checkpoint: () => new Promise<void>((resolve) => setImmediate(resolve)), cancelled: false };

/** Peak resident memory while `work` runs, sampled every 50 ms. */
export async function withPeakMemory<T>(work: () => Promise<T>): Promise<{ value: T; peakMb: number; growthMb: number }> {
  const before = process.memoryUsage().rss;
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  try {
    const value = await work();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { value, peakMb: Math.round(peak / 2 ** 20), growthMb: Math.round((peak - before) / 2 ** 20) };
  } finally {
    clearInterval(timer);
  }
}

/** Export of 1,000,000 enrolment rows (the most recent ones) vs a raw ExcelJS streaming write of the same rows: ≤ 1.2×, peak < 400 MB. */
export const enrolmentExportCase: BenchCase = {
  name: 'enrolment-export',
  postgres: true,
  async run(ctx) {
    const db = ctx.core.db;
    const total = db.prepare('SELECT count(*) FROM enrolment').pluck().get() as number;
    // The start date from which about a million enrolments follow (all of them at smaller scales).
    const from = total > TARGET_ROWS
      ? (db.prepare('SELECT substr(s.starts_at, 1, 10) FROM enrolment e JOIN training_session s ON s.id = e.session_id ORDER BY s.starts_at DESC LIMIT 1 OFFSET ?').pluck().get(TARGET_ROWS - 1) as string)
      : undefined;
    const filter = { baseIds: null, from };
    // On PostgreSQL the export reads its snapshot on a connection of its own to the same database.
    const jobCtx: Context & { jobs: JobRunner } = {
      db,
      actor: LOCAL_ADMIN,
      clock: systemClock,
      dataFile: ctx.dataFile,
      ...(ctx.database ? { database: ctx.database } : {}),
      jobs: new JobRunner(),
    };

    const ours = await withPeakMemory(async () => {
      const started = performance.now();
      const exported = await exportEnrolments(jobCtx, filter, '报名记录', quietJob);
      return { ms: performance.now() - started, rows: exported.result.rows, bytes: fs.statSync(exported.file.path).size };
    });

    // Raw: the same rows, the same cell values, a plain ExcelJS streaming writer to a file.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sws-bench-enrol-'));
    try {
      const raw = await withPeakMemory(async () => {
        const started = performance.now();
        const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: fs.createWriteStream(path.join(dir, 'raw.xlsx')), useStyles: true });
        let sheet = writer.addWorksheet('报名名单');
        let inSheet = 0;
        for (const e of iterateEnrolmentsForExport(db, filter)) {
          if (inSheet === 1_048_575) {
            sheet.commit();
            sheet = writer.addWorksheet(`报名名单${inSheet}`);
            inSheet = 0;
          }
          sheet.addRow([formatTimeRange(e.startsAt, e.endsAt), e.courseCode, e.courseTitle, e.baseName, e.name, e.idNumber, e.phone, e.organizationName, e.status, e.waitlistPosition, e.attendance, e.attendedHours, e.creditedHours]).commit();
          inSheet++;
        }
        sheet.commit();
        await writer.commit();
        return performance.now() - started;
      });
      return [
        {
          operation: `导出报名记录 ${ours.value.rows.toLocaleString('zh-CN')} 行`,
          value: round(ours.value.ms),
          unit: 'ms',
          budget: '≤ 1.2 × 原始 ExcelJS 流式写出；导出所增内存 < 400 MB',
          ratio: Math.round((ours.value.ms / raw.value) * 100) / 100,
          met: ours.value.ms <= 1.2 * raw.value && ours.growthMb < 400,
          note: `原始流式写出 ${round(raw.value)} ms；进程峰值 ${ours.peakMb} MB（导出时增量 ${ours.growthMb} MB，原始写出增量 ${raw.growthMb} MB）；文件 ${Math.round(ours.value.bytes / 2 ** 20)} MB`,
        },
      ];
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
      jobCtx.jobs.dispose();
    }
  },
};
