/**
 * A worker job's entry for tests: the real one (core/worker-jobs-entry.ts), with every module the
 * thread loads noted and, once the job has ended, written beside the job's file
 * (`<file>.modules.json`: the modules' paths, relative to the project). It appears a moment after
 * the job's side has heard the job's end, whole (written aside, then renamed).
 */
import fs from 'node:fs';
import { registerHooks } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { workerData } from 'node:worker_threads';
import type { WorkerJobData } from '../../core/worker-jobs.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const loaded = new Set<string>();
registerHooks({
  load(url, context, next) {
    if (url.startsWith('file:')) loaded.add(path.relative(root, fileURLToPath(url)).replaceAll(path.sep, '/'));
    return next(url, context);
  },
});
try {
  await import('../../core/worker-jobs-entry.ts');
} finally {
  const list = `${(workerData as WorkerJobData).file}.modules.json`;
  fs.writeFileSync(`${list}.part`, JSON.stringify([...loaded]));
  fs.renameSync(`${list}.part`, list);
}
