import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../../db/open.ts';
import { sqliteConnection } from '../../../db/engine/sqlite.ts';
import { migrate } from '../../../db/migrate.ts';
import { generate } from '../../../core/demo/generate.ts';
import { systemClock } from '../../../core/clock.ts';
import { round } from '../measure.ts';
import type { BenchCase } from '../types.ts';
import type { Scale } from '../../../core/demo/context.ts';

/**
 * The generator's write path (zod validation + repositories, as the app writes) for a city's
 * 10,000 people, against a raw better-sqlite3 insert of exactly the same rows in the same run.
 */
// The demo scale only keeps the case from rotting (its 400 people, not 20 s of generating a city).
const GENERATED: Record<Scale, Scale> = { demo: 'demo', city: 'city', province: 'city' };

export const insertCase: BenchCase = {
  name: 'insert',
  async run(ctx) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sws-bench-'));
    try {
      const ours = openDatabase(path.join(dir, 'ours.sqlite3'));
      await migrate(ours);
      const report = generate(ours, { scale: GENERATED[ctx.scale], today: systemClock.today(), now: systemClock.now(), actorName: 'bench' });
      const rows = ours.prepare('SELECT * FROM person ORDER BY id').raw().all() as unknown[][];
      const columns = sqliteConnection(ours).prepare('SELECT * FROM person LIMIT 1').columns().map((c) => c.name);
      ours.close();

      const raw = openDatabase(path.join(dir, 'raw.sqlite3'));
      await migrate(raw);
      raw.pragma('foreign_keys = OFF'); // the raw baseline: same rows, no regions/organizations to point at, no checks
      const insert = raw.prepare(`INSERT INTO person (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
      const started = performance.now();
      raw.transaction(() => {
        for (const row of rows) insert.run(row);
      })();
      const rawMs = performance.now() - started;
      raw.close();

      const oursMs = report.timings['人员']!;
      return [
        {
          operation: `生成器写入 ${rows.length.toLocaleString('zh-CN')} 名人员（校验 + 仓储）`,
          value: round(oursMs),
          unit: 'ms',
          budget: '报告值（对照原始插入）',
          ratio: Math.round((oursMs / rawMs) * 10) / 10,
          met: null,
          note: `原始插入 ${round(rawMs)} ms`,
        },
      ];
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
};
