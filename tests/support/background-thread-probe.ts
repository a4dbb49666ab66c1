/** A worker thread for tests/unit/background-thread.test.ts: lowers itself, then says what its thread's and the process's nice values are. */
import fs from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { currentThreadId, runAsBackgroundThread } from '../../core/background-thread.ts';

const niceOf = (thread: number | string) => Number(fs.readFileSync(`/proc/self/task/${thread}/stat`, 'utf8').split(') ')[1]!.split(' ')[16]);
const lowered = runAsBackgroundThread();
const thread = currentThreadId();
parentPort!.postMessage({ lowered, again: runAsBackgroundThread(), thread, nice: thread === null ? null : niceOf(thread), processNice: niceOf(process.pid) });
