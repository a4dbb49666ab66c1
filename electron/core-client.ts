/** The main process's side of the utility-process conversation: request ids and pending answers. */
import type { CallResult } from '../core/errors.ts';
import type { HostMessage, MainMessage } from './core-protocol.ts';

export interface HostLike {
  postMessage(message: MainMessage): void;
  on(event: 'message', listener: (message: HostMessage) => void): void;
  on(event: 'exit', listener: (code: number) => void): void;
}

export class CoreClient {
  private nextId = 1;
  private readonly pending = new Map<number, (result: CallResult<unknown>) => void>();
  private readonly host: HostLike;

  constructor(host: HostLike, onHostMessage: (message: HostMessage) => void = () => {}) {
    this.host = host;
    host.on('message', (message) => {
      if (message.type === 'result') {
        this.pending.get(message.id)?.(message.result);
        this.pending.delete(message.id);
      } else onHostMessage(message);
    });
    host.on('exit', () => {
      for (const resolve of this.pending.values()) resolve({ ok: false, error: { code: 'INTERNAL', message: '程序核心已意外退出，请重新启动程序' } });
      this.pending.clear();
    });
  }

  /** After a start-up problem: restore the latest good backup and open core on it (answered by 'ready' or 'startup-error'). */
  restoreLatest(): void {
    this.host.postMessage({ type: 'restore-latest' });
  }

  call(name: string, input: unknown, session?: string): Promise<CallResult<unknown>> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.host.postMessage({ id, name, input, session });
    });
  }
}
