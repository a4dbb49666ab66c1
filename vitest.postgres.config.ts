import os from 'node:os';
import { configDefaults, defineConfig } from 'vitest/config';
import { LongestOnPostgresFirst } from './tests/support/postgres-sequencer.ts';

/**
 * `npm run test:postgres`: the integration tests on PostgreSQL (TEST_ENGINE=postgres makes
 * tests/support/core.ts open each test core on a fresh database), plus the engine's own tests,
 * against a throwaway server the global setup starts and removes (scripts/postgres/throwaway.ts).
 */
export default defineConfig({
  test: {
    include: ['tests/postgres/**/*.test.ts', 'tests/integration/**/*.test.ts'],
    // Two integration files never open a core, so TEST_ENGINE changes nothing in them: `npm run bench`'s rot check
    // (SQLite's bench; tests/postgres/bench.test.ts is PostgreSQL's) and the crash of a child on a SQLite file.
    exclude: [...configDefaults.exclude, 'tests/integration/bench.test.ts', 'tests/integration/crash.test.ts'],
    environment: 'node',
    pool: 'forks',
    // A test here mostly waits for the server's answers: two files at a time even on 2 cores.
    maxWorkers: Math.max(2, os.availableParallelism()),
    testTimeout: 60_000,
    // expect.poll waits for something to happen (a job to end, a host to start): on a loaded 2-core machine that can take
    // seconds, past the default 1 s. A poll that never succeeds still fails, after 30 s.
    expect: { poll: { timeout: 30_000 } },
    hookTimeout: 60_000,
    globalSetup: ['tests/support/postgres-global-setup.ts'],
    sequence: { sequencer: LongestOnPostgresFirst },
    env: { TEST_ENGINE: 'postgres' },
  },
});
