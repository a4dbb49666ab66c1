/**
 * No silent overwrite (migration 0027): every update, delete and status change names the version
 * of the record it read; this is the one place that compares it with the stored one and refuses a
 * stale one, naming who changed the record and when (from the audit log). Commands run in one
 * immediate transaction, so nothing can change the row between this check and the write; a
 * refusal rolls back whatever the command wrote before it (a bulk operation writes nothing).
 */
import type { z } from 'zod';
import type { Context } from './contract.ts';
import { StaleVersionError } from './errors.ts';
import { formatInstant } from './dates.ts';
import { lastChangeOf, versionOf, versionsOf, type VersionedRecordTable } from '../db/repos/record-versions.ts';

export type { VersionedRecordTable };

interface Expectation {
  table: VersionedRecordTable;
  id: number;
  /** The version the caller read; absent: not checked (see readVersion in core/schemas/common.ts). */
  version: number | undefined;
  /** The record as its detail output shows it now, for the form to show beside the user's values. */
  current: () => unknown;
  /** The output schema `current` follows, when it is not the operation's own output (for masking). */
  currentSchema?: z.ZodType;
  /** Names the record in the message: 「该记录」 by default; a bulk operation names the row (「陈晓明」的报名). */
  what?: string;
  /** What to do after looking: 保存 (default), 删除, 确认… */
  action?: string;
}

/** Refuses a stale version; does nothing for a matching or absent one, or a record that is gone (the handler reports that). */
export function expectVersion(ctx: Context, e: Expectation): void {
  if (e.version === undefined) return;
  const stored = versionOf(ctx.db, e.table, e.id);
  if (stored === undefined || stored === e.version) return;
  throw stale(ctx, e, stored);
}

/**
 * The bulk form: every row a bulk operation was shown, checked before it writes anything. The
 * first stale row is named; the screen reloads and the user looks again.
 */
export function expectVersions(ctx: Context, table: VersionedRecordTable, rows: readonly Omit<Expectation, 'table'>[]): void {
  const given = rows.filter((r) => r.version !== undefined);
  if (given.length === 0) return;
  const stored = versionsOf(
    ctx.db,
    table,
    given.map((r) => r.id),
  );
  for (const row of given) {
    const now = stored.get(row.id);
    if (now !== undefined && now !== row.version) throw stale(ctx, { ...row, table }, now);
  }
}

function stale(ctx: Context, e: Expectation, version: number): StaleVersionError {
  const change = lastChangeOf(ctx.db, e.table, e.id, version);
  const by = change?.by ?? '其他用户';
  const at = change?.at ?? ctx.clock.now();
  const when = change ? ` 于 ${formatInstant(at, ctx.clock.timeZone())}` : '';
  const message = `${e.what ?? '该记录'}已被 ${by}${when} 修改，请查看对方的修改后再${e.action ?? '保存'}`;
  return new StaleVersionError(message, { by, at, version, current: e.current() }, e.currentSchema);
}
