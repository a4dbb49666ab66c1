/**
 * Bulk reads of what the training rules evaluate: certificates and ledger rows of many people
 * at once, grouped by person, so that a province's compliance is a few scans rather than
 * 100,000 small queries.
 */
import type { Db } from '../engine/types.ts';
import { sqliteConnection } from '../engine/sqlite.ts';
import { prepared } from '../statements.ts';
import { BULK_FIRST_ID, BULK_LAST_ID } from '../audit.ts';
import { hoursCountSql, type CountingRule, type TrainingRecordKind } from '../../domain/index.ts';
import type { CertificateLevel } from '../../domain/index.ts';
import { indexedBy, inJsonArray, jsonField } from '../engine/dialect.ts';

export type CertificateLevelCode = CertificateLevel;

export interface CertificateFactRow {
  level: CertificateLevelCode;
  issuedOn: string;
  validUntil: string | null;
}

export interface LedgerFactRow {
  id: number;
  categoryId: number;
  hours: number;
  earnedOn: string;
  kind: TrainingRecordKind;
  verified: boolean;
  sessionId: number | null;
  unified: boolean;
}

type RawLedger = [number, number, number, number, string, string, string | null, number | null, number | null];

const LEDGER_SQL = `SELECT t.person_id, t.id, t.category_id, t.hours, t.earned_on, t.kind, t.verified_at, t.session_id, s.unified
  FROM training_record t LEFT JOIN training_session s ON s.id = t.session_id`;

function toLedger(r: RawLedger): LedgerFactRow {
  return {
    id: r[1],
    categoryId: r[2],
    hours: r[3],
    earnedOn: r[4],
    kind: r[5] as LedgerFactRow['kind'],
    verified: r[6] !== null,
    sessionId: r[7],
    unified: r[8] === 1,
  };
}

function push<T>(map: Map<number, T[]>, key: number, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export function certificatesByPerson(db: Db, personIds?: readonly number[]): Map<number, CertificateFactRow[]> {
  const map = new Map<number, CertificateFactRow[]>();
  const sql = 'SELECT person_id, level, issued_on, registration_valid_until FROM certificate';
  const rows = personIds ? personIds.flatMap((id) => prepared(db, `${sql} WHERE person_id = ?`).raw().all(id)) : prepared(db, sql).raw().iterate();
  for (const r of rows as Iterable<[number, CertificateLevelCode, string, string | null]>) push(map, r[0], { level: r[1], issuedOn: r[2], validUntil: r[3] });
  return map;
}

/** Every ledger row of the given people (or of everyone), optionally only those earned in [from, to]. */
export function ledgerByPerson(db: Db, personIds?: readonly number[], between?: { from: string; to: string }): Map<number, LedgerFactRow[]> {
  const map = new Map<number, LedgerFactRow[]>();
  const range = between ? ' AND t.earned_on BETWEEN ? AND ?' : '';
  const rangeParams = between ? [between.from, between.to] : [];
  const rows = personIds
    ? personIds.flatMap((id) =>
        prepared(db, `${LEDGER_SQL} WHERE t.person_id = ?${range}`)
          .raw()
          .all(id, ...rangeParams),
      )
    : prepared(db, `${LEDGER_SQL} WHERE 1 = 1${range}`)
        .raw()
        .iterate(...rangeParams);
  for (const r of rows as Iterable<RawLedger>) push(map, r[0], toLedger(r));
  return map;
}

export function practiceStartOf(db: Db, personId: number): string | null {
  return (prepared(db, 'SELECT practice_start FROM person WHERE id = ?').pluck().get(personId) as string | null | undefined) ?? null;
}

/** A per-connection marker that changes with every write: the audit log grows with each one. */
export function changeMarker(db: Db): number {
  return prepared(db, 'SELECT coalesce(max(id), 0) FROM audit_log').pluck().get() as number;
}

/** What counts: the rule defined once in domain/rules/counting.ts (core explains single rows with its predicate). */
export type CountingRuleData = CountingRule;

const countedCondition = (rule: CountingRuleData): string => hoursCountSql(rule, 't');

const spanTables = new WeakSet<Db>();
const pendingSpans = new WeakMap<Db, Iterable<[number, string, string]>>();

export interface SpanSums {
  /** Counted hours in each person's own span (their current registration period). */
  period: Map<number, number>;
  window: Map<number, number>;
  year: Map<number, number>;
}

/**
 * Counted hours of everyone: within each person's own span, within the rolling window and within
 * the year so far. Reads the covering index training_record_ledger in person order (migration 0013)
 * and never the table; the spans travel through a table-valued function of this connection.
 */
export function spanSumsOfEveryone(
  db: Db,
  rule: CountingRuleData,
  spans: Iterable<[personId: number, start: string, end: string]>,
  window: { start: string; end: string },
  yearStart: string,
  /** Only these people's hours in the window and the year (a few people brought up to date); everyone's without. */
  personIds?: readonly number[],
): SpanSums {
  const counted = countedCondition(rule);
  const period = db.engine === 'postgres' ? periodSumsOnPostgres(db, counted, spans) : periodSumsOnSqlite(db, counted, spans);
  const window_ = new Map<number, number>();
  const year = new Map<number, number>();
  const some = personIds ? ` AND ${inJsonArray(db, 't.person_id', 'integer', '@personIds')}` : '';
  const rows = db
    .prepare(
      `SELECT t.person_id, sum(CASE WHEN t.earned_on BETWEEN @windowStart AND @asOf THEN t.hours END), sum(CASE WHEN t.earned_on BETWEEN @yearStart AND @asOf THEN t.hours END)
       FROM training_record t${indexedBy(db, 'training_record_ledger')} WHERE ${counted}${some} GROUP BY t.person_id`,
    )
    .raw()
    .iterate({ windowStart: window.start, asOf: window.end, yearStart, ...(personIds ? { personIds: JSON.stringify(personIds) } : {}) }) as Iterable<
    [number, number | null, number | null]
  >;
  for (const [personId, inWindow, inYear] of rows) {
    if (inWindow) window_.set(personId, inWindow);
    if (inYear) year.set(personId, inYear);
  }
  return { period, window: window_, year };
}

/** Each span's counted hours. The spans reach SQLite through a table-valued function fed from JS: no temporary table to fill and empty. */
function periodSumsOnSqlite(db: Db, counted: string, spans: Iterable<[personId: number, start: string, end: string]>): Map<number, number> {
  let period: Map<number, number>;
  if (!spanTables.has(db)) {
    sqliteConnection(db).table('compliance_spans', {
      columns: ['person_id', 'start', 'end'],
      *rows() {
        yield* pendingSpans.get(db) ?? [];
      },
    });
    spanTables.add(db);
  }
  pendingSpans.set(db, spans);
  try {
    period = new Map(
      prepared(
        db,
        `SELECT c.person_id, (SELECT sum(t.hours) FROM training_record t INDEXED BY training_record_ledger
           WHERE t.person_id = c.person_id AND t.earned_on BETWEEN c.start AND c."end" AND ${counted}) AS hours FROM compliance_spans c`,
      )
        .raw()
        .all()
        .filter((r) => (r as [number, number | null])[1] !== null) as [number, number][],
    );
  } finally {
    pendingSpans.delete(db);
  }
  return period;
}

/**
 * The same on PostgreSQL, which has no table-valued functions fed from JS: the spans travel as one
 * JSON parameter, read as rows by json_to_recordset.
 */
function periodSumsOnPostgres(db: Db, counted: string, spans: Iterable<[personId: number, start: string, end: string]>): Map<number, number> {
  const json = JSON.stringify(Array.from(spans, ([person_id, start, end]) => ({ person_id, start, end })));
  const rows = prepared(
    db,
    `SELECT c.person_id, (SELECT sum(t.hours) FROM training_record t
       WHERE t.person_id = c.person_id AND t.earned_on BETWEEN c.start AND c."end" AND ${counted}) AS hours
     FROM json_to_recordset(CAST(? AS json)) AS c(person_id bigint, start text, "end" text)`,
  )
    .raw()
    .all(json) as [number, number | null][];
  return new Map(rows.filter((r) => r[1] !== null) as [number, number][]);
}

/** What changed since a mark of the audit log that rows kept per person depend on: whose rows, and whether region or organisation names. */
export interface PeopleChanges {
  people: Set<number>;
  names: boolean;
}

/** The tables whose changes a kept per-person row may depend on: the compliance list's (the default). */
const COMPLIANCE_TABLES = ['person', 'certificate', 'training_record', 'region', 'organization'] as const;
export type PeopleChangeTable = (typeof COMPLIANCE_TABLES)[number];

/**
 * The people whose kept rows the log's entries after `mark` in `tables` may change (the person, their
 * certificates, their ledger; a bulk load's rows by their ids), and whether a region or
 * organisation was renamed; `undefined` when more than `limit` entries or people are concerned, or
 * when the entry at `mark` is no longer the one seen then (`markHash`: the log was replaced by a restore).
 * Every write is logged (the audit triggers, or one entry for a bulk load), so nothing changes unseen.
 */
export function peopleChangesSince(
  db: Db,
  mark: number,
  markHash: string | null,
  limit: number,
  tables: readonly PeopleChangeTable[] = COMPLIANCE_TABLES,
): PeopleChanges | undefined {
  if (markHash !== auditHashAt(db, mark)) return undefined;
  if ((prepared(db, 'SELECT count(*) FROM audit_log WHERE id > ?').pluck().get(mark) as number) > limit) return undefined;
  const entries = prepared(
    db,
    `SELECT table_name, row_id, ${jsonField(db, 'before_json', 'person_id', 'integer')}, ${jsonField(db, 'after_json', 'person_id', 'integer')},
       ${jsonField(db, 'after_json', BULK_FIRST_ID, 'integer')}, ${jsonField(db, 'after_json', BULK_LAST_ID, 'integer')}
     FROM audit_log WHERE id > ? AND table_name IN (${tables.map((t) => `'${t}'`).join(', ')})`,
  )
    .raw()
    .all(mark) as [string, number | null, number | null, number | null, number | null, number | null][];
  const people = new Set<number>();
  let names = false;
  for (const [table, rowId, before, after, first, last] of entries) {
    if (table === 'region' || table === 'organization') names = true;
    else if (rowId === null) {
      // A bulk load (one entry for its rows): the people it wrote for.
      if (first === null || last === null || last - first >= limit) return undefined;
      const ids =
        table === 'person'
          ? Array.from({ length: last - first + 1 }, (_, i) => first + i)
          : (prepared(db, `SELECT DISTINCT person_id FROM "${table}" WHERE id BETWEEN ? AND ?`).pluck().all(first, last) as number[]);
      for (const id of ids) people.add(id);
    } else if (table === 'person') people.add(rowId);
    else {
      if (before !== null) people.add(before);
      if (after !== null) people.add(after);
    }
    if (people.size > limit) return undefined;
  }
  return { people, names };
}

/** The hash of the log's entry `id` (null for none): whether a mark still names the entry it named. */
export function auditHashAt(db: Db, id: number): string | null {
  return (prepared(db, 'SELECT hash FROM audit_log WHERE id = ?').pluck().get(id) as string | undefined) ?? null;
}

/** How many people are registered: what everyone's compliance costs to compute grows with it. */
export function peopleCount(db: Db): number {
  return prepared(db, 'SELECT count(*) FROM person').pluck().get() as number;
}
