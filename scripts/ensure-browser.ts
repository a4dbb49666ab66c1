/**
 * Makes sure the end-to-end tests have a Chromium and, on Linux, a CJK font for screenshots.
 * Order: $CHROMIUM_PATH; Debian's /usr/bin/chromium; Debian's package via apt-get (where only the
 * registries are reachable); otherwise Playwright's own download.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';

const has = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const apt = process.platform === 'linux' && has('apt-get') && (isRoot || has('sudo'));

function aptInstall(packages: string[]): boolean {
  const sudo = isRoot ? [] : ['sudo'];
  console.log(`[ensure-browser] apt-get install ${packages.join(' ')}`);
  const run = (args: string[]) =>
    spawnSync(sudo[0] ?? args[0]!, sudo.length ? args : args.slice(1), { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } })
      .status === 0;
  return run(['apt-get', 'update', '-qq']) && run(['apt-get', 'install', '-y', '-qq', '--no-install-recommends', ...packages]);
}

function hasCjkFont(): boolean {
  if (!has('fc-list')) return false;
  return execFileSync('fc-list', [':lang=zh'], { encoding: 'utf8' }).trim().length > 0;
}

const wanted: string[] = [];
const explicit = process.env.CHROMIUM_PATH;
if (explicit) {
  if (!fs.existsSync(explicit)) {
    console.error(`[ensure-browser] CHROMIUM_PATH=${explicit} does not exist`);
    process.exit(1);
  }
} else if (!fs.existsSync('/usr/bin/chromium')) {
  if (apt) wanted.push('chromium');
  else {
    console.log("[ensure-browser] no Debian chromium: using Playwright's own Chromium download");
    const result = spawnSync('npx', ['playwright', 'install', 'chromium'], { stdio: 'inherit', shell: process.platform === 'win32' });
    if (result.status !== 0) process.exit(result.status ?? 1);
  }
}
if (process.platform === 'linux' && !hasCjkFont()) {
  if (apt) wanted.push('fonts-wqy-microhei', 'fontconfig');
  else console.warn('[ensure-browser] no CJK font found: Chinese text in screenshots will show as boxes');
}
if (wanted.length && !aptInstall(wanted)) {
  console.error('[ensure-browser] apt-get failed; install chromium and fonts-wqy-microhei by hand, or set CHROMIUM_PATH');
  process.exit(1);
}
console.log('[ensure-browser] ok');
