import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/**
 * The renderer case measures the built renderer served by the web shell; a fresh clone has none,
 * so it is built first (`npm run build:renderer`). Returns whether it had to build.
 */
export function ensureRendererBuilt(root: string, build: () => void = buildRenderer): boolean {
  const index = path.join(root, 'dist', 'renderer', 'index.html');
  if (fs.existsSync(index)) return false;
  build();
  if (!fs.existsSync(index)) throw new Error(`构建界面后仍找不到 ${index}`);
  return true;
}

function buildRenderer(): void {
  // Under `npm run bench`, npm says where it is; run it with this Node (22), as npm run would.
  const npm = process.env.npm_execpath;
  const result = npm
    ? spawnSync(process.execPath, [npm, 'run', 'build:renderer'], { stdio: 'inherit' })
    : spawnSync('npm', ['run', 'build:renderer'], { stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.status !== 0) throw new Error('构建界面失败（npm run build:renderer）');
}
