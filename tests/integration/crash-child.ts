/**
 * Child process for the crash test: runs one long all-or-nothing command through core's
 * dispatch (a test-only operation writing many rows in one transaction) and reports progress
 * so the parent can SIGKILL it midway.
 */
import fs from 'node:fs';
import { z } from 'zod';
import { defineOperation } from '../../core/contract.ts';
import { JobRunner } from '../../core/jobs.ts';
import { dispatch } from '../../core/dispatch.ts';
import { fixedClock } from '../../core/clock.ts';
import { LOCAL_ADMIN } from '../../core/permissions.ts';
import { openDatabase } from '../../db/open.ts';
import { migrate } from '../../db/migrate.ts';

const [file, rowsText] = process.argv.slice(2);
const rows = Number(rowsText);
const db = openDatabase(file!);
await migrate(db);

const bulk = defineOperation({
  name: 'test.bulkInsert',
  title: '测试：批量写入',
  kind: 'command',
  permission: 'registry.write',
  input: z.object({ rows: z.number().int() }),
  output: z.number(),
  handler: ({ rows }, { db }) => {
    const insert = db.prepare(`INSERT INTO person (id_number, name, sex, birth_date, created_at, updated_at) VALUES (?, ?, 'M', '1990-01-01', 'x', 'x')`);
    for (let i = 0; i < rows; i++) {
      insert.run(`BULK${String(i).padStart(14, '0')}`, `批量${i}`);
      if (i === 2000) fs.writeSync(1, 'midway\n');
    }
    return rows;
  },
});

const result = dispatch({ [bulk.name]: bulk }, { db, actor: LOCAL_ADMIN, clock: fixedClock('2026-11-24'), dataFile: file!, jobs: new JobRunner() }, bulk.name, {
  rows,
});
fs.writeSync(1, `done ${JSON.stringify(result)}\n`);
db.close();
