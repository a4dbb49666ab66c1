/**
 * Runs in an Electron utility process: owns the database and core, so long work never
 * freezes the window. Receives `{ id, name, input }` and answers `{ type: 'result', id, result }`.
 */
import path from 'node:path';
import { openCore, type Core } from '../core/app.ts';
import { schemaVersionOf } from '../db/migrate.ts';
import type { CallResult } from '../core/errors.ts';
import type { CallRequest, HostMessage } from './core-protocol.ts';
import { DATA_FILE } from '../web/data-dir.ts';

/** Answers one request; when core failed to start, every call gets that reason. */
export function answer(core: Core | null, startupError: string | null, request: CallRequest): HostMessage {
  const result: CallResult<unknown> = core
    ? core.callWithSession(request.name, request.input, request.session)
    : { ok: false, error: { code: 'INTERNAL', message: startupError ?? '程序核心未能启动' } };
  return { type: 'result', id: request.id, result };
}

interface ParentPort {
  on(event: 'message', listener: (message: { data: unknown }) => void): void;
  postMessage(message: HostMessage): void;
}

export async function runHost(port: ParentPort, dataDir: string): Promise<void> {
  let core: Core | null = null;
  let startupError: string | null = null;
  port.on('message', ({ data }) => port.postMessage(answer(core, startupError, data as CallRequest)));
  try {
    core = await openCore({ dataFile: path.join(dataDir, DATA_FILE) });
    port.postMessage({ type: 'ready', schemaVersion: schemaVersionOf(core.db), dataFile: core.dataFile });
  } catch (error) {
    startupError = error instanceof Error ? error.message : String(error);
    port.postMessage({ type: 'startup-error', message: startupError });
  }
}

// Started by utilityProcess.fork(…, [dataDir]): Electron gives it process.parentPort.
const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;
if (parentPort) void runHost(parentPort, process.argv[2] ?? process.cwd());
