/**
 * What ships: runs electron-builder's `--dir` target with a stand-in Electron folder (the real
 * binary cannot be downloaded here; see ../shared/TOOLCHAIN.md) and checks the result: the built
 * main, preload, core, migrations and renderer are in app.asar, and so is every module the built code
 * imports by a relative path (dynamic imports included), tests, sources, source maps and dev files
 * are not, better-sqlite3's native file is unpacked beside it, the manual ships as a resource, and
 * the hardening fuses were flipped. Prints the total size. Exits non-zero on any problem.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { listPackage } from '@electron/asar';

// Electron's fuse wire as an Electron 45 binary carries it (version 1, 8 fuses at their defaults).
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const DEFAULT_WIRE = '10110001';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'sws-package-'));
const standIn = path.join(work, 'electron');
fs.mkdirSync(path.join(standIn, 'resources'), { recursive: true });
fs.writeFileSync(
  path.join(standIn, 'electron'),
  Buffer.concat([Buffer.from(`#!/bin/sh\n# stand-in Electron\n${SENTINEL}`), Buffer.from([1, DEFAULT_WIRE.length]), Buffer.from(DEFAULT_WIRE)]),
  { mode: 0o755 },
);
const output = path.join(work, 'release');

const problems: string[] = [];
try {
  const started = Date.now();
  const build = spawnSync('npx', ['electron-builder', '--linux', '--dir', `-c.electronDist=${standIn}`, `-c.directories.output=${output}`], {
    encoding: 'utf8',
    shell: process.platform === 'win32',
  });
  if (build.status !== 0) throw new Error(`electron-builder failed:\n${build.stdout}\n${build.stderr}`);
  const unpacked = path.join(output, 'linux-unpacked');
  const resources = path.join(unpacked, 'resources');
  const files = listPackage(path.join(resources, 'app.asar'), { isPack: false }).map((f) => f.replace(/\\/g, '/').replace(/^\//, ''));
  const has = (file: string) => files.includes(file);
  for (const required of [
    'package.json',
    'dist/app/electron/main.js',
    'dist/app/electron/preload.cjs',
    'dist/app/electron/core-host.js',
    'dist/app/core/app.js',
    'dist/renderer/index.html',
  ]) {
    if (!has(required)) problems.push(`app.asar lacks ${required}`);
  }
  // Every module the built code imports by a relative path — static or dynamic (a worker job's task loads its module when it runs) — is packed.
  let relativeImports = 0;
  for (const module of listFiles('dist/app').filter((f) => f.endsWith('.js')))
    for (const [, specifier] of fs.readFileSync(module, 'utf8').matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*)['"](\.\.?\/[^'"]+)['"]/g)) {
      relativeImports++;
      const target = path.join(path.dirname(module), specifier!).replace(/\\/g, '/');
      if (!has(target)) problems.push(`${module.replace(/\\/g, '/')} imports ${specifier}, which app.asar lacks`);
    }
  if (!relativeImports) problems.push('no relative import found in dist/app: was it built?');
  const migrations = files.filter((f) => /^dist\/app\/db\/migrations\/\d{4}_.*\.js$/.test(f));
  const sources = fs.readdirSync('db/migrations').filter((f) => /^\d{4}_.*\.ts$/.test(f));
  if (migrations.length !== sources.length) problems.push(`app.asar has ${migrations.length} migrations, the sources ${sources.length}`);
  if (!files.some((f) => f.startsWith('dist/renderer/assets/') && f.endsWith('.js'))) problems.push('app.asar lacks the renderer bundle');
  const unwanted = files.filter(
    (f) =>
      /^(tests|renderer|scripts|docs|bench|src)\//.test(f) ||
      f.endsWith('.map') ||
      (/\.ts$/.test(f) && !f.endsWith('.d.ts')) ||
      /(^|\/)(vite|vitest|playwright)\.config\./.test(f),
  );
  if (unwanted.length) problems.push(`app.asar ships dev files: ${unwanted.slice(0, 8).join(', ')}${unwanted.length > 8 ? ` … (${unwanted.length})` : ''}`);
  const devOnly = ['react', 'react-dom', '@mui/material', 'vite', 'vitest', 'electron-builder', '@playwright/test', 'typescript'].filter((p) =>
    files.some((f) => f.startsWith(`node_modules/${p}/`)),
  );
  if (devOnly.length) problems.push(`app.asar ships packages the app does not load at run time: ${devOnly.join(', ')}`);
  const natives = listFiles(path.join(resources, 'app.asar.unpacked')).filter((f) => f.includes('better-sqlite3') && f.endsWith('.node'));
  if (!natives.length) problems.push("better-sqlite3's .node file is not unpacked beside app.asar");
  if (!fs.existsSync(path.join(resources, 'docs', '使用手册.md'))) problems.push('the manual (resources/docs/使用手册.md) is missing');
  const binary = fs.readFileSync(path.join(unpacked, 'sw-supervision'));
  const at = binary.indexOf(SENTINEL) + SENTINEL.length + 2;
  const wire = binary.subarray(at, at + DEFAULT_WIRE.length).toString();
  // RunAsNode, NODE_OPTIONS, --inspect off; asar integrity, asar only on; file:// extra privileges off.
  const expected = { 0: '0', 2: '0', 3: '0', 4: '1', 5: '1', 7: '0' } as Record<number, string>;
  for (const [i, state] of Object.entries(expected))
    if (wire[Number(i)] !== state) problems.push(`fuse ${i} is ${wire[Number(i)]}, expected ${state} (wire ${wire})`);
  const size = listFiles(unpacked).reduce((n, f) => n + fs.statSync(f).size, 0);
  console.log(
    `[check-package] ${files.length} files in app.asar (${relativeImports} relative imports of the built code found there), ${natives.length} native file(s) unpacked, fuses ${wire}; linux-unpacked ${(size / 2 ** 20).toFixed(1)} MB without the Electron runtime; ${Math.round((Date.now() - started) / 1000)} s`,
  );
} catch (error) {
  problems.push(error instanceof Error ? error.message : String(error));
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
if (problems.length) {
  console.error(`[check-package] ${problems.length} problem(s):\n- ${problems.join('\n- ')}`);
  process.exit(1);
}
console.log('[check-package] ok');

function listFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? listFiles(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}
