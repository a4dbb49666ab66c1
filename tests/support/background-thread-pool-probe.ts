/**
 * A process for tests/unit/background-thread.test.ts: the server's start, then a lowered worker that is the first
 * to read a file; prints the nice value of each of libuv's pool threads (the sign-ins' scrypt runs there).
 */
import fs from 'node:fs';
import os from 'node:os';
import { isMainThread, Worker } from 'node:worker_threads';
import { lowerWorkerThreadsPriority, runAsBackgroundThread } from '../../core/background-thread.ts';

if (isMainThread) {
  lowerWorkerThreadsPriority();
  new Worker(new URL(import.meta.url)).once('exit', () => {
    const pool = fs.readdirSync('/proc/self/task').filter((t) => fs.readFileSync(`/proc/self/task/${t}/comm`, 'utf8').trim() === 'libuv-worker');
    console.log(JSON.stringify(pool.map((t) => os.getPriority(Number(t)))));
  });
} else {
  runAsBackgroundThread();
  await fs.promises.readFile(new URL(import.meta.url));
}
