/** The main process's side of the utility-process conversation: request ids and pending answers. */
import type { CallResult } from '../core/errors.ts';
import type { CallRequest, HostMessage } from './core-protocol.ts';

export interface HostLike {
  postMessage(message: CallRequest): void;
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

  call(name: string, input: unknown, session?: string): Promise<CallResult<unknown>> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.host.postMessage({ id, name, input, session });
    });
  }
}
