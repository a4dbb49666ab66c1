/**
 * The credited ledger of this year and last, per month, and the people credited this year: what the
 * 工作台's 「每月记入学时」 chart and an auditor's 「本年记入学时」「本年参训人数」 show. Summing a million
 * ledger rows takes seconds at province scale, so the sums are kept per connection and brought up to
 * date from the audit log (every change to a ledger row is logged with the row before and after it):
 * the row before is taken out, the row after put in. Everything is summed again when the year
 * changes, when a bulk load wrote ledger rows (its one entry holds no rows), when more than
 * REFRESH_LIMIT entries follow, or when the log is not the one the sums were made from (a restore).
 * What it answers is exactly what summing afresh answers (tests/integration/home.test.ts).
 */
import type Database from 'better-sqlite3';
import { auditHashAt, changeMarker } from '../../db/repos/training-facts.ts';
import { creditedRowsPerPerson, hoursByMonth, ledgerChangesSince } from '../../db/repos/home.ts';

const REFRESH_LIMIT = 2_000;

interface Ledger {
  year: number;
  mark: number;
  markHash: string | null;
  /** `YYYY-MM` → hours, for this year and last. */
  months: Map<string, number>;
  /** Person → credited rows this year. */
  people: Map<number, number>;
}

/** A ledger row as the audit log holds it. */
interface RowImage {
  person_id: number;
  hours: number;
  earned_on: string;
  kind: string;
  verified_at: string | null;
  import_id: number | null;
}

const cache = new WeakMap<Database.Database, Ledger>();
/** How the sums were last brought up to date (tests and the bench). */
export const ledgerRefreshes = { full: 0, partial: 0 };

/** The same rule as db/repos/home.ts CREDITED. */
const credited = (r: RowImage) => r.kind !== 'external' || r.verified_at !== null || r.import_id !== null;

function summed(db: Database.Database, year: number, mark: number): Ledger {
  ledgerRefreshes.full += 1;
  return {
    year,
    mark,
    markHash: auditHashAt(db, mark),
    months: new Map(hoursByMonth(db, [year - 1, year]).map((r) => [`${r.year}-${String(r.month).padStart(2, '0')}`, r.hours])),
    people: new Map(creditedRowsPerPerson(db, year)),
  };
}

/** Applies the changes since the ledger's mark; false when they cannot be applied row by row. */
function update(db: Database.Database, ledger: Ledger, mark: number): boolean {
  if (auditHashAt(db, ledger.mark) !== ledger.markHash || mark - ledger.mark > REFRESH_LIMIT) return false;
  const changes = ledgerChangesSince(db, ledger.mark);
  const images: [RowImage | null, RowImage | null][] = [];
  for (const { before, after } of changes) {
    const b = before === null ? null : (JSON.parse(before) as RowImage);
    const a = after === null ? null : (JSON.parse(after) as RowImage);
    if ((b && typeof b.hours !== 'number') || (a && typeof a.hours !== 'number')) return false; // a bulk load's summary entry
    images.push([b, a]);
  }
  const apply = (row: RowImage | null, sign: 1 | -1) => {
    if (!row || !credited(row)) return;
    const year = Number(row.earned_on.slice(0, 4));
    if (year !== ledger.year && year !== ledger.year - 1) return;
    const month = row.earned_on.slice(0, 7);
    ledger.months.set(month, (ledger.months.get(month) ?? 0) + sign * row.hours);
    if (year !== ledger.year) return;
    const rows = (ledger.people.get(row.person_id) ?? 0) + sign;
    if (rows > 0) ledger.people.set(row.person_id, rows);
    else ledger.people.delete(row.person_id);
  };
  for (const [before, after] of images) {
    apply(before, -1);
    apply(after, 1);
  }
  ledger.mark = mark;
  ledger.markHash = auditHashAt(db, mark);
  ledgerRefreshes.partial += 1;
  return true;
}

function ledgerOf(db: Database.Database, year: number): Ledger {
  const mark = changeMarker(db);
  const kept = cache.get(db);
  if (kept && kept.year === year && (kept.mark === mark || update(db, kept, mark))) return kept;
  const fresh = summed(db, year, mark);
  cache.set(db, fresh);
  return fresh;
}

const tenth = (n: number) => Math.round(n * 10) / 10;

/** Hours credited in each month of `year` and the year before. */
export function creditedHoursByMonth(db: Database.Database, year: number): { month: number; lastYear: number; thisYear: number }[] {
  const { months } = ledgerOf(db, year);
  const at = (y: number, m: number) => tenth(months.get(`${y}-${String(m).padStart(2, '0')}`) ?? 0);
  return Array.from({ length: 12 }, (_, i) => ({ month: i + 1, lastYear: at(year - 1, i + 1), thisYear: at(year, i + 1) }));
}

/** Hours credited in `year` and the people they were credited to. */
export function creditedInYear(db: Database.Database, year: number): { hours: number; people: number } {
  const ledger = ledgerOf(db, year);
  let hours = 0;
  for (const [month, h] of ledger.months) if (month.startsWith(`${year}-`)) hours += h;
  return { hours: tenth(hours), people: ledger.people.size };
}
