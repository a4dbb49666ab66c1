/**
 * Long work in worker threads (imports, exports, everyone's compliance, the 工作台's sums) gives way to
 * the server's thread for the CPU. On a 2-core server three such jobs and the serving thread compete as
 * equals, so a 20 ms search waits behind them for the processor and takes 100 ms and more
 * (`npm run bench -- --only server-load`). A worker lowers its own thread's priority (nice 10): when
 * nothing else runs it gets the whole core as before; when a request needs the CPU, the request gets it
 * first. Linux keeps a nice value per thread and names a thread by /proc/thread-self; elsewhere (macOS,
 * Windows: the desktop app, one user) the thread keeps its priority.
 *
 * The association server turns it on at its start (web/serve.ts, also what 共享给同事 starts), for the
 * workers started after it: there requests compete with others' jobs. Not in a process of tests or the
 * desktop's own: there several test files or one user's own screens share the CPU with the job, and a job
 * yielding to a neighbouring test file at nice 0 would only wait longer.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { getEnvironmentData, isMainThread, setEnvironmentData } from 'node:worker_threads';

/** Nice 10: a CPU share of ~1/10 against a thread at 0 when both want the processor (Linux CFS weights 110 vs 1024). */
export const BACKGROUND_NICE = 10;

/** Seen by every worker started after the server's start (worker_threads' environment data is inherited). */
const BACKGROUND_NICE_KEY = 'sws:background-nice';

/**
 * The server's start: worker threads started from now on in this process run as background threads (`false`: no
 * longer). libuv's thread pool (the sign-ins' scrypt, file reads) is made by the first thread to use it, and a new
 * thread inherits its maker's priority: it is made here, on this thread, so that no lowered worker makes it.
 */
export function lowerWorkerThreadsPriority(lower = true): void {
  fs.access(process.execPath, () => {}); // any work queued on the pool starts its threads, at once
  setEnvironmentData(BACKGROUND_NICE_KEY, lower ? BACKGROUND_NICE : undefined);
}

/** The Linux thread id of the calling thread, or null where there is none to read. */
export function currentThreadId(): number | null {
  try {
    const id = Number(path.basename(fs.readlinkSync('/proc/thread-self')));
    return Number.isInteger(id) && id > 0 ? id : null;
  } catch {
    return null;
  }
}

/**
 * Called first thing by each worker thread's side: in a server (lowerWorkerThreadsPriority), lowers this
 * thread's priority to BACKGROUND_NICE (never raises it). Returns whether it did. Never on the main thread,
 * whose priority is the process's.
 */
export function runAsBackgroundThread(): boolean {
  if (isMainThread || process.platform !== 'linux' || getEnvironmentData(BACKGROUND_NICE_KEY) !== BACKGROUND_NICE) return false;
  const thread = currentThreadId();
  if (thread === null) return false;
  try {
    if (os.getPriority(thread) >= BACKGROUND_NICE) return false;
    os.setPriority(thread, BACKGROUND_NICE);
    return true;
  } catch {
    return false; // a sandbox that forbids it: the work runs as before
  }
}
