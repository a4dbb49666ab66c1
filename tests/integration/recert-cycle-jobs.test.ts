/**
 * 开启再审核 and 结束再审核 as jobs in a worker thread (core/recert/cycle-jobs.ts): the same rows and
 * log as the work done in one call, a refusal at once, other users' reads answered and saves let
 * through once it has committed, nothing half-written when it fails, and the job its starter's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Context } from '../../core/contract.ts';
import type { PublishedChange } from '../../core/change-notices.ts';
import { fixedClock } from '../../core/clock.ts';
import type { Actor } from '../../core/permissions.ts';
import { writesFree, writesHeld } from '../../core/write-gate.ts';
import { closeCycle as closeInline, openCycle as openInline } from '../../core/recert/cycle-commands.ts';
import { withAuditContext } from '../../db/audit.ts';
import type { Db } from '../../db/engine/types.ts';
import { failInsertsWhere } from '../support/catalog.ts';
import { finishJob, openSecondConnection, openTestCore, snapshotCounts, TODAY, type TestCore } from '../support/core.ts';
import { loadExampleData } from '../support/example-data.ts';
import { failedJob, openCycle } from '../support/recert.ts';

const ZHANG: Actor = { id: 11, name: '张三', role: 'staff' };
const LI: Actor = { id: 12, name: '李四', role: 'staff' };
const ROLLED_BACK = new Error('rolled back on purpose');

let core: TestCore;
beforeAll(async () => {
  core = await openTestCore();
  await loadExampleData(core); // 37 supervisors, the 2025 cycle closed
}, 120_000);
afterAll(() => core.close());

const lastLogId = (db: Db) => Number(db.prepare('SELECT coalesce(max(id), 0) FROM audit_log').pluck().get());

/** What a cycle's opening or closing wrote: its reviews, its events, the supervisors, and the log after `mark` (ids of new rows left out: PostgreSQL's sequences do not roll back). */
function written(db: Db, cycleId: number, mark: number) {
  const withoutId = (json: string | null | undefined) =>
    json ? Object.fromEntries(Object.entries(JSON.parse(json) as object).filter(([k]) => k !== 'id')) : null;
  return {
    cycle: db
      .prepare('SELECT status, rule_set_id, frozen_rules, opened_at, opened_by, closed_at, closed_by, version FROM recert_cycle WHERE id = ?')
      .get(cycleId),
    reviews: db
      .prepare(
        'SELECT supervisor_id, level_id, region_id, facts, proposal, reasons, computed_at, decision, version FROM recert_review WHERE cycle_id = ? ORDER BY id',
      )
      .all(cycleId),
    events: db
      .prepare(
        'SELECT supervisor_id, kind, effective_on, level_id, status, valid_until, region_id, reason, actor_name, recorded_at FROM supervisor_event WHERE cycle_id = ? ORDER BY id',
      )
      .all(cycleId),
    supervisors: db.prepare('SELECT id, level_id, region_id, valid_until, status, version, updated_at FROM supervisor ORDER BY id').all(),
    log: (
      db
        .prepare('SELECT actor_id, actor_name, operation, at, table_name, action, before_json, after_json FROM audit_log WHERE id > ? ORDER BY id')
        .all(mark) as { operation: string; actor_name: string; before_json: string | null; after_json: string | null }[]
    ).map((e) => ({ ...e, before_json: withoutId(e.before_json), after_json: withoutId(e.after_json) })),
  };
}

/** The work done as one call did it before it was a job: in one transaction on one connection, as the caller, read and then rolled back. */
function inlineThenRolledBack(operation: 'recert.open' | 'recert.close', cycleId: number, actor: Actor) {
  const db = openSecondConnection(core);
  try {
    const ctx = { db, actor, clock: fixedClock(TODAY), dataFile: core.dataFile } as Context;
    const mark = lastLogId(db);
    let seen: ReturnType<typeof written> | undefined;
    try {
      withAuditContext(db, { actorId: actor.id, actorName: actor.name, operation, at: ctx.clock.now() }, () =>
        db
          .transaction(() => {
            if (operation === 'recert.open') openInline(ctx, cycleId);
            else closeInline(ctx, cycleId);
            seen = written(db, cycleId, mark);
            throw ROLLED_BACK;
          })
          .immediate(),
      );
    } catch (error) {
      if (error !== ROLLED_BACK) throw error;
    }
    return seen!;
  } finally {
    db.close();
  }
}

describe('开启再审核 and 结束再审核 run as jobs', () => {
  let cycleId: number;

  it('open: the job writes exactly what the work in one call wrote, logged as the caller’s 开启再审核', async () => {
    cycleId = core.ok('recert.create', { year: 2026 }, ZHANG).id;
    const inline = inlineThenRolledBack('recert.open', cycleId, ZHANG);
    expect(inline.reviews.length).toBe(37);
    const mark = lastLogId(core.db);
    const changes: PublishedChange[] = [];
    const stop = core.onChange((change) => changes.push(change));
    expect(await openCycle(core, cycleId, undefined, ZHANG)).toEqual({ reviews: 37 });
    stop();
    expect(written(core.db, cycleId, mark)).toEqual(inline);
    expect(inline.log.every((e) => e.operation === 'recert.open' && e.actor_name === '张三')).toBe(true);
    // Other users' open pages hear of it (issue 20 point 4): the cycle and its reviews, as the caller's 开启再审核.
    expect(changes).toContainEqual(
      expect.objectContaining({
        operation: 'recert.open',
        actorName: '张三',
        records: expect.arrayContaining([{ kind: 'recertCycles', id: cycleId, baseId: null }]),
      }),
    );
  }, 120_000);

  it('a refusal is immediate, in the same words, and starts no job', async () => {
    const before = snapshotCounts(core);
    expect(core.fail('recert.open', { id: cycleId }, ZHANG)).toMatchObject({ code: 'VALIDATION', message: '2026年度认证已开启过' });
    expect(core.fail('recert.close', { id: cycleId }, ZHANG)).toMatchObject({ message: '还有 37 名督导尚未作出结论，全部确认后才能结束' });
    expect(core.fail('recert.close', { id: cycleId, version: 1 }, ZHANG)).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('张三') });
    expect(snapshotCounts(core)).toEqual(before);
  });

  it('close: a failure inside writes nothing — no supervisor changed, no event, the cycle still open — and frees the gate', async () => {
    const reviews = core.ok('recert.reviews', { cycleId, pageSize: 100 }).rows;
    core.ok('recert.confirm', { cycleId, reviewIds: reviews.map((r) => r.id), reason: '按系统建议确认' }, ZHANG);
    const lastSupervisor = Math.max(...reviews.map((r) => r.supervisorId));
    // Stands for anything failing inside the job (the disk full, a bug): the last supervisor's event is refused, after every supervisor row was updated.
    const removeTrigger = failInsertsWhere(core.db, 'fail_last_event', 'supervisor_event', `NEW.supervisor_id = ${lastSupervisor}`);
    try {
      const before = snapshotCounts(core);
      const supervisorsBefore = core.db.prepare('SELECT id, status, valid_until, version FROM supervisor ORDER BY id').all();
      const logBefore = lastLogId(core.db);
      const { jobId } = core.ok('recert.close', { id: cycleId }, ZHANG);
      expect(await failedJob(core, jobId, ZHANG)).toContain('未写入任何数据');
      expect(snapshotCounts(core)).toEqual(before);
      expect(core.db.prepare('SELECT id, status, valid_until, version FROM supervisor ORDER BY id').all()).toEqual(supervisorsBefore);
      expect(lastLogId(core.db)).toBe(logBefore);
      expect(core.ok('recert.get', { cycleId }).cycle.status).toBe('open');
      expect(writesHeld()).toBe(false);
    } finally {
      removeTrigger();
    }
  }, 120_000);

  it('close: the job writes exactly what the work in one call wrote; the job is its starter’s alone', async () => {
    const inline = inlineThenRolledBack('recert.close', cycleId, ZHANG);
    expect(inline.events.length).toBe(37);
    const mark = lastLogId(core.db);
    const { jobId } = core.ok('recert.close', { id: cycleId }, ZHANG);
    // Another user may not follow it (core/jobs.ts): only its starter.
    expect(core.fail('jobs.status', { id: jobId }, LI)).toMatchObject({ code: 'FORBIDDEN', message: '该任务由其他用户发起：只有发起人可以查看进度或下载文件' });
    const status = await finishJob(core, jobId, ZHANG);
    expect(status).toMatchObject({
      state: 'done',
      title: '结束2026年度再审核',
      result: { pass: expect.any(Number), conditional: expect.any(Number), fail: expect.any(Number) },
    });
    expect(written(core.db, cycleId, mark)).toEqual(inline);
    expect(inline.log.every((e) => e.operation === 'recert.close' && e.actor_name === '张三')).toBe(true);
  }, 120_000);

  it('cancelled: the job ends once its worker has exited (its transaction rolled back, the gate free), and nothing was written', async () => {
    const { id } = core.ok('recert.create', { year: 2028 }, ZHANG);
    const before = snapshotCounts(core);
    const { jobId } = core.ok('recert.open', { id }, ZHANG);
    core.ok('jobs.cancel', { id: jobId }, ZHANG);
    const status = await finishJob(core, jobId, ZHANG);
    expect(writesHeld()).toBe(false);
    if (status.state === 'cancelled') {
      expect(snapshotCounts(core)).toEqual(before);
      expect(core.ok('recert.get', { cycleId: id }).cycle.status).toBe('draft');
      // A save right after goes through at once: the worker's write lock went with its thread.
      expect(core.call('organizations.create', { name: '取消之后新建的机构', kind: 'other' }, LI)).toMatchObject({ ok: true });
      core.ok('recert.deleteDraft', { id }, ZHANG);
    } else expect(status.state).toBe('done'); // the job won the race: all of it written
  }, 120_000);

  it('while the job writes, reads are answered and another user’s save waits at the gate, then goes through', async () => {
    const { id } = core.ok('recert.create', { year: 2027 }, ZHANG);
    const { jobId } = core.ok('recert.open', { id }, ZHANG);
    // The worker asks for the gate (job.writeGate) once it has started, and holds it for its transaction.
    const asked = Date.now();
    while (!writesHeld() && Date.now() - asked < 100_000) await new Promise((resolve) => setImmediate(resolve));
    expect(writesHeld()).toBe(true);
    let readsWhileHeld = 0;
    const totalsSeen = new Set<number>();
    // A save, as a shell asks it (web/server.ts): it waits for the gate, asynchronously, then runs.
    const save = (async () => {
      if (core.waitsForWrites('organizations.create')) await writesFree();
      const reviewsWhenSaved = Number(core.db.prepare('SELECT count(*) FROM recert_review WHERE cycle_id = ?').pluck().get(id));
      return { reviewsWhenSaved, result: core.call('organizations.create', { name: '开启期间新建的机构', kind: 'other' }, LI) };
    })();
    while (writesHeld()) {
      expect(core.waitsForWrites('people.list')).toBe(false); // reads go around the gate
      const page = core.call('recert.reviews', { cycleId: id, pageSize: 5 }, LI);
      expect(page).toMatchObject({ ok: true });
      if (page.ok) totalsSeen.add((page.result as { total: number }).total);
      readsWhileHeld++;
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    expect(readsWhileHeld).toBeGreaterThan(0);
    const saved = await save;
    expect(saved.reviewsWhenSaved).toBeGreaterThan(0); // it waited until the job had committed
    expect(saved.result).toMatchObject({ ok: true });
    expect((await finishJob(core, jobId, ZHANG)).state).toBe('done');
    const total = core.ok('recert.reviews', { cycleId: id, pageSize: 5 }).total;
    expect(total).toBeGreaterThan(0);
    // All or nothing: no review of the cycle until the job committed, then all of them (the gate is let go once its transaction has ended).
    for (const seen of totalsSeen) expect([0, total]).toContain(seen);
  }, 120_000);
});
