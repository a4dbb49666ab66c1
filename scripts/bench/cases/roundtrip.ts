import fs from 'node:fs';
import type { Core } from '../../../core/app.ts';
import type { ImportSummary } from '../../../core/excel/registry-import.ts';
import type { Actor } from '../../../core/permissions.ts';
import { tableNames } from '../../../db/engine/catalog.ts';
import { round } from '../measure.ts';
import type { BenchCase } from '../types.ts';

/** A member of staff: may export and import, and sees 身份证号 and phone numbers in full (pii.read). */
const STAFF: Actor = { id: null, name: '工作人员（基准测量）', role: 'staff' };

function call<T>(core: Core, name: string, input: unknown): T {
  const res = core.call(name, input, STAFF);
  if (!res.ok) throw new Error(`${name}: ${res.error.message}`);
  return res.result as T;
}

/** Follows a job the way the renderer does (polling its status) until it ends; its result. */
async function finish<T>(core: Core, jobId: string): Promise<T> {
  for (;;) {
    const status = call<{ state: string; result: unknown; error: string | null }>(core, 'jobs.status', { id: jobId });
    if (status.state === 'done') return status.result as T;
    if (status.state !== 'running') throw new Error(`job ${status.state}: ${status.error ?? ''}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** What the server processes are doing, not the association's data (migration 0037): PostgreSQL records each job there. */
const PROCESS_TABLES = new Set(['server_job', 'server_claim']);

/** Every table's row count and the 操作日志's length: what a commit that writes nothing leaves as it was. */
function snapshot(core: Core): Record<string, number> {
  const tables = tableNames(core.db).filter((name) => !PROCESS_TABLES.has(name));
  return Object.fromEntries(tables.map((name) => [name, Number(core.db.prepare(`SELECT count(*) FROM "${name}"`).pluck().get())]));
}

const differences = (a: Record<string, number>, b: Record<string, number>) =>
  [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((t) => a[t] !== b[t]).map((t) => `${t} ${a[t] ?? 0} → ${b[t] ?? 0}`);

/**
 * The Excel round trip on this scale's database: 人员 exported (every person, by staff who see
 * the full numbers) and imported back through the registry import's preview and commit. Met when
 * the preview finds every row unchanged and the commit writes nothing (no row count, no log entry).
 */
export const roundtripCase: BenchCase = {
  name: 'roundtrip',
  postgres: true,
  async run({ core }) {
    const before = snapshot(core);

    const exportStarted = performance.now();
    const exportJob = call<{ jobId: string }>(core, 'people.export', {}).jobId;
    const exported = await finish<{ rows: number }>(core, exportJob);
    const exportMs = performance.now() - exportStarted;
    const { fileName, ticket } = call<{ fileName: string; ticket: string }>(core, 'jobs.download', { id: exportJob });
    const file = core.takeDownload(ticket);
    if (!file) throw new Error('the export download ticket was not honoured');
    const upload = { fileName, base64: fs.readFileSync(file.path).toString('base64') };

    const timedImport = async (operation: 'registry.importPreview' | 'registry.importCommit') => {
      const started = performance.now();
      const summary = await finish<ImportSummary>(core, call<{ jobId: string }>(core, operation, upload).jobId);
      return { summary, ms: performance.now() - started };
    };
    const preview = await timedImport('registry.importPreview');
    const commit = await timedImport('registry.importCommit');
    const after = snapshot(core);

    const rows = exported.rows;
    const changed = (s: ImportSummary) => s.rows !== rows || s.counts.unchanged !== rows || s.counts.created + s.counts.updated + s.counts.refused + s.counts.skipped > 0;
    const tablesChanged = differences(before, after);
    const unknownColumns = preview.summary.columns.filter((c) => c.source === 'none').map((c) => c.heading);
    const c = preview.summary.counts;
    const samples = [...preview.summary.samples.updated, ...preview.summary.samples.refused].slice(0, 3).map((r) => `第 ${r.rowNumber} 行 ${r.label}：${JSON.stringify(r.changes ?? r.problems)}`);
    return [
      {
        operation: `人员往返 ${rows.toLocaleString('zh-CN')} 行（导出 → 导入预览 → 提交）`,
        value: round(exportMs + preview.ms + commit.ms),
        unit: 'ms',
        budget: '零改动：预览全部未变，提交不写任何数据',
        met: !changed(preview.summary) && !changed(commit.summary) && tablesChanged.length === 0 && unknownColumns.length === 0,
        note: [
          `导出 ${round(exportMs)} ms；导入预览 ${round(preview.ms)} ms；提交 ${round(commit.ms)} ms`,
          `预览：未变 ${c.unchanged}、新建 ${c.created}、更新 ${c.updated}、未通过 ${c.refused}、跳过 ${c.skipped}`,
          tablesChanged.length ? `提交后有变化：${tablesChanged.join('，')}` : '提交后各表行数与操作日志条数不变',
          ...(unknownColumns.length ? [`未识别的列：${unknownColumns.join('、')}`] : []),
          ...samples,
        ].join('；'),
      },
    ];
  },
};
