/**
 * 开启再审核 and 结束再审核 as jobs: at province scale each writes thousands of rows (8,000 reviews;
 * 8,000 supervisor changes and their events), 0.6 s on SQLite and far longer on PostgreSQL, which
 * held every other user's request while it ran on the server's thread. The operation checks what it
 * can at once (a refusal is immediate, in the same words), then the job runs openCycle / closeCycle —
 * the one implementation — in a worker thread on a read-write connection of its own: one
 * transaction, the checks repeated inside it, logged as the caller's operation.
 */
import type { Context } from '../contract.ts';
import { Cancelled, gateOf, type JobHandle } from '../jobs.ts';
import type { Outcome } from '../schemas/recert.ts';
import { openSameData } from '../../db/open.ts';
import { withAuditContext } from '../../db/audit.ts';
import { runInWorker } from '../worker-jobs.ts';
import { checkClose, checkOpen, closeCycle, openCycle } from './cycle-commands.ts';

export interface CycleJobArgs {
  id: number;
  version?: number | undefined;
}

const WORK = {
  'recert.open': { check: checkOpen, title: (year: number) => `开启${year}年度再审核`, phase: '正在核算在册督导并写入审核记录…' },
  'recert.close': { check: checkClose, title: (year: number) => `结束${year}年度再审核`, phase: '正在执行全部结论…' },
} as const;
export type CycleJobName = keyof typeof WORK;

/** The operation's part: the checks now, then the job; answers `{ jobId }`. */
export function startCycleJob(ctx: Context, operation: CycleJobName, { id, version }: CycleJobArgs): { jobId: string } {
  const cycle = WORK[operation].check(ctx, id, version);
  const args = { id, ...(version !== undefined ? { version } : {}) };
  return { jobId: ctx.jobs.start(WORK[operation].title(cycle.year), (job) => runInWorker(ctx, operation, args, job)) };
}

/** The worker's part (core/worker-tasks.ts): the work in one transaction on its own connection, as the caller. */
export async function runCycleJob(
  ctx: Context,
  operation: CycleJobName,
  { id, version }: CycleJobArgs,
  job: JobHandle,
): Promise<{ result: { reviews: number } | Record<Outcome, number> }> {
  job.progress(0, 1, WORK[operation].phase);
  const db = openSameData(ctx);
  try {
    const own: Context = { ...ctx, db };
    const audit = { actorId: ctx.actor.id, actorName: ctx.actor.name, operation, at: ctx.clock.now() };
    // The serving thread's write gate is held for the transaction only (not while the worker starts), so
    // other users' writes wait at the gate, asynchronously, instead of inside SQLite's busy handler.
    const release = await gateOf(job).holdWrites();
    let result;
    try {
      result = withAuditContext(db, audit, () =>
        db
          .transaction(() => {
            const done = operation === 'recert.open' ? { reviews: openCycle(own, id, version) } : closeCycle(own, id, version);
            if (job.cancelled) throw new Cancelled(); // cancelled meanwhile: rolled back, nothing written
            return done;
          })
          .immediate(),
      );
    } finally {
      release();
    }
    job.progress(1, 1, '完成');
    return { result };
  } finally {
    db.close();
  }
}
