import type { Migration } from './types.ts';
import { installAuditTriggers } from '../audit.ts';

/**
 * Historical training hours imported from a workbook (培训学时导入): each import keeps the file it
 * came from (name and SHA-256), who imported it and when, and every ledger row it wrote points at
 * it. Imported rows are external training (kind 'external') verified at import: staff enter them
 * from the association's own records.
 */
export const migration0019: Migration = {
  version: 19,
  name: 'training_import',
  up(db) {
    db.exec(`
      CREATE TABLE training_import (
        id           INTEGER PRIMARY KEY,
        file_name    TEXT NOT NULL,
        file_sha256  TEXT NOT NULL CHECK (length(file_sha256) = 64),
        row_count    INTEGER NOT NULL CHECK (row_count > 0),
        imported_at  TEXT NOT NULL,
        imported_by  TEXT NOT NULL
      );
      CREATE INDEX training_import_sha256 ON training_import(file_sha256);
      ALTER TABLE training_record ADD COLUMN import_id INTEGER REFERENCES training_import(id);
      CREATE INDEX training_record_import ON training_record(import_id) WHERE import_id IS NOT NULL;
    `);
    installAuditTriggers(db, 'training_import');
    installAuditTriggers(db, 'training_record'); // the log records the new column too
  },
};
