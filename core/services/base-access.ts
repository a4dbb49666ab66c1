import type { Db } from '../../db/engine/types.ts';
import type { Context, Operation } from '../contract.ts';
import { AppError } from '../errors.ts';

/**
 * Training-base scope. A coordinator works only on the bases assigned to them (`actor.baseIds`,
 * from user_base); every other role that passed the permission check may touch every base.
 * Operations declare which bases their input touches (`scope` in core/contract.ts) and dispatch
 * enforces it through `enforceDeclaredScope`; handlers do not check by hand.
 */
export const BASE_SCOPE_REFUSAL = '该实训基地未分配给当前账号，无权查看或修改';

/** For list queries: the bases a caller may see, or null for all. */
export function visibleBaseIds(ctx: Pick<Context, 'actor'>): number[] | null {
  return ctx.actor.role === 'coordinator' ? [...(ctx.actor.baseIds ?? [])] : null;
}

/** The bases a list shows: the one asked for (already checked by the declared scope), else the caller's own, or null for all. */
export function listedBaseIds(ctx: Pick<Context, 'actor'>, baseId: number | undefined): number[] | null {
  return baseId !== undefined ? [baseId] : visibleBaseIds(ctx);
}

/** Refuses a base the caller may not work on. Operations do not call it: they declare their scope (below). */
export function assertBaseAccess(ctx: Pick<Context, 'actor'>, baseId: number): void {
  const visible = visibleBaseIds(ctx);
  if (visible && !visible.includes(baseId)) throw new AppError('FORBIDDEN', BASE_SCOPE_REFUSAL);
}

/** Checks the bases an operation declares its input touches; runs before the handler, inside its transaction. */
export function enforceDeclaredScope(op: Operation, input: unknown, ctx: Pick<Context, 'actor' | 'db'>): void {
  if (typeof op.scope !== 'object' || visibleBaseIds(ctx) === null) return;
  const declared = op.scope.base(input, ctx.db);
  for (const baseId of Array.isArray(declared) ? declared : [declared]) {
    if (typeof baseId === 'number') assertBaseAccess(ctx, baseId);
  }
}

/** The declared scope of an operation on one record by its `id`: the base the lookup finds it in. */
export const scopeById = (baseOf: (db: Db, id: number) => number | undefined) => ({
  base: ({ id }: { id: number }, db: Db) => baseOf(db, id),
});
