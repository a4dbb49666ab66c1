/**
 * What both web entries (`web/main.ts` for `npm start`, `web/serve.ts` for `npm run serve`) do
 * before serving: find the built renderer, take the data folder's lock, open core (offering the
 * latest good backup after a start-up problem). Exits with the reason on failure.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openCore, restoreDataFile, StartupProblem, type Core } from '../core/app.ts';
import { DATA_FILE } from '../core/shell/data-dir.ts';
import { DataFolderInUse, DataFolderUnwritable, lockDataFolder } from '../core/shell/data-folder-lock.ts';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Run from source (web/*.ts) or from the build (dist/app/web/*.js): find dist/renderer either way. */
export const staticDir =
  [path.join(projectRoot, 'dist', 'renderer'), path.join(projectRoot, '..', 'renderer')].find((dir) => fs.existsSync(path.join(dir, 'index.html'))) ??
  path.join(projectRoot, 'dist', 'renderer');

/** The program's version (package.json), for /healthz and the start-up lines. */
export function appVersion(): string {
  for (const dir of [projectRoot, path.join(projectRoot, '..', '..')]) {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'sw-supervision' && pkg.version) return pkg.version;
    } catch {
      // not here: try the next folder up
    }
  }
  return 'unknown';
}

/**
 * Locks the data folder and opens core on it; on failure prints why and exits (2: start-up problem, 3: folder in use).
 * `database` (postgres://…): the data lives there; the folder keeps this process's logs, audit key and anchor.
 */
export async function startCore(dataDir: string, { restoreLatest = false, database }: { restoreLatest?: boolean; database?: string } = {}): Promise<Core> {
  fs.mkdirSync(dataDir, { recursive: true });
  // One running copy per data folder (this shell or the desktop one), before the database is opened.
  try {
    const lock = lockDataFolder(dataDir);
    process.on('exit', () => lock.release());
  } catch (error) {
    console.error(
      error instanceof DataFolderInUse || error instanceof DataFolderUnwritable
        ? error.message
        : `无法锁定数据文件夹：${error instanceof Error ? error.message : String(error)}`,
    );
    process.exit(3);
  }
  const dataFile = path.join(dataDir, DATA_FILE);
  return openCore({ dataFile, ...(database ? { database } : {}) }).catch(async (error: unknown) => {
    if (!(error instanceof StartupProblem)) throw error;
    if (restoreLatest && error.latestGood && !database) {
      restoreDataFile(dataFile, error.latestGood.path);
      console.error(`已从备份「${error.latestGood.name}」恢复数据文件（原文件如存在已改名保留）。`);
      return openCore({ dataFile });
    }
    console.error(error.message);
    if (error.latestGood) console.error('如需从该备份恢复，请加参数 --restore-latest 重新启动。');
    process.exit(2);
  });
}

/** Ctrl+C or the service manager's stop: open connections end, the database closes cleanly, then the process. */
export function stopOnSignals(web: { close(): Promise<void> }, core: Core): void {
  const shutdown = () => {
    void web.close().finally(() => {
      core.close();
      process.exit(0);
    });
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}
