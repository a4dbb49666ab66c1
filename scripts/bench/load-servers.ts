/**
 * The `server-load` case's servers: `npm run serve`'s entry (web/serve.ts, accounts mode, sign-in
 * cookie) as processes of their own on 127.0.0.1, one on the SQLite copy or several on one
 * PostgreSQL database, each with its own data folder (logs, audit key and anchor) and its own
 * event loop's delay measured inside it (scripts/bench/event-loop-monitor.ts, over the IPC channel).
 */
import { spawn } from 'node:child_process';
import readline from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { EventLoopReport } from './event-loop-monitor.ts';

export interface LoadServer {
  port: number;
  /** The server's event-loop delay since the last ask (the histogram is reset each time). */
  eventLoop(): Promise<EventLoopReport['eventLoop']>;
  /** SIGTERM, resolved once the process has closed its database and exited. */
  stop(): Promise<void>;
}

/** Starts one server per data folder, all on `database` when given (else each on its folder's SQLite file); all or none. */
export async function startLoadServers(dataDirs: readonly string[], database?: string): Promise<LoadServer[]> {
  const started = await Promise.allSettled(dataDirs.map((dataDir) => startLoadServer(dataDir, database)));
  const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  const servers = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  if (failed) {
    await Promise.all(servers.map((s) => s.stop()));
    throw failed.reason;
  }
  return servers;
}

const monitor = pathToFileURL(fileURLToPath(new URL('./event-loop-monitor.ts', import.meta.url))).href;

async function startLoadServer(dataDir: string, database?: string): Promise<LoadServer> {
  // The database's address through the environment, as a deployment keeps a password out of the process list.
  const shell = spawn(process.execPath, ['--import', monitor, 'web/serve.ts', '--port', '0', '--data-dir', dataDir, '--json'], {
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    env: { ...process.env, ...(database ? { SWS_DATABASE: database } : {}) },
  });
  const exited = new Promise<void>((resolve) => shell.once('exit', () => resolve()));
  const stop = async () => {
    if (shell.exitCode === null && shell.signalCode === null) shell.kill('SIGTERM');
    await exited;
  };
  try {
    const line = await Promise.race([
      new Promise<string>((resolve) => readline.createInterface({ input: shell.stdout! }).once('line', resolve)),
      exited.then(() => {
        throw new Error(`服务器进程（${dataDir}）未能启动，退出码 ${shell.exitCode}`);
      }),
    ]);
    const { port } = JSON.parse(line) as { port: number };
    return {
      port,
      stop,
      eventLoop: () =>
        new Promise((resolve) => {
          const heard = (m: unknown) => {
            if (typeof m !== 'object' || m === null || !('eventLoop' in m)) return;
            shell.off('message', heard);
            resolve((m as EventLoopReport).eventLoop);
          };
          shell.on('message', heard);
          shell.send('event-loop:report');
        }),
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
