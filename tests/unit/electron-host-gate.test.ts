/**
 * The desktop's core host keeps the web shell's rule while an import publishes (core/write-gate.ts):
 * a query is answered at once, a command waits for the gate and then goes through.
 */
import { describe, expect, it } from 'vitest';
import { runHost } from '../../electron/core-host.ts';
import type { HostMessage, MainMessage } from '../../electron/core-protocol.ts';
import { holdWrites } from '../../core/write-gate.ts';
import { tempDir } from '../support/core.ts';

describe('desktop core host while writes are held', () => {
  it('answers a query at once and a command once the gate is free', async () => {
    const sent: HostMessage[] = [];
    let deliver: (message: { data: unknown }) => void = () => {};
    const port = {
      on: (_event: 'message', listener: (message: { data: unknown }) => void) => void (deliver = listener),
      postMessage: (m: HostMessage) => void sent.push(m),
    };
    await runHost(port, tempDir());
    await expect.poll(() => sent.some((m) => m.type === 'ready')).toBe(true);
    deliver({ data: { id: 1, name: 'auth.setup', input: { username: 'admin', displayName: '管理员', password: 'correct horse' } } satisfies MainMessage });
    // Answered once its password's hash is made off this thread (core/contract.ts `prepare`).
    await expect.poll(() => sent.at(-1)).toMatchObject({ type: 'result', id: 1 });
    const { token } = (sent.at(-1) as { result: { result: { token: string } } }).result.result;
    const answered = (id: number) => sent.some((m) => m.type === 'result' && m.id === id);

    const release = await holdWrites();
    try {
      deliver({ data: { id: 2, name: 'regions.create', input: { code: '442000', name: '中山市', level: 'city' }, session: token } satisfies MainMessage });
      deliver({ data: { id: 3, name: 'regions.list', input: {}, session: token } satisfies MainMessage });
      // Before this change the list waited with the save.
      expect(answered(3)).toBe(true);
      expect(sent.find((m) => m.type === 'result' && m.id === 3)).toMatchObject({ result: { ok: true, result: { total: 0 } } });
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(answered(2)).toBe(false);
    } finally {
      release();
    }
    await expect.poll(() => answered(2)).toBe(true);
    expect(sent.find((m) => m.type === 'result' && m.id === 2)).toMatchObject({ result: { ok: true } });
  });
});
