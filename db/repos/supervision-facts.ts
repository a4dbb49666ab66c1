/**
 * The re-review's supervision facts (issue 22): per supervisor, the supervision they gave in a
 * calendar year — records, minutes, distinct 督导对象 (people and organizations). Everyone at
 * once in two grouped scans of the year's records (the re-review of a province's supervisors),
 * or a few supervisors by the (supervisor_id, starts_at) index (a review brought up to date).
 * Records keep training_session's wall-clock `YYYY-MM-DDTHH:mm`, so a year is a range of starts_at.
 */
import type { Db } from '../engine/types.ts';
import { prepared } from '../statements.ts';

export interface SupervisionYearRow {
  sessions: number;
  minutes: number;
  subjects: number;
}

const TOTALS = `SELECT r.supervisor_id, count(*), sum(r.minutes) FROM supervision_record r`;
const SUBJECTS = `SELECT r.supervisor_id, count(DISTINCT rel.person_id) + count(DISTINCT rel.organization_id)
  FROM supervision_record r
  JOIN supervision_record_subject s ON s.record_id = r.id
  JOIN supervision_relationship rel ON rel.id = s.relationship_id`;
const IN_YEAR = 'r.starts_at >= ? AND r.starts_at < ?';

/** Supervisors without a record in the year are absent (every figure 0). */
export function supervisionFactsOfYear(db: Db, year: number, supervisorIds?: readonly number[]): Map<number, SupervisionYearRow> {
  const range = [`${year}-01-01`, `${year + 1}-01-01`];
  const facts = new Map<number, SupervisionYearRow>();
  const totals: unknown[][] = [];
  const subjects: unknown[][] = [];
  if (supervisorIds) {
    const totalsOf = prepared(db, `${TOTALS} WHERE r.supervisor_id = ? AND ${IN_YEAR} GROUP BY r.supervisor_id`).raw();
    const subjectsOf = prepared(db, `${SUBJECTS} WHERE r.supervisor_id = ? AND ${IN_YEAR} GROUP BY r.supervisor_id`).raw();
    for (const id of new Set(supervisorIds)) {
      totals.push(...(totalsOf.all(id, ...range) as unknown[][]));
      subjects.push(...(subjectsOf.all(id, ...range) as unknown[][]));
    }
  } else {
    totals.push(
      ...(prepared(db, `${TOTALS} WHERE ${IN_YEAR} GROUP BY r.supervisor_id`)
        .raw()
        .all(...range) as unknown[][]),
    );
    subjects.push(
      ...(prepared(db, `${SUBJECTS} WHERE ${IN_YEAR} GROUP BY r.supervisor_id`)
        .raw()
        .all(...range) as unknown[][]),
    );
  }
  // PostgreSQL returns bigint counts and sums as text: Number() reads both engines alike.
  for (const [id, sessions, minutes] of totals) facts.set(Number(id), { sessions: Number(sessions), minutes: Number(minutes), subjects: 0 });
  for (const [id, n] of subjects) {
    const f = facts.get(Number(id));
    if (f) f.subjects = Number(n);
  }
  return facts;
}
