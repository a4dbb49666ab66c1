/**
 * The association server as a child of the desktop app (共享给同事): the same program's
 * `web/serve.js --lan` in an Electron utility process, on this data folder, listening on the
 * office network. Only one at a time; it stops with the app.
 */
import readline from 'node:readline';
import { utilityProcess, type UtilityProcess } from 'electron';
import { serverStartedFrom, type ServerStarted } from './lan-share.ts';

/** Where colleagues reach it; a busy port makes the server take another and say which. */
export const LAN_PORT = '5170';

let running: UtilityProcess | null = null;

export function startServerProcess(entry: string, dataDir: string, log: (line: string) => void): Promise<ServerStarted> {
  const child = utilityProcess.fork(entry, ['--lan', '--host', '0.0.0.0', '--port', LAN_PORT, '--data-dir', dataDir, '--json'], {
    serviceName: 'sws-server',
    stdio: 'pipe',
  });
  running = child;
  return new Promise((resolve, reject) => {
    const problems: string[] = [];
    child.once('exit', (code) => {
      running = null;
      reject(new Error(`服务器未能启动（代码 ${code}）${problems.length ? `：${problems.join(' ')}` : ''}`));
    });
    if (child.stderr) readline.createInterface({ input: child.stderr }).on('line', (line) => (problems.push(line), log(line)));
    if (child.stdout)
      readline.createInterface({ input: child.stdout }).on('line', (line) => {
        const started = serverStartedFrom(line);
        if (started) resolve(started);
        else log(line);
      });
  });
}

export function stopServer(): Promise<void> {
  const child = running;
  running = null;
  return child ? stopProcess(child) : Promise.resolve();
}

/** Asks a utility process to stop and waits until it has (its data file is closed then). */
export function stopProcess(child: Pick<UtilityProcess, 'kill' | 'once' | 'pid'>): Promise<void> {
  if (child.pid === undefined) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill();
  });
}
