/**
 * The re-review's supervision facts (issue 22): per supervisor, the supervision they gave in a
 * calendar year — records, minutes, distinct 督导对象 (people and organizations). Everyone at
 * once in two grouped queries over the year (the re-review of a province's supervisors),
 * or a few supervisors by the (supervisor_id, starts_at) index (a review brought up to date).
 * Records keep training_session's wall-clock `YYYY-MM-DDTHH:mm`, so a year is a range of starts_at.
 * The same figures as supervisionFactsByYear (supervision.ts, a test holds them equal), read here
 * without the organizations reached, and for a few supervisors too; per town: supervision-facts.ts.
 */
import type { Db } from '../engine/types.ts';
import { prepared } from '../statements.ts';

export interface SupervisionYearRow {
  sessions: number;
  minutes: number;
  subjects: number;
}

const TOTALS = 'SELECT r.supervisor_id, count(*), sum(r.minutes) FROM supervision_record r WHERE r.starts_at >= ? AND r.starts_at < ?';
/**
 * The 督导对象 met in the year: relationships with a record in it (a record's subjects are its
 * supervisor's relationships), probed by index and stopping at the first; scanning the year's
 * subject rows instead reads every year's.
 */
const SUBJECTS = `SELECT rel.supervisor_id, count(DISTINCT rel.person_id) + count(DISTINCT rel.organization_id)
  FROM supervision_relationship rel
  WHERE EXISTS (SELECT 1 FROM supervision_record_subject s JOIN supervision_record r ON r.id = s.record_id
                 WHERE s.relationship_id = rel.id AND r.starts_at >= ? AND r.starts_at < ?)`;

/** Supervisors without a record in the year are absent (every figure 0). */
export function supervisionFactsOfYear(db: Db, year: number, supervisorIds?: readonly number[]): Map<number, SupervisionYearRow> {
  const range = [`${year}-01-01`, `${year + 1}-01-01`];
  const facts = new Map<number, SupervisionYearRow>();
  // PostgreSQL returns bigint counts and sums as text: Number() reads both engines alike.
  const read = (totals: unknown[][], subjects: unknown[][]) => {
    for (const [id, sessions, minutes] of totals) facts.set(Number(id), { sessions: Number(sessions), minutes: Number(minutes), subjects: 0 });
    for (const [id, n] of subjects) {
      const f = facts.get(Number(id));
      if (f) f.subjects = Number(n);
    }
  };
  if (!supervisorIds) {
    read(
      prepared(db, `${TOTALS} GROUP BY r.supervisor_id`)
        .raw()
        .all(...range) as unknown[][],
      prepared(db, `${SUBJECTS} GROUP BY rel.supervisor_id`)
        .raw()
        .all(...range) as unknown[][],
    );
    return facts;
  }
  const totalsOf = prepared(db, `${TOTALS} AND r.supervisor_id = ? GROUP BY r.supervisor_id`).raw();
  const subjectsOf = prepared(db, `${SUBJECTS} AND rel.supervisor_id = ? GROUP BY rel.supervisor_id`).raw();
  for (const id of new Set(supervisorIds)) read(totalsOf.all(...range, id) as unknown[][], subjectsOf.all(...range, id) as unknown[][]);
  return facts;
}
