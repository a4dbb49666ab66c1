/**
 * Starts the browser shell: `node web/main.ts [--port N] [--data-dir DIR] [--json]`.
 * Prints the address (with this start's token) to open in a browser.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { openCore, restoreDataFile, StartupProblem } from '../core/app.ts';
import { startWebServer } from './server.ts';
import { newToken } from './security.ts';
import { DATA_FILE, defaultDataDir } from '../core/shell/data-dir.ts';
import { DataFolderInUse, DataFolderUnwritable, lockDataFolder } from '../core/shell/data-folder-lock.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '5170' },
    'data-dir': { type: 'string' },
    json: { type: 'boolean', default: false },
    // After a start-up problem (data file missing or damaged): restore the latest good backup.
    'restore-latest': { type: 'boolean', default: false },
  },
});

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// Run from source (web/main.ts) or from the build (dist/app/web/main.js): find dist/renderer either way.
const staticDir =
  [path.join(projectRoot, 'dist', 'renderer'), path.join(projectRoot, '..', 'renderer')].find((dir) => fs.existsSync(path.join(dir, 'index.html'))) ??
  path.join(projectRoot, 'dist', 'renderer');

const dataDir = values['data-dir'] ? path.resolve(values['data-dir']) : defaultDataDir();
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

try {
  const dataFile = path.join(dataDir, DATA_FILE);
  const core = await openCore({ dataFile }).catch(async (error: unknown) => {
    if (!(error instanceof StartupProblem)) throw error;
    if (values['restore-latest'] && error.latestGood) {
      restoreDataFile(dataFile, error.latestGood.path);
      console.error(`已从备份「${error.latestGood.name}」恢复数据文件（原文件如存在已改名保留）。`);
      return openCore({ dataFile });
    }
    console.error(error.message);
    if (error.latestGood) console.error('如需从该备份恢复，请加参数 --restore-latest 重新启动。');
    process.exit(2);
  });
  const token = newToken();
  const port = Number(values.port);
  // A busy preferred port is no reason to fail: take any free one.
  const web = await startWebServer({ core, staticDir, token, port }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'EADDRINUSE' && port !== 0) return startWebServer({ core, staticDir, token, port: 0 });
    throw error;
  });
  if (values.json) {
    console.log(JSON.stringify({ url: web.url, port: web.port, dataDir }));
  } else {
    console.log(`社工督导与实训基地管理系统（浏览器版）已启动，请在浏览器中打开：\n  ${web.url}\n数据文件夹：${dataDir}\n按 Ctrl+C 退出。`);
  }
  const shutdown = () => {
    void web.close().finally(() => {
      core.close();
      process.exit(0);
    });
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
} catch (error) {
  console.error(`启动失败：${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
