import type { Db } from '../engine/types.ts';
import { prepared } from '../statements.ts';

/** Tables in the order their rows can be deleted (children first). */
export const EXAMPLE_TABLES = [
  'training_record',
  'enrolment',
  'training_session',
  'course',
  'mentor',
  'room',
  'base_evaluation',
  'training_base',
  'supervision_record',
  'supervision_relationship',
  'supervisor_event',
  'recert_review',
  'recert_cycle',
  'supervisor',
  'certificate',
  'person',
  'organization',
  'region',
] as const;

/** Rows without an id of their own go with their parent, just before it. */
const CHILDREN: Partial<Record<(typeof EXAMPLE_TABLES)[number], { table: string; column: string }>> = {
  training_session: { table: 'session_mentor', column: 'session_id' },
  supervision_record: { table: 'supervision_record_subject', column: 'record_id' }, // issue 22
  mentor: { table: 'mentor_specialty', column: 'mentor_id' },
  training_base: { table: 'base_coordinator', column: 'base_id' },
  person: { table: 'issued_document', column: 'person_id' }, // documents printed for example people go with them (issue 23)
};

export function markExample(db: Db, ids: Map<string, number[]>): void {
  const insert = prepared(db, 'INSERT INTO example_record (table_name, record_id) VALUES (?, ?) ON CONFLICT DO NOTHING');
  for (const [table, list] of ids) for (const id of list) insert.run(table, id);
}

export function exampleCounts(db: Db): Record<string, number> {
  const rows = prepared(db, 'SELECT table_name AS tableName, count(*) AS n FROM example_record GROUP BY table_name').all() as {
    tableName: string;
    n: number;
  }[];
  return Object.fromEntries(rows.map((r) => [r.tableName, r.n]));
}

/** Deletes every marked record; the caller's transaction makes it all or nothing. */
export function deleteExample(db: Db): Record<string, number> {
  const deleted: Record<string, number> = {};
  for (const table of EXAMPLE_TABLES) {
    const child = CHILDREN[table];
    if (child) prepared(db, `DELETE FROM ${child.table} WHERE ${child.column} IN (SELECT record_id FROM example_record WHERE table_name = ?)`).run(table);
    deleted[table] = prepared(db, `DELETE FROM ${table} WHERE id IN (SELECT record_id FROM example_record WHERE table_name = ?)`).run(table).changes;
  }
  prepared(db, 'DELETE FROM example_record').run();
  return deleted;
}

export function countPeople(db: Db): number {
  return (prepared(db, 'SELECT count(*) AS n FROM person').get() as { n: number }).n;
}
