/**
 * Runs in an Electron utility process: owns the database and core, so long work never
 * freezes the window. Receives `{ id, name, input }` and answers `{ type: 'result', id, result }`;
 * a download ticket is answered with the file it stands for.
 */
import path from 'node:path';
import { openCore, restoreDataFile, StartupProblem, type ChangeWatch, type Core, type PreparedCall } from '../core/app.ts';
import type { CallResult } from '../core/errors.ts';
import type { CallRequest, DownloadRequest, HostMessage, MainMessage } from './core-protocol.ts';
import { DATA_FILE } from '../core/shell/data-dir.ts';
import { configuredTimeZone } from '../core/time-zone.ts';
import { writesFree, writesHeld } from '../core/write-gate.ts';

/**
 * Answers one request; when core failed to start, every call gets that reason (and no download is found).
 * `prepared`: what core's `prepare` made for this call.
 */
export function answer(core: Core | null, startupError: string | null, request: CallRequest | DownloadRequest, prepared?: PreparedCall): HostMessage {
  if ('type' in request) return { type: 'download', id: request.id, file: core?.takeDownload(request.ticket, request.session) ?? null };
  const result: CallResult<unknown> = core
    ? core.callWithSession(request.name, request.input, request.session, 'local', undefined, { prepared }) // failed logins count per source: this desktop
    : { ok: false, error: { code: 'INTERNAL', message: startupError ?? '程序核心未能启动' } };
  return { type: 'result', id: request.id, result };
}

/** Carries the change notices the window's session may see to the main process: one session at a time. */
export class ChangeRelay {
  private watch: ChangeWatch | null = null;
  private readonly post: (message: HostMessage) => void;

  constructor(post: (message: HostMessage) => void) {
    this.post = post;
  }

  /** Follows `session` (signed in, or another user after a sign-in); undefined stops. */
  follow(core: Core | null, session: string | undefined): void {
    this.watch?.close();
    this.watch =
      core?.watchChanges(
        session,
        (notice) => this.post({ type: 'change', notice }),
        () => this.post({ type: 'change', notice: null }),
      ) ?? null;
  }
}

interface ParentPort {
  on(event: 'message', listener: (message: { data: unknown }) => void): void;
  postMessage(message: HostMessage): void;
}

export async function runHost(port: ParentPort, dataDir: string): Promise<void> {
  const dataFile = path.join(dataDir, DATA_FILE);
  let core: Core | null = null;
  let startupError: string | null = null;
  let latestGood: StartupProblem['latestGood'];
  const relay = new ChangeRelay((message) => port.postMessage(message));
  const open = async () => {
    try {
      core = await openCore({ dataFile });
      startupError = null;
      port.postMessage({ type: 'ready', schemaVersion: core.schemaVersion, dataFile: core.dataFile, timeZone: configuredTimeZone(core.db) });
    } catch (error) {
      startupError = error instanceof Error ? error.message : String(error);
      latestGood = error instanceof StartupProblem ? error.latestGood : undefined;
      port.postMessage({ type: 'startup-error', message: startupError, latestGood: latestGood?.name });
    }
  };
  port.on('message', ({ data }) => {
    const message = data as MainMessage;
    if ('type' in message && message.type === 'restore-latest') {
      // Only on the user's word, only after a start-up problem, only from a backup that passed the checks.
      if (!core && latestGood) {
        restoreDataFile(dataFile, latestGood.path);
        void open();
      }
      return;
    }
    if ('type' in message && message.type === 'watch-changes') return relay.follow(core, message.session);
    const respond = (prepared?: PreparedCall) => {
      // Work holding the write lock across turns (an import's publish): a command or a query that writes waits for its end
      // (core/write-gate.ts); reads and downloads go on meanwhile (core/reads-during-writes.ts).
      const waits = !('type' in message) && (core?.waitsForWrites(message.name) ?? true);
      if (!writesHeld() || !waits) return port.postMessage(answer(core, startupError, message, prepared));
      void writesFree().then(() => port.postMessage(answer(core, startupError, message, prepared)));
    };
    // Slow work (a password's scrypt) off this thread first, other requests answered meanwhile; the others at once.
    const preparing = core && !('type' in message) ? core.prepare(message.name, message.input, message.session) : null;
    if (!preparing) return respond();
    void preparing.then(respond);
  });
  await open();
}

// Started by utilityProcess.fork(…, [dataDir]): Electron gives it process.parentPort.
const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;
if (parentPort) void runHost(parentPort, process.argv[2] ?? process.cwd());
