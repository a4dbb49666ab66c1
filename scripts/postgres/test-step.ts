/**
 * `npm test`'s PostgreSQL step (`npm run test:postgres-step`): the whole integration suite and the
 * engine's own tests (the rules' races between two server processes among them) on a throwaway PostgreSQL (`npm run test:postgres`), so that every integration
 * test runs on both engines. The server binaries are found as scripts/postgres/throwaway.ts finds them
 * ($PG_BINDIR, `pg_config --bindir`, /usr/lib/postgresql/<n>/bin) or installed from Debian's
 * `postgresql` package where the run may (root or sudo, apt-get), as scripts/ensure-browser.ts does
 * for Chromium. Where neither is possible the step says plainly that it skipped PostgreSQL and how to
 * have it, and the rest of `npm test` goes on: SQLite, the engine users have by default, is tested.
 */
import { spawnSync } from 'node:child_process';
import { ensurePostgresBinaries } from './throwaway.ts';

if (import.meta.main) {
  try {
    ensurePostgresBinaries();
  } catch (error) {
    console.log(
      `\n[postgres] 已跳过 PostgreSQL 测试：${(error as Error).message}\n` +
        '[postgres] SKIPPED the PostgreSQL tests: no PostgreSQL >= 15 server binaries, and none could be installed here.\n',
    );
    process.exit(0);
  }
  console.log('[postgres] the integration suite and the engine tests on a throwaway PostgreSQL (vitest.postgres.config.ts)');
  const result = spawnSync('vitest', ['run', '--config', 'vitest.postgres.config.ts', ...process.argv.slice(2)], {
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  process.exit(result.status ?? 1);
}
