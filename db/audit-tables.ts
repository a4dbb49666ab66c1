/**
 * What the audit log's code on both engines shares (db/audit.ts for SQLite, db/postgres/ for
 * PostgreSQL): which tables and columns stay out of it, and the bulk entries' keys and digest.
 */
import crypto from 'node:crypto';

/** Tables that carry no audit triggers, with the reason. Everything else must have them (a test checks). */
export const AUDIT_EXEMPT_TABLES: Readonly<Record<string, string>> = {
  audit_log: 'the log itself',
  user_session: 'sign-in sessions: last_seen_at changes with every call (migration 0026); sign-ins are logged on app_user',
  login_failure: 'failed logins per source address, pruned after the throttling window (migration 0026)',
  server_job: "what the server processes' jobs are doing, rewritten every second while one runs (migration 0037)",
  server_claim: 'work one server process claimed (the scheduled backup), not the association data (migration 0037)',
};

/** Columns whose values never enter the log. */
export const REDACTED_COLUMNS = new Set(['password_hash', 'password_salt']);

/** Keys of a bulk entry's `after_json` (shown as they are in 操作日志, so in Chinese). */
export const BULK_ROWS = '批量写入行数';
export const BULK_FIRST_ID = '起始编号';
export const BULK_LAST_ID = '结束编号';
/** SHA-256 over the rows a bulk load wrote (see bulkRowsDigest), and the columns it covers. */
export const BULK_ROWS_SHA256 = '行内容SHA256';
export const BULK_COLUMNS = '校验列';
/** Where an imported batch came from: the file's name and its SHA-256, so the file itself can be matched later. */
export const IMPORT_FILE = '来源文件';
export const IMPORT_FILE_SHA256 = '文件SHA256';

/** SHA-256 over rows' texts (rowText) in rowid order, one line each. */
export function bulkRowsDigest(rows: Iterable<string>): string {
  const hash = crypto.createHash('sha256');
  for (const text of rows) hash.update(`${text}\n`);
  return hash.digest('hex');
}
