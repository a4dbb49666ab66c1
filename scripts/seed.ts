/**
 * `npm run seed -- --scale demo|city|province [--db <file>] [--seed <n>]`
 * Fills a database with realistic, deterministic data, then checks its integrity.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase } from '../db/open.ts';
import { migrate } from '../db/migrate.ts';
import { generate } from '../core/demo/generate.ts';
import { SCALES, type Scale } from '../core/demo/context.ts';
import { integrityProblems } from '../core/integrity.ts';
import { systemClock } from '../core/clock.ts';
import { withAuditContext } from '../db/audit.ts';

export async function seed(file: string, scale: Scale, seedValue: number, log: (line: string) => void = console.log) {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const db = openDatabase(file);
  try {
    await migrate(db);
    // A new file that a failed run simply regenerates: no write-ahead log during the bulk load
    // (a huge WAL makes every page lookup slower), a large page cache, back to WAL at the end.
    db.pragma('journal_mode = MEMORY');
    db.pragma('synchronous = OFF');
    db.pragma('cache_size = -524288');
    const people = db.prepare('SELECT count(*) FROM person').pluck().get() as number;
    if (people > 0) throw new Error(`${file} 已有 ${people} 名人员：请指定一个新的数据文件（--db）`);
    const started = performance.now();
    let lastStep = '';
    const now = systemClock.now();
    const audit = { actorId: null, actorName: '数据生成器', operation: 'seed', at: now };
    const report = withAuditContext(db, audit, () =>
      generate(db, {
        scale,
        seed: seedValue,
        today: systemClock.today(),
        now,
        actorName: audit.actorName,
        onProgress: (step, done, total) => {
          if (step !== lastStep || done === total) log(`  ${step}: ${done.toLocaleString('zh-CN')} / ${total.toLocaleString('zh-CN')}`);
          lastStep = step;
        },
      }),
    );
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    const seconds = (performance.now() - started) / 1000;
    const problems = integrityProblems(db, systemClock.today());
    return { report, seconds, problems };
  } finally {
    db.close();
  }
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: { scale: { type: 'string', default: 'demo' }, db: { type: 'string' }, seed: { type: 'string', default: '20261124' } },
  });
  const scale = values.scale as Scale;
  if (!(scale in SCALES)) {
    console.error(`未知的规模 ${scale}：可选 demo、city、province`);
    process.exit(2);
  }
  const file = values.db ?? path.join('bench', `${scale}.db`);
  console.log(`生成 ${scale} 规模数据到 ${file}（种子 ${values.seed}）…`);
  try {
    const { report, seconds, problems } = await seed(file, scale, Number(values.seed));
    console.log(`完成，用时 ${seconds.toFixed(1)} 秒：`, report.created, report.timings);
    if (problems.length) {
      console.error('完整性检查发现问题：\n' + problems.join('\n'));
      process.exit(1);
    }
    console.log('完整性检查通过。');
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
