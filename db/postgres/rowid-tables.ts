import { ROWID_TABLES } from './baseline-schema.ts';

/**
 * The PostgreSQL tables that carry a `rowid` column of their own (they have no id, and the log
 * names a row by SQLite's rowid): the baseline's, and those later migrations created so.
 */
export const POSTGRES_ROWID_TABLES: readonly string[] = [...ROWID_TABLES, 'supervision_record_subject'];
