import { useCallback, useEffect, useState } from 'react';
import { call, saveJobFile, type Output } from '../api/client.ts';

export type JobStatus = Output<'jobs.status'>;

/** Follows a job until it ends, polling its status; `cancel` asks it to stop. */
export function useJob(jobId: string | null) {
  const [status, setStatus] = useState<JobStatus | null>(null);
  useEffect(() => {
    setStatus(null);
    if (!jobId) return;
    let live = true;
    let timer: ReturnType<typeof setTimeout>;
    const poll = async () => {
      try {
        const next = await call('jobs.status', { id: jobId });
        if (!live) return;
        setStatus(next);
        if (next.state === 'running') timer = setTimeout(poll, 250);
      } catch {
        if (live) timer = setTimeout(poll, 1000);
      }
    };
    void poll();
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [jobId]);
  const cancel = useCallback(() => (jobId ? call('jobs.cancel', { id: jobId }) : Promise.resolve(null)), [jobId]);
  // Only this job's status: right after the job changes, the state still holds the previous job's
  // (an import's commit was taken as done from its preview's status, so the lists reloaded before
  // anything was written and 「尚无人员」 stayed).
  return { status: status && status.id === jobId ? status : null, cancel };
}

/**
 * Waits for a short job (a backup) to end: its status when done; its error (or how it stopped) thrown otherwise.
 * `onStatus` hears each status read meanwhile (for a progress bar).
 */
export async function finishedJob(jobId: string, onStatus?: (status: JobStatus) => void): Promise<JobStatus> {
  for (;;) {
    const status = await call('jobs.status', { id: jobId });
    onStatus?.(status);
    if (status.state === 'done') return status;
    if (status.state !== 'running') throw new Error(status.error ?? status.phase);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Saves a job's file: a save dialog in the desktop app (answers where it went), a download in the browser. */
export async function downloadJobFile(jobId: string): Promise<string | null> {
  const { ticket } = await call('jobs.download', { id: jobId });
  return saveJobFile(ticket);
}

export function readFileAsBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(new Error('无法读取所选文件'));
    reader.readAsDataURL(file);
  });
}
