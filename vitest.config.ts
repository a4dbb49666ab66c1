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
  },
});
