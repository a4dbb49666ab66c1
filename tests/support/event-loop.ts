import { monitorEventLoopDelay } from 'node:perf_hooks';

/**
 * The longest the event loop was held at a time while `work` ran (ms, at 1 ms resolution): what a
 * request arriving meanwhile waited at worst. Tests report it and assert it only generously: a
 * wall-clock figure on a shared machine is not a test (docs/performance.md has the measured ones).
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
