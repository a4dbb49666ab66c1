import type { Migration } from './types.ts';
import { installAuditTriggers } from '../audit.ts';

/**
 * Issue 18: a role that may not see 身份证号 could paste candidate numbers into a roster and learn
 * which one is registered, rebuilding a masked number. Each such lookup that held numbers matching
 * nobody, or was refused, is a row here: the rows of the last hour limit the next lookups (so a
 * restart does not reset the limit), and the audit triggers put every one in the 操作日志.
 * user_id is the actor's id as core saw it (no foreign key: in-process callers have none).
 */
export const migration0025: Migration = {
  version: 25,
  name: 'id_number_lookup',
  up(db) {
    db.exec(`
      CREATE TABLE id_number_lookup (
        id         INTEGER PRIMARY KEY,
        user_id    INTEGER,
        at         TEXT NOT NULL,
        operation  TEXT NOT NULL,
        unmatched  INTEGER NOT NULL CHECK (unmatched >= 0),
        refused    INTEGER NOT NULL CHECK (refused IN (0, 1))
      );
      CREATE INDEX id_number_lookup_user_at ON id_number_lookup(user_id, at);
    `);
    installAuditTriggers(db, 'id_number_lookup');
  },
};
