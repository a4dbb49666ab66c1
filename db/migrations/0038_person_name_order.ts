import type { Migration } from './types.ts';

/**
 * The people list by name on PostgreSQL (issue 21; DESIGN §6: a list page p95 < 20 ms). There a
 * page is ordered by the pinyin key, then by id (db/paging.ts: PostgreSQL's top-N sort orders equal
 * keys differently page by page, so the id breaks ties). No index held that order: PostgreSQL read
 * every person and sorted them for each page (city scale: 25 / 41 ms median / p95). With
 * (name_pinyin, id) it walks this index alone, forwards or backwards, and stops at the page.
 *
 * SQLite needs none: it breaks no ties, and each entry of person_pinyin_keys (migration 0015) ends
 * with the rowid, which is the id, so its step does nothing.
 */
export const migration0038: Migration = {
  version: 38,
  name: 'person_name_order',
  up() {
    // SQLite: person_pinyin_keys already serves the order (see above).
  },
  postgres(db) {
    db.exec('CREATE INDEX person_name_order ON person (name_pinyin, id)');
  },
};
