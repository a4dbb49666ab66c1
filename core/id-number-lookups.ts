/**
 * Looking people up by 身份证号 (a roster for bulk enrolment) is an oracle for a role that
 * sees numbers masked (前4后4): paste the ~30 candidates that fit a masked number and a birth year,
 * and the one that matches is the full number. Matching is what a roster is for, so it stays; what
 * is limited is the misses: a user without `pii.read` may look up at most UNMATCHED_LIMIT valid
 * numbers that match nobody per rolling hour.
 *
 * The refusal must not itself answer the question: a lookup that would go past the limit is
 * refused whole (nothing of it shown) and still counted, so from then on every lookup is refused,
 * whatever it holds, until the hour has passed. Counts live in the database (id_number_lookup,
 * migration 0025: a restart does not reset them), and each row is in the 操作日志 by its triggers,
 * refused attempts included. Staff (pii.read) see the numbers anyway and are not limited.
 */
import type { Context } from './contract.ts';
import { AppError, conflict } from './errors.ts';
import { seesPii } from './pii.ts';
import { withAuditContext } from '../db/audit.ts';
import { recordLookup, unmatchedSince } from '../db/repos/id-number-lookups.ts';

export const UNMATCHED_LIMIT = 10;
const WINDOW_MS = 60 * 60 * 1000;
export const UNMATCHED_REFUSED = '为保护个人信息，本小时内未匹配的身份证号已达上限：请核对名单，或请协会工作人员先登记这些人员';

/**
 * Called once a lookup's result is known, before any of it is shown: counts `unmatched` (distinct
 * valid numbers matching nobody) against the caller's hour, and throws when over the limit.
 */
export function admitIdNumberLookup(ctx: Context, operation: string, unmatched: number, field: string): void {
  if (seesPii(ctx.actor)) return;
  // Inside another transaction this row could be taken back with it.
  if (ctx.db.inTransaction) throw conflict('正在执行其他任务，完成后再检查名单', field);
  const at = ctx.clock.now();
  const since = new Date(Date.parse(at) - WINDOW_MS).toISOString();
  const refused = withAuditContext(ctx.db, { actorId: ctx.actor.id, actorName: ctx.actor.name, operation, at }, () =>
    ctx.db
      .transaction(() => {
        const before = unmatchedSince(ctx.db, ctx.actor.id, since);
        // Over the limit already (an earlier lookup was refused): refused whatever this one holds.
        const over = before > UNMATCHED_LIMIT || before + unmatched > UNMATCHED_LIMIT;
        if (over || unmatched > 0) recordLookup(ctx.db, { userId: ctx.actor.id, at, operation, unmatched, refused: over });
        return over;
      })
      .immediate(),
  );
  if (refused) throw new AppError('FORBIDDEN', UNMATCHED_REFUSED, field);
}
