import type { Core } from '../../core/app.ts';

/** 立即备份 as the screen does it: starts the backup job and waits for it; its result names the file. */
export async function backupNow(core: Core): Promise<{ name: string; dir: string }> {
  const started = core.call('backup.create', {});
  if (!started.ok) throw new Error(`backup.create failed: ${JSON.stringify(started.error)}`);
  const { jobId } = started.result as { jobId: string };
  for (let i = 0; i < 6000; i++) {
    const status = core.call('jobs.status', { id: jobId });
    if (!status.ok) throw new Error(`jobs.status failed: ${JSON.stringify(status.error)}`);
    const { state, result, error } = status.result as { state: string; result: { name: string; dir: string }; error: string | null };
    if (state === 'done') return result;
    if (state !== 'running') throw new Error(`backup ${state}: ${error}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error('the backup did not finish');
}
