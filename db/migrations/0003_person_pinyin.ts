import type { Migration } from './types.ts';
import { nameSearchKeys } from '../search-keys.ts';

/** Full pinyin and initials of every name, for the search box; existing people are filled in. */
export const migration0003: Migration = {
  version: 3,
  name: 'person_pinyin',
  up(db) {
    db.exec(`
      ALTER TABLE person ADD COLUMN name_pinyin TEXT NOT NULL DEFAULT '';
      ALTER TABLE person ADD COLUMN name_initials TEXT NOT NULL DEFAULT '';
    `);
    const update = db.prepare('UPDATE person SET name_pinyin = ?, name_initials = ? WHERE id = ?');
    for (const { id, name } of db.prepare('SELECT id, name FROM person').all() as { id: number; name: string }[]) {
      const keys = nameSearchKeys(name);
      update.run(keys.namePinyin, keys.nameInitials, id);
    }
  },
};
