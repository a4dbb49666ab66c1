/**
 * Rules kept as versioned data (the training-hour rules, the evaluation templates): a JSON body per
 * version, never edited in place; saving adds the next version with who and why.
 */
import type { Db } from '../engine/types.ts';
import { prepared } from '../statements.ts';

export type VersionedTable = 'training_rule_set' | 'evaluation_template' | 'document_template';

export interface VersionRow {
  id: number;
  version: number;
  /** JSON that core parses with its schema. */
  body: string;
  note: string | null;
  createdAt: string;
  createdBy: string;
}

const select = (table: VersionedTable) => `SELECT id, version, body, note, created_at AS createdAt, created_by AS createdBy FROM ${table}`;

export function currentVersion(db: Db, table: VersionedTable): VersionRow {
  return prepared(db, `${select(table)} ORDER BY version DESC LIMIT 1`).get() as VersionRow;
}

export function getVersion(db: Db, table: VersionedTable, id: number): VersionRow | undefined {
  return prepared(db, `${select(table)} WHERE id = ?`).get(id) as VersionRow | undefined;
}

export function versionHistory(db: Db, table: VersionedTable): Omit<VersionRow, 'body'>[] {
  return prepared(db, `SELECT id, version, note, created_at AS createdAt, created_by AS createdBy FROM ${table} ORDER BY version DESC`).all() as Omit<
    VersionRow,
    'body'
  >[];
}

export function insertVersion(db: Db, table: VersionedTable, body: string, note: string | null, now: string, by: string): number {
  const version = prepared(db, `SELECT coalesce(max(version), 0) + 1 FROM ${table}`).pluck().get() as number;
  prepared(db, `INSERT INTO ${table} (version, body, note, created_at, created_by) VALUES (?, ?, ?, ?, ?)`).run(version, body, note, now, by);
  return version;
}
