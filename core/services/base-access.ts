import type { Context } from '../contract.ts';
import { AppError } from '../errors.ts';

/**
 * Training-base scope, called by every base-scoped operation. A coordinator
 * works only on the bases assigned to them (`actor.baseIds`, from user_base); every other
 * role that passed the permission check may touch every base.
 */
export function assertBaseAccess(ctx: Pick<Context, 'actor'>, baseId: number): void {
  if (ctx.actor.role !== 'coordinator') return;
  if (!(ctx.actor.baseIds ?? []).includes(baseId)) {
    throw new AppError('FORBIDDEN', '该实训基地未分配给当前账号，无权查看或修改');
  }
}

/** For list queries: the bases a caller may see, or null for all. */
export function visibleBaseIds(ctx: Pick<Context, 'actor'>): number[] | null {
  return ctx.actor.role === 'coordinator' ? [...(ctx.actor.baseIds ?? [])] : null;
}
