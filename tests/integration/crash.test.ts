import { spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/open.ts';
import { verifyAuditChain } from '../../db/audit.ts';
import { tempDir } from '../support/core.ts';

function runChild(file: string, rows: number, killAtMidway: boolean): Promise<{ lines: string[]; signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(import.meta.dirname, 'crash-child.ts'), file, String(rows)], { stdio: ['ignore', 'pipe', 'inherit'] });
    const lines: string[] = [];
    readline.createInterface({ input: child.stdout }).on('line', (line) => {
      lines.push(line);
      if (line === 'midway' && killAtMidway) child.kill('SIGKILL');
    });
    child.once('error', reject);
    child.once('exit', (_code, signal) => resolve({ lines, signal }));
  });
}

function inspect(file: string) {
  const db = openDatabase(file);
  try {
    return {
      integrity: db.pragma('integrity_check', { simple: true }),
      foreignKeys: db.pragma('foreign_key_check'),
      people: (db.prepare('SELECT count(*) AS n FROM person').get() as { n: number }).n,
      logged: (db.prepare(`SELECT count(*) AS n FROM audit_log WHERE operation = 'test.bulkInsert'`).get() as { n: number }).n,
      chain: verifyAuditChain(db),
    };
  } finally {
    db.close();
  }
}

describe('a crash midway through a long command', () => {
  it('SIGKILL leaves the database intact with none of the work (and the same command, uninterrupted, does all of it)', async () => {
    const rows = 400_000;
    const killed = path.join(tempDir(), 'data.sqlite3');
    const run = await runChild(killed, rows, true);
    expect(run.signal).toBe('SIGKILL');
    expect(run.lines).toContain('midway');
    expect(run.lines.some((l) => l.startsWith('done'))).toBe(false);
    expect(inspect(killed)).toMatchObject({ integrity: 'ok', foreignKeys: [], people: 0, logged: 0, chain: { intact: true } });

    const complete = path.join(tempDir(), 'data.sqlite3');
    const full = await runChild(complete, 5_000, false);
    expect(full.lines.at(-1)).toBe('done {"ok":true,"result":5000}');
    expect(inspect(complete)).toMatchObject({ integrity: 'ok', people: 5_000, logged: 5_000, chain: { intact: true, entries: 5_000 } });
  }, 60_000);
});
