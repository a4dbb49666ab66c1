import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileLogger, scrub } from '../../core/log.ts';
import { openCore } from '../../core/app.ts';
import { makeIdNumber, tempDir } from '../support/core.ts';

const read = (dir: string) =>
  fs
    .readdirSync(dir)
    .sort()
    .map((f) => fs.readFileSync(path.join(dir, f), 'utf8'))
    .join('');

describe('core log (日志)', () => {
  it('writes slow operations by name and errors, scrubbed of 身份证号, phone numbers and passwords', () => {
    const dir = tempDir();
    const log = fileLogger(dir, { slowMs: 100, now: () => new Date('2026-12-01T08:00:00Z') });
    log.timed('people.list', 40);
    log.timed('registry.importCommit', 1234.4);
    const id = makeIdNumber();
    log.error('people.create failed', new Error(`UNIQUE constraint: ${id}, phone 13812345678, {"password":"hunter2-secret"} 密码：abc12345`));
    expect(fs.readdirSync(dir)).toEqual(['core-2026-12-01.log']);
    const text = read(dir);
    expect(text).toContain('2026-12-01T16:00:00.000+08:00 SLOW registry.importCommit 1234 ms');
    expect(text).not.toContain('people.list');
    expect(text).toContain('ERROR people.create failed: UNIQUE constraint');
    expect(text).not.toContain(id);
    expect(text).toContain(id.slice(0, 4));
    expect(text).not.toContain('13812345678');
    expect(text).not.toContain('hunter2-secret');
    expect(text).not.toContain('abc12345');
  });

  it('keeps one file a day and only the newest ones', () => {
    const dir = tempDir();
    for (const day of ['2026-11-01', '2026-11-02', '2026-11-03', '2026-11-04']) fs.writeFileSync(path.join(dir, `core-${day}.log`), 'old\n');
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'not ours');
    const log = fileLogger(dir, { keepDays: 3, slowMs: 0, now: () => new Date('2026-12-01T08:00:00Z') });
    log.timed('x', 5);
    expect(fs.readdirSync(dir).sort()).toEqual(['core-2026-11-03.log', 'core-2026-11-04.log', 'core-2026-12-01.log', 'notes.txt']);
  });

  it('scrubs without touching ordinary numbers', () => {
    expect(scrub('共 100000 人，耗时 1234 ms')).toBe('共 100000 人，耗时 1234 ms');
    expect(scrub(`证件 ${makeIdNumber()} 已存在`)).toMatch(/^证件 4420\*+\w{4} 已存在$/);
  });

  it('core writes its slow operations to logs/ beside the data file', async () => {
    const dir = tempDir();
    const core = await openCore({ dataFile: path.join(dir, 'data.sqlite3'), slowOperationMs: -1 });
    core.call('regions.list', {});
    core.close();
    expect(read(path.join(dir, 'logs'))).toMatch(/SLOW regions\.list \d+ ms/);
  });

  it('the desktop main process keeps its own daily file beside core’s; pruning one never touches the other', () => {
    const dir = tempDir();
    for (const day of ['2026-11-01', '2026-11-02']) fs.writeFileSync(path.join(dir, `core-${day}.log`), 'old\n');
    const log = fileLogger(dir, { name: 'main', keepDays: 1, now: () => new Date('2026-12-01T08:00:00Z') });
    log.info('启动 0.1.0');
    log.error('程序核心进程已退出（代码 1）');
    expect(fs.readdirSync(dir).sort()).toEqual(['core-2026-11-01.log', 'core-2026-11-02.log', 'main-2026-12-01.log']);
    expect(fs.readFileSync(path.join(dir, 'main-2026-12-01.log'), 'utf8')).toMatch(/INFO 启动 0\.1\.0\n.*ERROR 程序核心进程已退出（代码 1）/);
  });
});
