/**
 * `npm test`'s PostgreSQL step (`npm run test:postgres-smoke`): where PostgreSQL 15 or newer's server
 * binaries are found (scripts/postgres/throwaway.ts: $PG_BINDIR, `pg_config --bindir`,
 * /usr/lib/postgresql/<n>/bin), the PostgreSQL smoke set on a throwaway server; elsewhere it says,
 * plainly, that it skipped them and how to have them (it installs nothing: `npm run test:postgres`
 * does, where it may). The whole integration suite on PostgreSQL (`npm run test:postgres`) takes far
 * longer than the rest of `npm test` together (README, PostgreSQL); the smoke set is what matters
 * most on a second engine: the engine itself and the rules' races between two server processes (tests/postgres/), backups and restore and
 * change notices across processes (also tests/postgres/), sign-in sessions, record versions, the
 * registry's main commands, an export streamed from one snapshot, and the HTTP server on top. (The
 * schema's comparison with SQLite's and the move from SQLite run in test:unit already, on a throwaway
 * server of their own.)
 */
import { spawnSync } from 'node:child_process';
import { findPostgresBinaries } from './throwaway.ts';

export const POSTGRES_SMOKE_FILES = [
  'tests/postgres/',
  'tests/integration/sessions.test.ts',
  'tests/integration/record-versions.test.ts',
  'tests/integration/supervisor-lifecycle.test.ts',
  'tests/integration/excel-export.test.ts',
  'tests/integration/web-server.test.ts',
];

if (import.meta.main) {
  if (!findPostgresBinaries()) {
    console.log(
      '\n[postgres] 已跳过 PostgreSQL 测试：本机没有 PostgreSQL 15 或更新版本的服务器程序。' +
        '安装后（Debian/Ubuntu：apt-get install postgresql，或用 PG_BINDIR 指向其 bin 文件夹）npm test 会自动运行它们；' +
        '`npm run test:postgres` 会在允许时自行安装并运行整个集成测试。\n' +
        '[postgres] SKIPPED the PostgreSQL tests: no PostgreSQL >= 15 server binaries found.\n',
    );
    process.exit(0);
  }
  console.log(`[postgres] PostgreSQL smoke set on a throwaway server: ${POSTGRES_SMOKE_FILES.join(' ')}`);
  const result = spawnSync('vitest', ['run', '--config', 'vitest.postgres.config.ts', ...POSTGRES_SMOKE_FILES, ...process.argv.slice(2)], {
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  process.exit(result.status ?? 1);
}
