import { installAuditTriggers } from '../audit.ts';
import type { Migration } from './types.ts';

/**
 * No silent overwrite: every record a user edits through a form or a status change carries a
 * version, 1 when created, one more on every update. An update or delete names the version it
 * read and a stale one is refused (core/versions.ts). ADD COLUMN with a constant default writes
 * no row, so this is instant at province scale. The repositories' UPDATE statements raise the
 * version (`version = version + 1`), not a trigger: a trigger's own UPDATE of the row would fire
 * the audit trigger again and log every change twice. The audit triggers are recreated so that
 * the log records the version with the rest of the row. The table list is written out, so that
 * this migration stays what it was when released.
 */
const TABLES = [
  'person',
  'organization',
  'region',
  'certificate',
  'supervisor',
  'supervisor_level',
  'training_base',
  'room',
  'mentor',
  'course',
  'training_session',
  'enrolment',
  'training_record',
  'app_user',
  'recert_cycle',
  'recert_review',
  'base_evaluation',
];

export const migration0027: Migration = {
  version: 27,
  name: 'record_versions',
  up(db) {
    for (const table of TABLES) {
      db.exec(`ALTER TABLE ${table} ADD COLUMN version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1)`);
      installAuditTriggers(db, table);
    }
  },
};
