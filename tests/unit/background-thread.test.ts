import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { BACKGROUND_NICE, currentThreadId, lowerWorkerThreadsPriority, runAsBackgroundThread } from '../../core/background-thread.ts';

const ROOT = path.join(import.meta.dirname, '../..');
const PROBE = path.join(ROOT, 'tests/support/background-thread-probe.ts');
const probe = () =>
  new Promise<{ lowered: boolean; again: boolean; thread: number; nice: number; processNice: number }>((resolve, reject) => {
    const worker = new Worker(PROBE);
    worker.once('message', resolve);
    worker.once('error', reject);
  });

describe.runIf(process.platform === 'linux')('on the association server, long work in worker threads gives way to the serving thread', () => {
  afterAll(() => lowerWorkerThreadsPriority(false));

  it('a worker started before the server turns it on (tests, the desktop) keeps its priority', async () => {
    const before = os.getPriority(process.pid);
    const answer = await probe();
    expect(answer.lowered).toBe(false);
    expect(answer.nice).toBe(before);
  });

  it('after it, a worker lowers its own thread to nice 10, once; the serving thread keeps its priority', async () => {
    const before = os.getPriority(process.pid);
    lowerWorkerThreadsPriority();
    const answer = await probe();
    expect(answer.lowered).toBe(true);
    expect(answer.again).toBe(false);
    expect(answer.thread).not.toBe(process.pid);
    expect(answer.nice).toBe(BACKGROUND_NICE);
    expect(answer.processNice).toBe(before);
    expect(os.getPriority(process.pid)).toBe(before);
  });

  it('libuv’s thread pool, where sign-ins derive their keys, is not lowered when a lowered worker is the first to use it', () => {
    const pool = JSON.parse(
      execFileSync(process.execPath, [path.join(ROOT, 'tests/support/background-thread-pool-probe.ts')], { encoding: 'utf8' }),
    ) as number[];
    expect(pool.length).toBeGreaterThan(0);
    expect(pool.every((nice) => nice < BACKGROUND_NICE)).toBe(true);
  });

  it('the main thread is never lowered', () => {
    expect(currentThreadId()).toBe(process.pid);
    expect(runAsBackgroundThread()).toBe(false);
  });
});

it('the association server turns it on before it opens the data, and every worker thread core starts asks for it', () => {
  const serve = fs.readFileSync(path.join(ROOT, 'web/serve.ts'), 'utf8');
  expect(serve.indexOf('lowerWorkerThreadsPriority();')).toBeGreaterThan(0);
  expect(serve.indexOf('lowerWorkerThreadsPriority();')).toBeLessThan(serve.indexOf('await startCore('));
  // A worker's side is the file that reads its `workerData` (the serving side only passes it): jobs, 学时达标's rows,
  // the 工作台's figures and sums, the log's checkpoint. db/engine's PostgreSQL thread carries the requests' own queries: not lowered.
  // Nor is the people search's worker: it answers a request someone is waiting for (core/people/search-off-thread.ts).
  const answersRequests = new Set([path.join('people', 'search-worker.ts')]);
  const core = path.join(ROOT, 'core');
  const workerSides = fs
    .readdirSync(core, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && !answersRequests.has(file) && fs.readFileSync(path.join(core, file), 'utf8').includes('workerData as '));
  expect(workerSides.length).toBeGreaterThanOrEqual(5);
  for (const file of workerSides) expect(fs.readFileSync(path.join(core, file), 'utf8'), file).toContain('runAsBackgroundThread();');
});
