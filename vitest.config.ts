import os from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    // Vitest's default on a 2-core machine is one file at a time, leaving a core idle.
    maxWorkers: Math.max(2, os.availableParallelism() - 1),
    testTimeout: 60_000,
    // expect.poll waits for something to happen (a job to end, a host to start): on a loaded 2-core machine that can take
    // seconds, past the default 1 s. A poll that never succeeds still fails, after 30 s.
    expect: { poll: { timeout: 30_000 } },
  },
});
