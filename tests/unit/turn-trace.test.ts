import { describe, expect, it } from 'vitest';
import { traceLongTurns, traced, type LongTurn } from '../../core/turn-trace.ts';

/** Holds the thread for at least `ms` (a stand-in for a long piece of work). */
const hold = (ms: number) => {
  for (const until = performance.now() + ms; performance.now() < until;);
};

describe('SWS_TRACE_LONG_TURNS: who held the serving thread', () => {
  it('names the pieces that ran in a long turn, a piece inside another under both', async () => {
    const lines: string[] = [];
    const stop = traceLongTurns({ thresholdMs: 20, write: (line) => lines.push(line) });
    await new Promise((resolve) => setTimeout(resolve, 5));
    traced('api:people.list', () => traced('op:people.list', () => hold(40)));
    await new Promise((resolve) => setTimeout(resolve, 20));
    stop();
    const turns = lines.map((line) => JSON.parse(line.replace('[long-turn] ', '')) as LongTurn);
    const turn = turns.find((t) => t.pieces.some(([path]) => path === 'api:people.list>op:people.list'));
    expect(turn).toBeDefined();
    expect(turn!.ms).toBeGreaterThan(20);
    const [, calls, ownMs] = turn!.pieces.find(([path]) => path === 'api:people.list>op:people.list')!;
    expect(calls).toBe(1);
    expect(ownMs).toBeGreaterThanOrEqual(40);
    expect(turn!.postgres).toEqual([0, 0]);
  });

  it('off (no threshold): traced only runs its function, nothing is written', () => {
    const lines: string[] = [];
    const stop = traceLongTurns({ write: (line) => lines.push(line) });
    expect(traced('anything', () => 42)).toBe(42);
    stop();
    expect(lines).toEqual([]);
  });
});
