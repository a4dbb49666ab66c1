/**
 * Starts the browser shell for one PC: `node web/main.ts [--port N] [--data-dir DIR] [--json]`.
 * Prints the address (with this start's token) to open in a browser. The association server is
 * `web/serve.ts` (`npm run serve`).
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startWebServer } from './server.ts';
import { newToken } from './security.ts';
import { defaultDataDir } from '../core/shell/data-dir.ts';
import { appVersion, startCore, staticDir, stopOnSignals } from './start-core.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '5170' },
    'data-dir': { type: 'string' },
    json: { type: 'boolean', default: false },
    // After a start-up problem (data file missing or damaged): restore the latest good backup.
    'restore-latest': { type: 'boolean', default: false },
  },
});

const dataDir = values['data-dir'] ? path.resolve(values['data-dir']) : defaultDataDir();

try {
  const core = await startCore(dataDir, { restoreLatest: values['restore-latest'] });
  const token = newToken();
  const port = Number(values.port);
  const version = appVersion();
  // A busy preferred port is no reason to fail: take any free one.
  const web = await startWebServer({ core, staticDir, token, port, version }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'EADDRINUSE' && port !== 0) return startWebServer({ core, staticDir, token, port: 0, version });
    throw error;
  });
  if (values.json) {
    console.log(JSON.stringify({ url: web.url, port: web.port, dataDir }));
  } else {
    console.log(`社工督导与实训基地管理系统（浏览器版）已启动，请在浏览器中打开：\n  ${web.url}\n数据文件夹：${dataDir}\n按 Ctrl+C 退出。`);
  }
  stopOnSignals(web, core);
} catch (error) {
  console.error(`启动失败：${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
