/** 开启再审核 and 结束再审核 are jobs (core/recert/cycle-jobs.ts): started, followed to their end, their result returned. */
import type { Actor } from '../../core/permissions.ts';
import { finishJob, type TestCore } from './core.ts';

async function finished<T>(core: TestCore, jobId: string, actor?: Actor): Promise<T> {
  const status = await finishJob(core, jobId, actor);
  if (status.state !== 'done') throw new Error(`${status.title} ${status.state}: ${status.error ?? status.phase}`);
  return status.result as T;
}

export async function openCycle(core: TestCore, id: number, version?: number, actor?: Actor): Promise<{ reviews: number }> {
  return finished(core, core.ok('recert.open', { id, ...(version !== undefined ? { version } : {}) }, actor).jobId, actor);
}

export async function closeCycle(core: TestCore, id: number, version?: number, actor?: Actor): Promise<{ pass: number; conditional: number; fail: number }> {
  return finished(core, core.ok('recert.close', { id, ...(version !== undefined ? { version } : {}) }, actor).jobId, actor);
}

/** The job's failure message (the job started: the quick checks passed, the work inside refused). */
export async function failedJob(core: TestCore, jobId: string, actor?: Actor): Promise<string> {
  const status = await finishJob(core, jobId, actor);
  if (status.state !== 'failed') throw new Error(`${status.title} unexpectedly ${status.state}`);
  return status.error!;
}
