import { PassThrough } from 'node:stream';
import type http from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EventStreams, HEARTBEAT_MS } from '../../web/events.ts';
import type { Core } from '../../core/app.ts';

/** A core stand-in: every session is alive, no change ever comes. */
const core = { watchChanges: () => ({ close() {}, check: () => true }) } as unknown as Core;
const response = () => Object.assign(new PassThrough(), { writeHead: () => undefined }) as unknown as http.ServerResponse;

afterEach(() => vi.restoreAllMocks());

describe('change streams’ heartbeats', () => {
  it('streams opened together do not beat together: each its own interval around HEARTBEAT_MS', () => {
    const intervals: number[] = [];
    const real = globalThis.setInterval;
    vi.spyOn(globalThis, 'setInterval').mockImplementation(((fn: () => void, ms: number) => {
      intervals.push(ms);
      return real(fn, ms);
    }) as typeof setInterval);
    const streams = new EventStreams(core);
    for (let i = 0; i < 20; i++) streams.stream(response(), `session-${i}`);
    streams.endAll();
    expect(intervals).toHaveLength(20);
    expect(new Set(intervals).size).toBeGreaterThan(10); // before: all 20 at HEARTBEAT_MS, every session checked in one turn
    expect(Math.min(...intervals)).toBeGreaterThanOrEqual(HEARTBEAT_MS * 0.75);
    expect(Math.max(...intervals)).toBeLessThanOrEqual(HEARTBEAT_MS * 1.25);
  });
});
