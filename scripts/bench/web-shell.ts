import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';

/** The browser shell (`npm start`'s, token mode) as its own process on this scale's database, not copied: a folder with a link to it. */
export async function startWebShell(dataFile: string): Promise<{ url: string; stop(): void }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sws-bench-web-'));
  fs.symlinkSync(path.resolve(dataFile), path.join(dataDir, 'data.sqlite3'));
  const shell = spawn(process.execPath, ['web/main.ts', '--port', '0', '--data-dir', dataDir, '--json'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const { url } = JSON.parse(await new Promise<string>((resolve) => readline.createInterface({ input: shell.stdout! }).once('line', resolve))) as { url: string };
  return {
    url,
    stop() {
      shell.kill();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Chromium for the browser cases: the system's where there is one. */
export const chromiumPath = (): string | undefined => process.env.CHROMIUM_PATH ?? (fs.existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
