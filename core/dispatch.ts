import type { Operation, Context, PrepareContext } from './contract.ts';
import { AppError, CommittedError, StaleVersionError, type CallResult } from './errors.ts';
import { roleAllows } from './permissions.ts';
import { parseInput } from './validation.ts';
import { guardPiiQuery, maskBySchema, seesPii } from './pii.ts';
import { checkOutput, checksOutputs, OutputMismatch } from './outputs/check.ts';
import { withAuditContext } from '../db/audit.ts';
import { isBusy, isForeignKeyViolation, isReadOnlyRefusal, isWriterLockHeld } from '../db/engine/errors.ts';
import { enforceDeclaredScope } from './services/base-access.ts';
import { readsOnly } from './reads-during-writes.ts';
import type { Db } from '../db/engine/types.ts';

export type Registry = Readonly<Record<string, Operation>>;

/**
 * The single entry both transports use: look up, authorise, validate, run.
 * Never throws: every failure becomes `{ ok: false, error }` with a Chinese message (in tests, a
 * result that does not match the operation's declared output throws: core/outputs/check.ts).
 * Commands run in one transaction with the actor and operation set for the audit triggers; a caller
 * with a session is read again inside it, after the writer lock (ctx.currentActor).
 */
export function dispatch(registry: Registry, ctx: Context, name: string, rawInput: unknown, prepared?: unknown): CallResult<unknown> {
  const op = Object.hasOwn(registry, name) ? registry[name] : undefined;
  try {
    if (!op) throw new AppError('UNKNOWN_OPERATION', `未知的操作：${String(name).slice(0, 80)}`);
    authorize(op, ctx.actor);
    const input = parseInput(op.input, rawInput);
    guardPiiQuery(op.name, input, ctx.actor);
    let committedError: CommittedError | undefined;
    const handle = () => {
      try {
        // Inside the transaction, so the bases looked up are those the handler then works on.
        enforceDeclaredScope(op, input, ctx);
        return op.handler(input, ctx, prepared);
      } catch (error) {
        if (error instanceof CommittedError) {
          committedError = error;
          return undefined;
        }
        throw error;
      }
    };
    // A query that writes nothing has nothing to log: no audit context (on PostgreSQL two round trips of every read).
    const run = () =>
      readsOnly(op)
        ? handle()
        : withAuditContext(ctx.db, { actorId: ctx.actor.id, actorName: ctx.actor.name, operation: op.name, at: ctx.clock.now() }, handle);
    const command = () => {
      // The caller as they are now, after the writer lock: who was checked above may since have been signed out,
      // deactivated or given other bases by a command of another server process (PostgreSQL), committed while this waited.
      if (ctx.currentActor) {
        ctx.actor = ctx.currentActor();
        authorize(op, ctx.actor);
        guardPiiQuery(op.name, input, ctx.actor);
      }
      return run();
    };
    const result = op.kind === 'command' ? ctx.db.transaction(command).immediate() : op.kind === 'query' ? asQuery(op, ctx.db, run) : run();
    if (committedError) throw committedError;
    if (checksOutputs()) checkOutput(op.name, op.output, result);
    if (seesPii(ctx.actor)) return { ok: true, result };
    return { ok: true, result: maskBySchema(op.output, result) };
  } catch (error) {
    if (error instanceof OutputMismatch) throw error;
    if (error instanceof StaleVersionError && op && !seesPii(ctx.actor)) {
      // The other user's values travel back to the form: masked as the detail output masks them.
      const payload = error.toPayload();
      return {
        ok: false,
        error: { ...payload, conflict: { ...error.conflict, current: maskBySchema(error.currentSchema ?? op.output, error.conflict.current) } },
      };
    }
    if (error instanceof AppError) return { ok: false, error: error.toPayload() };
    const engineError = fromEngineError(error);
    if (engineError) return { ok: false, error: engineError.toPayload() };
    // A query that wrote while an import publishes (it should have declared `writes: true`): logged, and said plainly.
    const readOnly = isReadOnlyRefusal(error);
    if (ctx.log) ctx.log.error(`${name} failed`, error);
    else console.error(`[core] ${name} failed:`, error);
    if (readOnly) return { ok: false, error: new AppError('CONFLICT', READ_ONLY_REFUSED).toPayload() };
    return { ok: false, error: { code: 'INTERNAL', message: '系统内部错误，操作未保存。请重试；如仍失败，请联系管理员并提供日志。' } };
  }
}

/**
 * The operation's `prepare` step for this call (core/contract.ts), or null when it has none. A caller who may not call
 * it, or an invalid input, gets nothing done; nor does a step that fails: the call does the work itself and says why.
 */
export function prepareCall(registry: Registry, ctx: () => PrepareContext, name: string, rawInput: unknown): Promise<unknown> | null {
  const op = Object.hasOwn(registry, name) ? registry[name] : undefined;
  if (!op?.prepare) return null;
  try {
    const context = ctx();
    authorize(op, context.actor);
    return op.prepare(parseInput(op.input, rawInput), context).catch(() => undefined);
  } catch {
    return Promise.resolve(undefined);
  }
}

/** Whether the caller may call the operation at all: signed in (unless it is public), and their role allows it. */
function authorize(op: Operation, actor: Context['actor']): void {
  if (actor.role === 'anonymous' && op.permission !== 'public') {
    throw new AppError('UNAUTHORIZED', '请先登录（登录已过期或尚未登录）');
  }
  if (!roleAllows(actor.role, op.permission)) {
    throw new AppError('FORBIDDEN', `当前账号无权执行“${op.title}”`);
  }
}

export const READ_ONLY_REFUSED = '正在写入导入的数据，此操作暂不能执行，请稍后重试';
/** PostgreSQL, the server's calls: another connection holds the writer lock and nothing ran (the web shell tries again a moment later). */
export const WRITER_LOCK_HELD_ELSEWHERE = '其他服务器进程正在写入数据，请稍后重试';

/** Translates the errors either engine raises when a rule in the schema catches bad data (db/engine/errors.ts knows both). */
function fromEngineError(error: unknown): AppError | null {
  if (isWriterLockHeld(error)) return new AppError('CONFLICT', WRITER_LOCK_HELD_ELSEWHERE);
  if (isBusy(error)) return new AppError('CONFLICT', '数据库正被其他操作占用，请稍后重试');
  if (isForeignKeyViolation(error)) return new AppError('CONFLICT', '该记录仍被其他数据引用，无法完成操作');
  return null;
}

/**
 * In tests, a query that changes rows without declaring `writes: true` fails loudly: while an import
 * publishes, queries run query-only (core/reads-during-writes.ts) and it would fail there.
 * Every test that calls a query checks it (SQLite's total_changes() counts this connection's rows).
 */
function asQuery<T>(op: Operation, db: Db, run: () => T): T {
  if (op.writes || !checksOutputs() || db.engine !== 'sqlite') return run();
  const changes = () => db.prepare('SELECT total_changes()').pluck().get() as number;
  const before = changes();
  const check = () => {
    const changed = changes() - before;
    if (changed) throw new OutputMismatch(`${op.name} is a query but changed ${changed} row(s): make it a command or declare writes: true`);
  };
  let result: T;
  try {
    result = run();
  } catch (error) {
    check();
    throw error;
  }
  check();
  return result;
}
