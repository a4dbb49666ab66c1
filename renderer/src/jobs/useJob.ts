import { useCallback, useEffect, useState } from 'react';
import { call, type Output } from '../api/client.ts';

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
  return { status, cancel };
}

/** Saves a job's file through the browser's download (the desktop shell shows its save dialog). */
export async function downloadJobFile(jobId: string): Promise<void> {
  const { fileName, base64 } = await call('jobs.download', { id: jobId });
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function readFileAsBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(new Error('无法读取所选文件'));
    reader.readAsDataURL(file);
  });
}
