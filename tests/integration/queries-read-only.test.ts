/**
 * Every query runs query-only while an import publishes (core/reads-during-writes.ts).
 * Walked from core/api.ts on example data with the write gate held: each query that does not declare
 * `writes` is called with an input made from its schema (refined by the validation errors it gets),
 * so it runs query-only, where a write fails (SQLite: "attempt to write a readonly database";
 * PostgreSQL: "cannot execute INSERT in a read-only transaction", both answered as READ_ONLY_REFUSED);
 * none may fail so or with 系统内部错误, or change a row, nor may a job it starts fail so. A query added
 * later is walked too. On both engines.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { operations } from '../../core/api.ts';
import { readsOnly } from '../../core/reads-during-writes.ts';
import { holdWrites } from '../../core/write-gate.ts';
import type { TestCore } from '../support/core.ts';
import { openExampleDataCore } from '../support/example-data.ts';
import { READ_ONLY_REFUSED } from '../../core/dispatch.ts';

let core: TestCore;
/** A signed-in administrator's session: what a query does to its session (ending it) shows. */
let session = '';
beforeAll(async () => {
  core = await openExampleDataCore();
  session = core.ok('auth.setup', { username: 'admin', displayName: '管理员', password: 'shegong-Dudao-26' }).token;
}, 120_000);
afterAll(() => core.close());

/** A first guess at a valid input: required fields only, the simplest value of each type. */
function sample(schema: z.ZodType): unknown {
  const def = schema._zod.def as unknown as Record<string, unknown> & { type: string };
  switch (def.type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [key, field] of Object.entries(def.shape as Record<string, z.ZodType>)) {
        const t = (field._zod.def as { type: string }).type;
        if (t !== 'optional' && t !== 'default' && t !== 'prefault') out[key] = sample(field);
      }
      return out;
    }
    case 'string':
      return '1';
    case 'number':
    case 'int':
      return 1;
    case 'boolean':
      return false;
    case 'enum':
      return Object.values(def.entries as Record<string, unknown>)[0];
    case 'literal':
      return (def.values as unknown[])[0];
    case 'array':
      return [sample(def.element as z.ZodType)];
    case 'union':
      return sample((def.options as z.ZodType[])[0]!);
    case 'pipe':
      return sample(def.in as z.ZodType);
    case 'record':
      return {};
    case 'nullable':
    case 'readonly':
    case 'catch':
      return sample(def.innerType as z.ZodType);
    default:
      return undefined;
  }
}

/** What a field that was refused is tried with next, in turn. */
const ALTERNATIVES: unknown[] = ['2026-11-24', 2026, '2026-11', 'ABC123', '442000199001011234', '2026-11-24T02:00:00.000Z', [1], 'people', true, 0, 'x'];

function setAt(target: Record<string, unknown>, path: string, value: unknown) {
  const keys = path.split('.');
  let at: Record<string, unknown> = target;
  for (const key of keys.slice(0, -1)) at = (at[key] ??= {}) as Record<string, unknown>;
  at[keys.at(-1)!] = value;
}

/** Calls a query with inputs made from its schema until one passes validation (or the guesses run out). */
function callGuessing(name: string, schema: z.ZodType) {
  const input = (sample(schema) ?? {}) as Record<string, unknown>;
  const tried = new Map<string, number>();
  let result = core.callWithSession(name, input, session);
  for (let attempt = 0; attempt < 30 && !result.ok && result.error.code === 'VALIDATION' && result.error.field; attempt++) {
    const field = result.error.field;
    const next = tried.get(field) ?? 0;
    if (next >= ALTERNATIVES.length) break;
    tried.set(field, next + 1);
    setAt(input, field, ALTERNATIVES[next]);
    result = core.callWithSession(name, input, session);
  }
  return result;
}

/** A job's status once it has ended, asked in the session that started it (jobs belong to it). */
async function jobEnded(id: string) {
  for (let i = 0; i < 3000; i++) {
    const status = core.callWithSession('jobs.status', { id }, session);
    if (!status.ok) throw new Error(JSON.stringify(status.error));
    const result = status.result as { state: string; error: string | null };
    if (result.state !== 'running') return result;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`job ${id} did not end`);
}

describe('queries while an import publishes', () => {
  it('every query that does not declare writes runs query-only without writing, and so do the jobs it starts', async () => {
    const queries = operations.filter((op) => readsOnly(op));
    const answered: string[] = [];
    const failed: string[] = [];
    const jobs: string[] = [];
    // What core writes for a call on its main connection (a session ended through ctx.host) counts as well:
    // SQLite counts this connection's changes; PostgreSQL has no such counter, and every write in the call is refused there (READ_ONLY_REFUSED).
    const mainChanges = () => (core.db.engine === 'sqlite' ? (core.db.prepare('SELECT total_changes()').pluck().get() as number) : 0);
    const release = await holdWrites();
    try {
      for (const op of queries) {
        const before = mainChanges();
        const result = callGuessing(op.name, op.input);
        if (mainChanges() !== before) failed.push(`${op.name}: wrote on the main connection`);
        if (result.ok) {
          answered.push(op.name);
          const jobId = (result.result as { jobId?: unknown } | null)?.jobId;
          if (typeof jobId === 'string') jobs.push(jobId);
        } else if (result.error.code === 'INTERNAL' || result.error.message === READ_ONLY_REFUSED) failed.push(`${op.name}: ${result.error.message}`);
      }
    } finally {
      release();
    }
    expect(failed).toEqual([]);
    for (const jobId of jobs) {
      const status = await jobEnded(jobId);
      if (status.state === 'failed' && /readonly|read-only|只读/i.test(String(status.error))) failed.push(`job ${jobId}: ${status.error}`);
    }
    expect(failed).toEqual([]);
    // Most queries ran to their answer (the rest were refused for an input this walk could not guess, before any work).
    const missed = queries.filter((op) => !answered.includes(op.name)).map((op) => op.name);
    expect(answered.length / queries.length, `answered ${answered.length} of ${queries.length}; not: ${missed.join(' ')}`).toBeGreaterThan(0.85);
    console.log(`answered ${answered.length} of ${queries.length}; not: ${missed.join(' ')}`);
  }, 120_000);
});
