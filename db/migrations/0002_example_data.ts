import type { Migration } from './types.ts';

/** Marks records loaded as example data (载入示例数据), so that exactly they can be removed again. */
export const migration0002: Migration = {
  version: 2,
  name: 'example_data',
  up(db) {
    db.exec(`
      CREATE TABLE example_record (
        table_name TEXT NOT NULL,
        record_id  INTEGER NOT NULL,
        PRIMARY KEY (table_name, record_id)
      );
    `);
  },
};
