import type { Db } from '../engine/types.ts';
import { orderAndPage, Where, type ListParams } from '../paging.ts';
import { BULK_FIRST_ID, BULK_LAST_ID } from '../audit.ts';
import type { AuditAction } from '../../domain/index.ts';
import { jsonField } from '../engine/dialect.ts';

export interface AuditFilter {
  actorId?: number | undefined;
  tableName?: string | undefined;
  operation?: string | undefined;
  rowId?: number | undefined;
  /** Bounds on the instant (ISO UTC): from `from` on, before `before` (core turns the user's local dates into them). */
  from?: string | undefined;
  before?: string | undefined;
}

export interface AuditRow {
  id: number;
  at: string;
  actorId: number | null;
  actorName: string;
  operation: string;
  tableName: string;
  rowId: number | null;
  action: AuditAction;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  hash: string;
}

const SELECT = `SELECT id, at, actor_id AS actorId, actor_name AS actorName, operation, table_name AS tableName,
  row_id AS rowId, action, before_json AS beforeJson, after_json AS afterJson, hash FROM audit_log`;

function auditWhere(db: Db, f: AuditFilter): Where {
  const where = new Where();
  if (f.actorId) where.add('actor_id = ?', f.actorId);
  if (f.tableName) where.add('table_name = ?', f.tableName);
  if (f.operation) where.add('operation = ?', f.operation);
  // A record's history includes the bulk load that created it (withBulkInsertAudit: one entry per table, ids as a range).
  if (f.rowId)
    where.add(
      `(row_id = ? OR (row_id IS NULL AND ? BETWEEN ${jsonField(db, 'after_json', BULK_FIRST_ID, 'integer')} AND ${jsonField(db, 'after_json', BULK_LAST_ID, 'integer')}))`,
      f.rowId,
      f.rowId,
    );
  if (f.from) where.add('at >= ?', f.from);
  if (f.before) where.add('at < ?', f.before);
  return where;
}

type Raw = Omit<AuditRow, 'before' | 'after'> & { beforeJson: string | null; afterJson: string | null };
const parse = ({ beforeJson, afterJson, ...r }: Raw): AuditRow => ({
  ...r,
  before: beforeJson === null ? null : (JSON.parse(beforeJson) as Record<string, unknown>),
  after: afterJson === null ? null : (JSON.parse(afterJson) as Record<string, unknown>),
});

const SORT = { at: 'at', actorName: 'actor_name', operation: 'operation', tableName: 'table_name' };

export function listAudit(db: Db, params: ListParams & AuditFilter) {
  const where = auditWhere(db, params);
  const rows = (db.prepare(`${SELECT} ${where} ${orderAndPage(db, params, SORT, 'id DESC', 'id')}`).all(...where.params) as Raw[]).map(parse);
  const { total } = db.prepare(`SELECT count(*) AS total FROM audit_log ${where}`).get(...where.params) as { total: number };
  return { rows, total };
}

/** Every matching entry, oldest first, one at a time (for exports). */
export function* iterateAudit(db: Db, filter: AuditFilter): Generator<AuditRow> {
  const where = auditWhere(db, filter);
  for (const raw of db.prepare(`${SELECT} ${where} ORDER BY id`).iterate(...where.params) as Iterable<Raw>) yield parse(raw);
}

export function auditFacets(db: Db) {
  return {
    actors: db.prepare(`SELECT DISTINCT actor_id AS id, actor_name AS name FROM audit_log ORDER BY actor_name`).all() as { id: number | null; name: string }[],
    tables: (db.prepare('SELECT DISTINCT table_name AS t FROM audit_log ORDER BY t').all() as { t: string }[]).map((r) => r.t),
    operations: (db.prepare('SELECT DISTINCT operation AS o FROM audit_log ORDER BY o').all() as { o: string }[]).map((r) => r.o),
  };
}
