import { z } from 'zod';
import { defineOperation, type Context } from '../contract.ts';
import { conflict } from '../errors.ts';
import { generate } from '../demo/generate.ts';
import { countPeople, deleteExample, exampleCounts, markExample } from '../../db/repos/example-data.ts';
import { openSameData } from '../../db/open.ts';
import { withAuditContext } from '../../db/audit.ts';
import { demoOutputs } from '../outputs/demo.ts';
import { runInWorker } from '../worker-jobs.ts';
import { gateOf, type JobHandle } from '../jobs.ts';
import { isForeignKeyViolation } from '../../db/engine/errors.ts';

/** Example data goes only into a database without people, so it never mixes with real records. */
const canLoad = (db: Context['db']) => countPeople(db) === 0;
const NOT_EMPTY = '数据库中已有人员记录：为避免示例数据与真实数据混在一起，只能在没有人员时载入示例数据';

/**
 * 载入示例数据, in a worker thread (core/worker-jobs.ts) on a connection of its own: one
 * transaction, logged as the caller's `demo.load`. Checked again inside it: someone may have
 * added a person since the operation looked.
 */
export async function loadExampleData(ctx: Context, job?: JobHandle): Promise<{ result: { created: Record<string, number> } }> {
  const db = openSameData(ctx);
  // In its worker the load holds the write lock for seconds: the serving thread's writes wait at the gate meanwhile, never in SQLite's busy handler.
  const releaseWrites = job ? await gateOf(job).holdWrites() : undefined;
  try {
    const audit = { actorId: ctx.actor.id, actorName: ctx.actor.name, operation: 'demo.load', at: ctx.clock.now() };
    const created = withAuditContext(db, audit, () =>
      db
        .transaction(() => {
          if (!canLoad(db)) throw conflict(NOT_EMPTY);
          const report = generate(db, { scale: 'demo', today: ctx.clock.today(), now: ctx.clock.now(), actorName: ctx.actor.name });
          markExample(db, report.ids);
          return report.created;
        })
        .immediate(),
    );
    return { result: { created } };
  } finally {
    db.close();
    releaseWrites?.();
  }
}

/** 示例数据: the demo scale, loaded from the empty state, marked, and removable exactly. */
export const demoOperations = [
  defineOperation({
    name: 'demo.status',
    output: demoOutputs['demo.status'],
    title: '查看示例数据',
    kind: 'query',
    permission: 'registry.read',
    input: z.object({}),
    handler: (_input, { db }) => {
      const counts = exampleCounts(db);
      return { loaded: Object.keys(counts).length > 0, counts, canLoad: canLoad(db) };
    },
  }),
  defineOperation({
    name: 'demo.load',
    output: demoOutputs['demo.load'],
    title: '载入示例数据',
    kind: 'command',
    permission: 'config.write',
    input: z.object({}),
    // A job: the load writes a few thousand rows (~0.6 s) in a worker thread, so the server answers meanwhile. Its result: { created }.
    handler: (_input, ctx) => {
      if (!canLoad(ctx.db)) throw conflict(NOT_EMPTY);
      return { jobId: ctx.jobs.start('载入示例数据', (job) => runInWorker(ctx, 'demo.load', {}, job)) };
    },
  }),
  defineOperation({
    name: 'demo.remove',
    output: demoOutputs['demo.remove'],
    title: '删除示例数据',
    kind: 'command',
    permission: 'config.write',
    input: z.object({}),
    handler: (_input, { db }) => {
      try {
        return { deleted: deleteExample(db) };
      } catch (error) {
        if (isForeignKeyViolation(error)) {
          throw conflict(
            '部分示例数据已被您新增的记录引用（例如给示例人员添加了证书、变更了督导状态，或将示例督导纳入了年度再审核），无法自动删除。请先处理这些记录',
          );
        }
        throw error;
      }
    },
  }),
] as const;
