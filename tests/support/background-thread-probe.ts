/** A worker thread for tests/unit/background-thread.test.ts: lowers itself, then says what its thread's and the process's nice values are. */
import os from 'node:os';
import { parentPort } from 'node:worker_threads';
import { currentThreadId, runAsBackgroundThread } from '../../core/background-thread.ts';

const lowered = runAsBackgroundThread();
const thread = currentThreadId();
parentPort!.postMessage({
  lowered,
  again: runAsBackgroundThread(),
  thread,
  nice: thread === null ? null : os.getPriority(thread),
  processNice: os.getPriority(process.pid),
});
