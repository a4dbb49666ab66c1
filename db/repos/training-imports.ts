/** Imports of historical training hours (培训学时导入): the file each came from, and the duplicate check. */
import type { Db } from '../engine/types.ts';
import { prepared } from '../statements.ts';

export interface TrainingImportRow {
  id: number;
  fileName: string;
  fileSha256: string;
  rowCount: number;
  importedAt: string;
  importedBy: string;
}

const SELECT =
  'SELECT id, file_name AS fileName, file_sha256 AS fileSha256, row_count AS rowCount, imported_at AS importedAt, imported_by AS importedBy FROM training_import';

export function insertImport(db: Db, f: Omit<TrainingImportRow, 'id'>): number {
  return Number(
    prepared(
      db,
      'INSERT INTO training_import (file_name, file_sha256, row_count, imported_at, imported_by) VALUES (@fileName, @fileSha256, @rowCount, @importedAt, @importedBy)',
    ).run(f).lastInsertRowid,
  );
}

export function importsOfFile(db: Db, sha256: string): TrainingImportRow[] {
  return prepared(db, `${SELECT} WHERE file_sha256 = ? ORDER BY id`).all(sha256) as TrainingImportRow[];
}

export interface SameTraining {
  id: number;
  kind: string;
  importFileName: string | null;
}

/**
 * A ledger row with the same person, date, category, hours and provider: importing it again would
 * count the same training twice. Reads the person-and-date index.
 */
export function sameTraining(db: Db, k: { personId: number; earnedOn: string; categoryId: number; hours: number; provider: string }): SameTraining | undefined {
  return prepared(
    db,
    // A scalar subquery rather than a join: see README, a join with bound parameters is re-planned on every run.
    `SELECT t.id, t.kind, (SELECT file_name FROM training_import WHERE id = t.import_id) AS importFileName FROM training_record t
     WHERE t.person_id = ? AND t.earned_on = ? AND t.category_id = ? AND t.hours = ? AND t.provider = ? LIMIT 1`,
  ).get(k.personId, k.earnedOn, k.categoryId, k.hours, k.provider) as SameTraining | undefined;
}
