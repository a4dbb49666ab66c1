/** Timing and statistics for the benchmark cases. */
export interface Stats {
  runs: number;
  median: number;
  p95: number;
  max: number;
}

export function stats(samples: number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
  return { runs: sorted.length, median: at(0.5), p95: at(0.95), max: sorted.at(-1)! };
}

/** Runs `fn` once per input (after a few warm-up runs) and returns per-call milliseconds. */
export function timeEach<T>(inputs: T[], fn: (input: T) => unknown, warmup = 3): number[] {
  for (const input of inputs.slice(0, warmup)) fn(input);
  return inputs.map((input) => {
    const started = performance.now();
    fn(input);
    return performance.now() - started;
  });
}

export async function timeOnce(fn: () => unknown | Promise<unknown>): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

export const round = (ms: number) => Math.round(ms * 10) / 10;
