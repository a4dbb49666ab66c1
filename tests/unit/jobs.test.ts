import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { JobRunner, removeLeftTempDirs, type JobStatus } from '../../core/jobs.ts';
import { writeSheetsToFile, readFirstSheet } from '../../core/excel/workbook.ts';

async function settled(jobs: JobRunner, id: string): Promise<JobStatus> {
  for (let i = 0; i < 500; i++) {
    const status = jobs.status(id);
    if (status.state !== 'running') return status;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error('job did not finish');
}

const columns = [
  { header: '姓名', kind: 'text' as const },
  { header: '学时', kind: 'number' as const },
];
async function* rows(batches: number) {
  for (let b = 0; b < batches; b++) yield Array.from({ length: 100 }, (_, i) => [`学员${b * 100 + i}`, i % 7]);
}

describe('job files', () => {
  it('a download ticket is used once and expires; a small file is written out to be streamed like a large one', async () => {
    const jobs = new JobRunner();
    const id = jobs.start('生成模板', async () => ({ file: { fileName: '模板.xlsx', data: Buffer.from('PK-small') } }));
    expect((await settled(jobs, id)).state).toBe('done');
    const first = jobs.downloadTicket(id);
    const file = jobs.redeem(first.ticket)!;
    expect(file.fileName).toBe('模板.xlsx');
    expect(fs.readFileSync(file.path, 'utf8')).toBe('PK-small');
    expect(jobs.redeem(first.ticket)).toBeNull(); // used
    expect(jobs.redeem('not-a-ticket')).toBeNull();
    const later = jobs.downloadTicket(id);
    expect(later.ticket).not.toBe(first.ticket);
    const now = Date.now();
    vi.spyOn(Date, 'now').mockReturnValue(now + 6 * 60 * 1000);
    try {
      expect(jobs.redeem(later.ticket)).toBeNull(); // expired after 5 minutes
    } finally {
      vi.restoreAllMocks();
    }
    jobs.dispose();
    expect(fs.existsSync(file.path)).toBe(false);
  });

  it('a large export goes to a temporary file, is downloaded from it, and is removed on dispose', async () => {
    const jobs = new JobRunner();
    const file = jobs.tempFile();
    const id = jobs.start('导出', async (job) => {
      await writeSheetsToFile(file, [{ name: '名单', columns, rows: rows(3) }], () => job.checkpoint());
      return { result: null, file: { fileName: '名单.xlsx', path: file } };
    });
    expect((await settled(jobs, id)).state).toBe('done');
    const { fileName, ticket } = jobs.downloadTicket(id);
    expect(fileName).toBe('名单.xlsx');
    expect(jobs.redeem(ticket)).toEqual({ fileName: '名单.xlsx', path: file });
    const { headers, rows: read } = await readFirstSheet(fs.readFileSync(file));
    expect(headers).toEqual(['姓名', '学时']);
    expect(read).toHaveLength(300);
    jobs.dispose();
    expect(fs.existsSync(path.dirname(file))).toBe(false);
  });

  it('a cancelled export leaves no file behind', async () => {
    const jobs = new JobRunner();
    const file = jobs.tempFile();
    let batches = 0;
    const id = jobs.start('导出', async (job) => {
      await writeSheetsToFile(file, [{ name: '名单', columns, rows: rows(1000) }], async () => {
        if (++batches === 2) jobs.cancel(id);
        await job.checkpoint();
      });
      return { file: { fileName: '名单.xlsx', path: file } };
    });
    expect((await settled(jobs, id)).state).toBe('cancelled');
    expect(fs.readdirSync(path.dirname(file))).toEqual([]);
    expect(() => jobs.downloadTicket(id)).toThrow(/没有可下载的文件/);
    jobs.dispose();
  });

  it('a job cancelled while it reads a workbook ends as cancelled, not as an unreadable file', async () => {
    const jobs = new JobRunner();
    const file = jobs.tempFile();
    await writeSheetsToFile(file, [{ name: '名单', columns, rows: rows(30) }]);
    const data = fs.readFileSync(file);
    const id = jobs.start('导入', async (job) => {
      await readFirstSheet(data, {
        onRows: async () => {
          jobs.cancel(id);
          await job.checkpoint();
        },
      });
      return { result: null };
    });
    expect(await settled(jobs, id)).toMatchObject({ state: 'cancelled', error: null });
    jobs.dispose();
  });

  it('removes the temporary folder of an app that crashed, and leaves those of running ones', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sws-temp-root-'));
    const gone = spawnSync(process.execPath, ['-e', '']).pid!; // a process that has ended
    const folder = (name: string) => {
      fs.mkdirSync(path.join(root, name));
      fs.writeFileSync(path.join(root, name, 'export.xlsx'), 'x');
      return name;
    };
    const crashed = folder(`sws-jobs-${gone}-aB3dE`);
    const running = [folder(`sws-jobs-${process.pid}-fG5hI`), folder(`sws-jobs-${process.ppid}-jK7lM`), folder('other-app')];
    removeLeftTempDirs(root);
    expect(fs.readdirSync(root).sort()).toEqual(running.sort());
    expect(fs.existsSync(path.join(root, crashed))).toBe(false);
    fs.rmSync(root, { recursive: true, force: true });
  });
});
