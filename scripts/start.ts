/**
 * `npm start`: the desktop app when the Electron runtime is available, otherwise the same
 * renderer and core served on 127.0.0.1 (the web shell), said in one line.
 * SWS_WEB=1 forces the web shell.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const root = path.resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

/**
 * Rebuilds `output` with `npm run <script> -- <args>` when it is missing or older than its sources.
 * Quietly: the user reads one Chinese line, not the build tool's English report; warnings and errors still show.
 */
function buildIfStale(script: string, output: string, sources: string[], args: string[] = []): void {
  const target = path.join(root, output);
  const builtAt = fs.existsSync(target) ? fs.statSync(target).mtimeMs : 0;
  if (builtAt > Math.max(...sources.map((s) => newestMtime(path.join(root, s))))) return;
  console.log('正在准备程序（首次启动或更新后需要稍候）…');
  const result = spawnSync('npm', ['run', '--silent', script, ...(args.length ? ['--', ...args] : [])], {
    cwd: root,
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

/** Path of the Electron binary, downloading it once if the package has not yet. Null when unobtainable. */
function electronBinary(): string | null {
  let packageDir: string;
  try {
    packageDir = path.dirname(require.resolve('electron/package.json'));
  } catch {
    return null;
  }
  const pathFile = path.join(packageDir, 'path.txt');
  if (!fs.existsSync(pathFile)) {
    const install = spawnSync(process.execPath, [path.join(packageDir, 'install.js')], { stdio: 'ignore', timeout: 180_000 });
    if (install.status !== 0 || !fs.existsSync(pathFile)) return null;
  }
  const binary = path.join(packageDir, 'dist', fs.readFileSync(pathFile, 'utf8').trim());
  return fs.existsSync(binary) ? binary : null;
}

// Vite's own report (English, a line per chunk) only at warnings and errors.
buildIfStale('build:renderer', 'dist/renderer/index.html', ['renderer', 'core', 'domain'], ['--logLevel', 'warn']);

const electron = process.env.SWS_WEB ? null : electronBinary();
if (electron) {
  buildIfStale('build:app', 'dist/app/electron/main.js', ['domain', 'core', 'db', 'electron', 'web']);
  const child = spawn(electron, [root], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  console.log(process.env.SWS_WEB ? '按 SWS_WEB 设置使用浏览器版。' : '未能获得 Electron 桌面运行时（本机无法下载），改为在浏览器中提供同一程序：');
  const child = spawn(process.execPath, [path.join(root, 'web', 'main.ts'), ...process.argv.slice(2)], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
}
