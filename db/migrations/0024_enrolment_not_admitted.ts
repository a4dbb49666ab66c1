import { installAuditTriggers } from '../audit.ts';
import type { Migration } from './types.ts';

/**
 * A final enrolment status, 'not_admitted' (未获名额): whoever is still on the waitlist when a
 * session's attendance is completed never got a place. SQLite changes a CHECK constraint only by
 * rebuilding the table: the rows are kept aside, the table is dropped and created anew with the
 * wider list (same columns, same ids), the rows go back, then its indexes and audit triggers.
 * Ledger rows reference enrolment ids: the foreign-key check is deferred to the commit, by when
 * every id is back. The rows going back are not logged (the triggers come after them): nothing
 * in them changed. Run once, after the automatic backup; with 1.5 million enrolments and a
 * million ledger rows it took about 40 s on a busy 2-core VM, most of it SQLite's foreign-key
 * work in the DROP and the copy back (a foreign-key-free rename is not possible inside the
 * migration's transaction, and editing sqlite_schema would need the driver's unsafe mode). The status list is written out, not taken from domain/, so that this
 * migration stays what it was when released.
 */
const TABLE = `
CREATE TABLE enrolment (
  id              INTEGER PRIMARY KEY,
  session_id      INTEGER NOT NULL REFERENCES training_session(id),
  person_id       INTEGER NOT NULL REFERENCES person(id),
  status          TEXT NOT NULL CHECK (status IN ('enrolled', 'waitlisted', 'withdrawn', 'completed', 'no_show', 'excused', 'not_admitted')),
  attendance      TEXT CHECK (attendance IN ('full', 'partial', 'absent', 'excused')),
  attended_hours  REAL CHECK (attended_hours IS NULL OR attended_hours >= 0),
  queue_no        INTEGER NOT NULL,
  queued_at       TEXT NOT NULL,
  withdrawn_at    TEXT,
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL,
  UNIQUE (session_id, person_id)
);`;

/** Built after the rows are back: one sort each instead of 1.5 million inserts into them at province scale. */
const INDEXES = `
CREATE INDEX enrolment_person ON enrolment(person_id);
CREATE INDEX enrolment_session_status ON enrolment(session_id, status, queue_no);`;

const COLUMNS = 'id, session_id, person_id, status, attendance, attended_hours, queue_no, queued_at, withdrawn_at, created_at, updated_at';

export const migration0024: Migration = {
  version: 24,
  name: 'enrolment_not_admitted',
  up(db) {
    const extraIndexes = db
      .prepare("SELECT sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'enrolment' AND sql IS NOT NULL AND name NOT IN ('enrolment_person', 'enrolment_session_status')")
      .pluck()
      .all() as string[];
    db.pragma('defer_foreign_keys = ON');
    db.exec(`CREATE TEMP TABLE enrolment_kept AS SELECT ${COLUMNS} FROM enrolment`);
    db.exec('DROP TABLE enrolment');
    db.exec(TABLE);
    db.exec(`INSERT INTO enrolment (${COLUMNS}) SELECT ${COLUMNS} FROM enrolment_kept ORDER BY id`);
    db.exec('DROP TABLE temp.enrolment_kept');
    db.exec(INDEXES);
    for (const sql of extraIndexes) db.exec(sql);
    installAuditTriggers(db, 'enrolment');
  },
};
