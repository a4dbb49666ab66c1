import type { Actor } from '../../core/permissions.ts';
import { finishJob, type TestCore } from './core.ts';

/** 载入示例数据 as the screens do it: starts the job and waits for it; its result counts what it created. */
export async function loadExampleData(core: TestCore, actor?: Actor): Promise<{ created: Record<string, number> }> {
  const { jobId } = core.ok('demo.load', {}, actor);
  const status = await finishJob(core, jobId, actor);
  if (status.state !== 'done') throw new Error(`demo.load ${status.state}: ${status.error}`);
  return status.result as { created: Record<string, number> };
}
