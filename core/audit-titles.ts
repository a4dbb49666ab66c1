/**
 * The 操作日志 in Chinese: an entry with the names of its operation, table and fields
 * (domain/audit-names.ts for tables and fields; operations by their declared `title`).
 */
import { auditFieldName, auditTableName, PROGRAM_OPERATION_TITLES } from '../domain/index.ts';
import type { Context } from './contract.ts';
import type { AuditRow } from '../db/repos/audit.ts';

/** An operation's title: the program's own operations, else the declared operation's (through the host), else its name. */
export function operationTitleIn(ctx: Pick<Context, 'host'>): (operation: string) => string {
  return (operation) => PROGRAM_OPERATION_TITLES[operation] ?? ctx.host?.operationTitle(operation) ?? operation;
}

/** The entry with the Chinese names of its operation, table and every recorded column. */
export function titledAuditEntry<R extends Pick<AuditRow, 'operation' | 'tableName' | 'before' | 'after'>>(row: R, titleOf: (operation: string) => string) {
  const fieldNames: Record<string, string> = {};
  for (const column of Object.keys({ ...row.before, ...row.after })) fieldNames[column] = auditFieldName(row.tableName, column);
  return { ...row, operationTitle: titleOf(row.operation), tableTitle: auditTableName(row.tableName), fieldNames };
}
