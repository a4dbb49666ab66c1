import { monitorEventLoopDelay } from 'node:perf_hooks';
import { expect } from 'vitest';
import type { JobStatus } from '../../core/jobs.ts';

/**
 * The longest the event loop was held at a time while `work` ran (ms, at 1 ms resolution): what a
 * request arriving meanwhile waited at worst. A figure to print, never to assert: a wall-clock time
 * on a shared machine is not a test (docs/performance.md has the measured ones).
 */
export async function longestStall<T>(work: () => Promise<T>): Promise<{ result: T; longestMs: number }> {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  try {
    const result = await work();
    return { result, longestMs: Math.round(histogram.max / 1e6) };
  } finally {
    histogram.disable();
  }
}

/**
 * Asks `ask` (a call on the serving thread) once every turn of the event loop until the job ends. Evidence that the
 * serving thread was free while the job ran, whatever the machine's speed: `answered` counts the calls answered with the
 * job running before and after them, `stepsSeen` the distinct points of the job's progress (its `done`, in the phase
 * `isStep` names) at which one was answered. A job doing those steps in one synchronous stretch gets none answered between
 * them: at most one step seen. The stall is measured for the report only.
 */
export async function answeredWhileRunning(
  jobStatus: () => JobStatus,
  ask: () => void,
  isStep: (status: JobStatus) => boolean,
): Promise<{ status: JobStatus; answered: number; stepsSeen: number; longestMs: number }> {
  let answered = 0;
  const steps = new Set<number>();
  const { result: status, longestMs } = await longestStall(async () => {
    for (;;) {
      const before = jobStatus();
      if (before.state !== 'running') return before;
      ask();
      if (jobStatus().state === 'running') {
        answered++;
        if (isStep(before)) steps.add(before.done);
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
  });
  return { status, answered, stepsSeen: steps.size, longestMs };
}

/**
 * answeredWhileRunning, and what each test of a job's steps then asserts: the job done, and calls answered at two of
 * its steps at least (a job doing its steps in one stretch gets them answered at one step at most). The stall is printed
 * with `what`, never asserted.
 */
export async function expectAnsweredBetweenSteps(
  what: string,
  jobStatus: () => JobStatus,
  ask: () => void,
  isStep: (status: JobStatus) => boolean,
): Promise<{ status: JobStatus; answered: number; stepsSeen: number }> {
  const { status, answered, stepsSeen, longestMs } = await answeredWhileRunning(jobStatus, ask, isStep);
  console.log(`[stall] ${what}: ${answered} calls answered meanwhile, at ${stepsSeen} of its steps; longest event-loop stall ${longestMs} ms`);
  expect(status.state, status.error ?? '').toBe('done');
  expect(answered, what).toBeGreaterThanOrEqual(2);
  expect(stepsSeen, what).toBeGreaterThanOrEqual(2);
  return { status, answered, stepsSeen };
}
