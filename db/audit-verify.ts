/**
 * Verifying the audit log: the hash chain, its head against the signed anchor outside the
 * database (db/audit-anchor.ts), the triggers that write it, and (full verify) that the rows
 * are what the log says: bulk loads by their rows' digest, every other logged row by its last
 * entry. Each problem is one Chinese sentence; `message` is 「日志完整」 or the problems.
 */
import type crypto from 'node:crypto';
import type { Db } from './engine/types.ts';
import { auditHead, hashAt, isSignedBy } from './audit-anchor.ts';
import { postgresAuditedTables } from './postgres/audit.ts';
import { idColumnOf, postgresColumns, postgresRowStateSql, postgresRowText, postgresTableExists, postgresTriggerState } from './postgres/audit-verify.ts';
import {
  BULK_COLUMNS,
  BULK_FIRST_ID,
  BULK_LAST_ID,
  BULK_ROWS_SHA256,
  REDACTED_COLUMNS,
  auditedTables,
  bulkRowsDigest,
  chainEntries,
  checkChain,
  columnsOf,
  expectedAuditTriggers,
  rowText,
  verifyAuditChain,
  type ChainCheck,
} from './audit.ts';

export const INTACT = '日志完整';
/** The table name of the entry that records when signing started (see core/audit-anchor.ts). */
export const ANCHOR_STARTED_TABLE = 'audit_anchor';
/** How many of the newest entries the check at start walks. */
export const FAST_ENTRIES = 1000;

export interface AnchorEvidence {
  key: crypto.KeyObject | null;
  /** The anchor file's content: undefined when missing, null when unreadable. */
  anchor: unknown;
  /**
   * Other server processes write to the same (PostgreSQL) database: entries after this process's
   * anchor may be theirs, not yet heard of, so only the anchored entries themselves are evidence.
   */
  sharedDatabase?: boolean;
}

export interface AuditVerification {
  intact: boolean;
  mode: 'full' | 'fast';
  entries: number;
  brokenAt?: number;
  problems: string[];
  message: string;
  checkedAt: string;
}

export function verifyAudit(db: Db, options: { mode: 'full' | 'fast'; evidence?: AnchorEvidence; now?: string }): AuditVerification {
  const problems: string[] = [];
  const chain = options.mode === 'full' ? verifyAuditChain(db) : verifyNewestEntries(db, FAST_ENTRIES);
  if (!chain.intact) problems.push(`第 ${chain.brokenAt} 条记录${chain.reason}`);
  if (options.evidence) problems.push(...anchorProblems(db, options.evidence));
  problems.push(...triggerProblems(db));
  if (options.mode === 'full') problems.push(...bulkDigestProblems(db), ...rowStateProblems(db));
  return {
    intact: problems.length === 0,
    mode: options.mode,
    entries: chain.entries,
    ...(chain.intact ? {} : { brokenAt: chain.brokenAt }),
    problems,
    message: problems.length === 0 ? INTACT : problems.join('；'),
    checkedAt: options.now ?? new Date().toISOString(),
  };
}

/** The chain over the newest `count` entries only (the check at every start). */
function verifyNewestEntries(db: Db, count: number): ChainCheck {
  const newest = Number((db.prepare('SELECT coalesce(max(id), 0) AS id FROM audit_log').get() as { id: number | string }).id);
  return checkChain(chainEntries(db, Math.max(0, newest - count)), undefined);
}

function anchorProblems(db: Db, { key, anchor, sharedDatabase }: AnchorEvidence): string[] {
  if (!key) {
    const started = db.prepare('SELECT 1 FROM audit_log WHERE table_name = ? LIMIT 1').get(ANCHOR_STARTED_TABLE);
    return started ? ['日志签名密钥文件缺失（audit-key.pem）：无法确认最新的记录未被删除或改写'] : [];
  }
  if (anchor === undefined) return ['日志锚点文件缺失（audit-anchor.json）：无法确认最新的记录未被删除或改写'];
  if (!isSignedBy(key, anchor)) return ['日志锚点文件签名无效（audit-anchor.json）：文件被改动或伪造'];
  const head = auditHead(db);
  if (anchor.seq > head.seq) return [`签名锚点记录到第 ${anchor.seq} 条，表中只到第 ${head.seq} 条：最新的 ${anchor.seq - head.seq} 条记录被删除`];
  if (anchor.seq > 0) {
    const hash = hashAt(db, anchor.seq);
    if (hash === undefined) return [`签名锚点所指的第 ${anchor.seq} 条记录缺失（记录被删除）`];
    if (hash !== anchor.hash) return [`第 ${anchor.seq} 条记录与签名锚点不符：日志被改写（其后的校验值被重新计算）`];
  }
  if (head.seq > anchor.seq && !sharedDatabase)
    return [`第 ${anchor.seq + 1}–${head.seq} 条记录在签名锚点之后，未经签名确认（程序异常退出前的最后操作，或在程序之外追加）`];
  return [];
}

function sqliteTriggerState(db: Db): { missing: string[]; changed: string[] } {
  const actual = new Map(
    (db.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'trigger'`).all() as { name: string; sql: string }[]).map((t) => [t.name, t.sql.trim()]),
  );
  const missing: string[] = [];
  const changed: string[] = [];
  for (const [name, sql] of expectedAuditTriggers(db)) {
    const found = actual.get(name);
    if (found === undefined) missing.push(name);
    else if (found !== sql) changed.push(name);
  }
  return { missing, changed };
}

const someOf = (names: string[]) => `${names.slice(0, 5).join('、')}${names.length > 5 ? ` 等 ${names.length} 个` : ''}`;

function triggerProblems(db: Db): string[] {
  const { missing, changed } = db.engine === 'postgres' ? postgresTriggerState(db) : sqliteTriggerState(db);
  return [
    ...(missing.length ? [`触发器 ${someOf(missing)} 缺失：此后的相应修改不会记入日志`] : []),
    ...(changed.length ? [`触发器 ${someOf(changed)} 被改动：相应修改可能不会如实记入日志`] : []),
  ];
}

const tableExists = (db: Db, table: string) =>
  db.engine === 'postgres' ? postgresTableExists(db, table) : !!db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(table);

/**
 * The two queries of rowsAsLoaded: the row text of logged rows (from their `before`) and of the
 * rows now. PostgreSQL renders them as SQLite does (db/postgres/audit-verify.ts).
 */
function rowTextQueries(db: Db, table: string, columns: readonly string[]): { later: string; now: string } {
  const laterWhere = `FROM audit_log WHERE table_name = ? AND row_id BETWEEN ? AND ? AND id > ? AND action IN ('update', 'delete') ORDER BY id`;
  if (db.engine === 'postgres') {
    const present = postgresColumns(db, table);
    const id = `r."${idColumnOf(present)}"`;
    return {
      later: `SELECT row_id AS "rowId", ${postgresRowText(present, columns, 'before')} AS "text" ${laterWhere}`,
      now: `SELECT ${id} AS "id", ${postgresRowText(present, columns, 'row')} AS "text" FROM "${table}" r WHERE ${id} BETWEEN ? AND ? ORDER BY ${id}`,
    };
  }
  const present = new Set(columnsOf(db, table));
  return {
    later: `SELECT row_id AS rowId, ${rowText(columns, (c) => `json_extract(before_json, '$.${JSON.stringify(c)}')`, 'row_id')} AS text ${laterWhere}`,
    // A column dropped since the load reads as NULL here and differs, as it should: the rows are no longer what was loaded.
    now: `SELECT rowid AS id, ${rowText(columns, (c) => (present.has(c) ? `"${c}"` : 'NULL'), 'rowid')} AS text FROM "${table}" WHERE rowid BETWEEN ? AND ? ORDER BY rowid`,
  };
}

/**
 * A bulk entry's rows as they were when it was written: a row changed or deleted later (with a
 * log entry) as the `before` of its first later entry, any other row as it is now.
 */
function* rowsAsLoaded(db: Db, table: string, columns: readonly string[], entryId: number, first: number, last: number): Generator<string> {
  const earlier = new Map<number, string>();
  const queries = rowTextQueries(db, table, columns);
  const later = db.prepare(queries.later);
  for (const { rowId, text } of later.iterate(table, first, last, entryId) as Iterable<{ rowId: number; text: string }>) {
    if (!earlier.has(rowId)) earlier.set(rowId, text);
  }
  const pending = [...earlier.keys()].sort((a, b) => a - b);
  let p = 0;
  const now = db.prepare(queries.now);
  for (const { id, text } of now.iterate(first, last) as Iterable<{ id: number; text: string }>) {
    while (p < pending.length && pending[p]! < id) yield earlier.get(pending[p++]!)!;
    if (p < pending.length && pending[p] === id) {
      yield earlier.get(pending[p++]!)!;
      continue;
    }
    yield text;
  }
  while (p < pending.length) yield earlier.get(pending[p++]!)!;
}

function bulkDigestProblems(db: Db): string[] {
  const problems: string[] = [];
  const entries = db
    .prepare(
      `SELECT id, table_name AS tableName, after_json AS after FROM audit_log WHERE row_id IS NULL AND action = 'insert' AND after_json LIKE ? ORDER BY id`,
    )
    .all(`%${BULK_ROWS_SHA256}%`) as { id: number; tableName: string; after: string }[];
  for (const entry of entries) {
    const after = JSON.parse(entry.after) as Record<string, unknown>;
    const digest = after[BULK_ROWS_SHA256];
    const columns = after[BULK_COLUMNS];
    const first = after[BULK_FIRST_ID];
    const last = after[BULK_LAST_ID];
    if (typeof digest !== 'string' || !Array.isArray(columns) || typeof first !== 'number' || typeof last !== 'number' || !tableExists(db, entry.tableName))
      continue;
    if (bulkRowsDigest(rowsAsLoaded(db, entry.tableName, columns as string[], entry.id, first, last)) !== digest) {
      problems.push(
        `${entry.tableName} 第 ${first}–${last} 行与批量写入时的校验值不符（第 ${entry.id} 条日志）：有记录在程序之外被修改、删除或插入，未记入日志`,
      );
    }
  }
  return problems;
}

/** SQLite's query for rowStateProblems: each value rendered by SQLite's JSON on both sides (a REAL keeps 15 digits in the log). */
function sqliteRowStateSql(db: Db, table: string): string {
  const matches = columnsOf(db, table)
    .filter((c) => !REDACTED_COLUMNS.has(c))
    .map((c) => {
      const key = `'$.${JSON.stringify(c)}'`;
      return `(json_type(a.after_json, ${key}) IS NULL OR json_array(r."${c}") = json_array(json_extract(a.after_json, ${key})))`;
    });
  return `SELECT a.row_id FROM audit_log a
        JOIN (SELECT max(id) AS id FROM audit_log WHERE table_name = ? AND row_id IS NOT NULL GROUP BY row_id) m ON a.id = m.id
        LEFT JOIN "${table}" r ON r.rowid = a.row_id
        WHERE CASE WHEN a.action = 'delete' THEN r.rowid IS NOT NULL ELSE r.rowid IS NULL OR NOT (${matches.join(' AND ') || '1'}) END
        ORDER BY a.row_id`;
}

/**
 * Every row the log has an entry for must be as its last entry left it (a deleted row gone).
 * Compared in SQL (per engine); a column the entry does not name (added since) is not compared.
 */
function rowStateProblems(db: Db): string[] {
  const problems: string[] = [];
  const tables = db.engine === 'postgres' ? postgresAuditedTables(db) : auditedTables(db);
  for (const table of tables) {
    const differing = (db.engine === 'postgres' ? db.prepare(postgresRowStateSql(table, postgresColumns(db, table))) : db.prepare(sqliteRowStateSql(db, table)))
      .pluck()
      .all(table)
      .map(Number);
    if (differing.length) {
      problems.push(
        `${table} 中有 ${differing.length} 条记录与日志最后记下的内容不符（如编号 ${differing.slice(0, 5).join('、')}）：在程序之外被修改或删除，未记入日志`,
      );
    }
  }
  return problems;
}
