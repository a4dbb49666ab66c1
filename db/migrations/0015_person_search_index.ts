import type { Migration } from './types.ts';

/**
 * The search box matches a fragment anywhere in 身份证号, phone, full pinyin or initials. A
 * trigram full-text index (SQLite's FTS5, kept in step with person by triggers) answers fragments
 * of three characters or more without reading every row (province: p95 ~30 ms → a few ms).
 * Shorter fragments (`zs`, `12`) still scan, so an index holding just those columns keeps that
 * scan to a few MB instead of the whole table. Names have their own index (person_name).
 */
export const migration0015: Migration = {
  version: 15,
  name: 'person_search_index',
  up(db) {
    db.exec(`
      CREATE INDEX person_search_keys ON person(name_pinyin, name_initials, id_number, phone);

      CREATE VIRTUAL TABLE person_search USING fts5(
        id_number, phone, name_pinyin, name_initials,
        content = 'person', content_rowid = 'id', tokenize = 'trigram'
      );
      INSERT INTO person_search (person_search) VALUES ('rebuild');

      CREATE TRIGGER person_search_insert AFTER INSERT ON person BEGIN
        INSERT INTO person_search (rowid, id_number, phone, name_pinyin, name_initials)
        VALUES (NEW.id, NEW.id_number, NEW.phone, NEW.name_pinyin, NEW.name_initials);
      END;
      CREATE TRIGGER person_search_delete AFTER DELETE ON person BEGIN
        INSERT INTO person_search (person_search, rowid, id_number, phone, name_pinyin, name_initials)
        VALUES ('delete', OLD.id, OLD.id_number, OLD.phone, OLD.name_pinyin, OLD.name_initials);
      END;
      CREATE TRIGGER person_search_update AFTER UPDATE OF id_number, phone, name_pinyin, name_initials ON person BEGIN
        INSERT INTO person_search (person_search, rowid, id_number, phone, name_pinyin, name_initials)
        VALUES ('delete', OLD.id, OLD.id_number, OLD.phone, OLD.name_pinyin, OLD.name_initials);
        INSERT INTO person_search (rowid, id_number, phone, name_pinyin, name_initials)
        VALUES (NEW.id, NEW.id_number, NEW.phone, NEW.name_pinyin, NEW.name_initials);
      END;
    `);
  },
};
