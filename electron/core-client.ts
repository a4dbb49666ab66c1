/** The main process's side of the utility-process conversation: request ids and pending answers. */
import type { CallResult } from '../core/errors.ts';
import type { DownloadFile } from '../core/jobs.ts';
import type { HostMessage, MainMessage } from './core-protocol.ts';

export interface HostLike {
  postMessage(message: MainMessage): void;
  on(event: 'message', listener: (message: HostMessage) => void): void;
  on(event: 'exit', listener: (code: number) => void): void;
}

type Answer = Extract<HostMessage, { id: number }>;

const HOST_GONE: CallResult<unknown> = { ok: false, error: { code: 'INTERNAL', message: '程序核心已意外退出，请重新启动程序' } };

export class CoreClient {
  private nextId = 1;
  /** What each pending request waits for: its answer, or (when the host exits first) undefined. */
  private readonly pending = new Map<number, (answer: Answer | undefined) => void>();
  private readonly host: HostLike;

  constructor(host: HostLike, onHostMessage: (message: HostMessage) => void = () => {}) {
    this.host = host;
    host.on('message', (message) => {
      if (message.type === 'result' || message.type === 'download') {
        this.pending.get(message.id)?.(message);
        this.pending.delete(message.id);
      } else onHostMessage(message);
    });
    host.on('exit', () => {
      for (const resolve of this.pending.values()) resolve(undefined);
      this.pending.clear();
    });
  }

  /** After a start-up problem: restore the latest good backup and open core on it (answered by 'ready' or 'startup-error'). */
  restoreLatest(): void {
    this.host.postMessage({ type: 'restore-latest' });
  }

  /** Change notices for the window's session arrive as 'change' messages (to `onHostMessage`); undefined stops them. */
  watchChanges(session: string | undefined): void {
    this.host.postMessage({ type: 'watch-changes', session });
  }

  call(name: string, input: unknown, session?: string): Promise<CallResult<unknown>> {
    return this.request((id) => ({ id, name, input, session })).then((answer) => (answer?.type === 'result' ? answer.result : HOST_GONE));
  }

  /** The file a download ticket stands for, once, for the session that asked for it; null when it is unknown, used, expired or another session's. */
  takeDownload(ticket: string, session?: string): Promise<DownloadFile | null> {
    return this.request((id) => ({ type: 'take-download', id, ticket, session })).then((answer) => (answer?.type === 'download' ? answer.file : null));
  }

  private request(message: (id: number) => MainMessage): Promise<Answer | undefined> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.host.postMessage(message(id));
    });
  }
}
