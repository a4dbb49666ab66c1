/**
 * The credited ledger of this year and last, per month, and the people credited this year: what the
 * 工作台's 「每月记入学时」 chart and an auditor's 「本年记入学时」「本年参训人数」 show. Summing a million
 * ledger rows takes seconds at province scale, so the sums are kept per connection and brought up to
 * date from the audit log (every change to a ledger row is logged with the row before and after it):
 * the row before is taken out, the row after put in. Everything is summed again when the year
 * changes, when a bulk load wrote ledger rows (its one entry holds no rows), when more than
 * REFRESH_LIMIT entries follow, or when the log is not the one the sums were made from (a restore).
 *
 * That full sum (0.7–1.1 s at province scale) runs in a worker thread (ledger-worker.ts) from a
 * snapshot of its own, so nobody's request waits for it: until it lands the figures are the previous
 * ones (none for a new year), marked as being refreshed; when it lands, the changes made since its
 * snapshot are brought in as above. A small ledger (up to `ledgerSumOptions.inlineUpTo` rows), a
 * connection without a file, a caller already off the server's thread or a worker that cannot start
 * sum here, at once, as before. What it answers once up to date is exactly what summing afresh
 * answers (tests/integration/home.test.ts).
 */
import type { Db } from '../../db/engine/types.ts';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { workerLocation } from '../snapshot.ts';
import { auditHashAt, changeMarker } from '../../db/repos/training-facts.ts';
import { creditedRowsPerPerson, hoursByMonth, ledgerChangesSince, ledgerSize } from '../../db/repos/home.ts';
import type { LedgerSumData, LedgerSumMessage } from './ledger-worker.ts';
import { traced } from '../turn-trace.ts';

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

const cache = new WeakMap<Db, Ledger>();
/** How the sums were last brought up to date (tests and the bench). */
export const ledgerRefreshes = { full: 0, partial: 0 };

/** Up to this many ledger rows the full sum runs here, at once (~20 ms); above, in a worker thread (`entry`: its script, when not the usual one: tests). */
export const ledgerSumOptions = { inlineUpTo: 20_000, entry: '' };

/** A full sum under way in a worker thread, by the year it sums. */
const summing = new WeakMap<Db, { year: number; landed: Promise<void> }>();

// Run from source (.ts) or from the build (.js): the worker's script sits beside this module either way.
const here = fileURLToPath(import.meta.url);
const SUM_ENTRY = path.join(path.dirname(here), `ledger-worker${path.extname(here)}`);

/** The same rule as db/repos/home.ts CREDITED. */
const credited = (r: RowImage) => r.kind !== 'external' || r.verified_at !== null || r.import_id !== null;

function summed(db: Db, year: number, mark: number): Ledger {
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
function update(db: Db, ledger: Ledger, mark: number): boolean {
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

/** Sums kept, or being summed again: the figures answered and whether they are being refreshed. */
interface Answer {
  ledger: Ledger | null;
  refreshing: boolean;
}

/** A worker's sums replace the kept ones, unless those are already newer for the same year. */
function land(db: Db, ledger: Ledger) {
  const kept = cache.get(db);
  if (kept && kept.year === ledger.year && kept.mark > ledger.mark) return;
  ledgerRefreshes.full += 1;
  cache.set(db, ledger);
}

/** Starts the full sum in a worker thread (one at a time per connection); the sums land in the cache when it ends. */
function sumInWorker(db: Db, year: number): void {
  if (summing.has(db)) return; // another year's sum: summed again once this one lands
  let worker: Worker;
  try {
    worker = new Worker(ledgerSumOptions.entry || SUM_ENTRY, { workerData: { where: workerLocation(db)!, year } satisfies LedgerSumData });
  } catch {
    cache.set(db, summed(db, year, changeMarker(db))); // no worker here (e.g. a packed archive): as before
    return;
  }
  worker.unref(); // a cache: it keeps no process running
  let heard = false;
  const landed = new Promise<void>((resolve) => {
    const end = () => {
      if (summing.get(db)?.landed === landed) summing.delete(db);
      resolve();
    };
    worker.on('message', (message: LedgerSumMessage) => {
      heard = true;
      if ('done' in message) {
        const { mark, markHash, months, personIds, rows } = message.done;
        const people = new Map<number, number>();
        personIds.forEach((id, i) => people.set(id, rows[i]!));
        if (db.open) traced('worker:ledger-landed', () => land(db, { year, mark, markHash, months: new Map(months), people }));
      } else console.error(`工作台学时合计失败：${message.failed}`);
      end();
    });
    worker.on('error', (error) => {
      // Failing before it said anything: its script could not be loaded; summed here instead.
      if (!heard && db.open) cache.set(db, summed(db, year, changeMarker(db)));
      else console.error(`工作台学时合计失败：${error.message}`);
      end();
    });
    worker.on('exit', end);
  });
  summing.set(db, { year, landed });
}

/** Resolves when no full sum is under way for `db` (tests and the bench wait on it). */
export async function ledgerSumLanded(db: Db): Promise<void> {
  for (let s = summing.get(db); s; s = summing.get(db)) await s.landed;
}

/** Whether the full sum runs here, at once, rather than in a worker thread. */
function sumsHere(db: Db): boolean {
  return !workerLocation(db) || ledgerSize(db) <= ledgerSumOptions.inlineUpTo;
}

function ledgerOf(db: Db, year: number): Answer {
  const kept = cache.get(db);
  const previous = kept?.year === year ? kept : null;
  // Being summed again for this year: the kept sums are answered as they are until it lands.
  if (summing.get(db)?.year === year) return { ledger: previous, refreshing: true };
  const mark = changeMarker(db);
  if (previous && (previous.mark === mark || update(db, previous, mark))) return { ledger: previous, refreshing: false };
  if (sumsHere(db)) {
    const fresh = summed(db, year, mark);
    cache.set(db, fresh);
    return { ledger: fresh, refreshing: false };
  }
  sumInWorker(db, year);
  const now = cache.get(db); // summed here when no worker could start
  return { ledger: now?.year === year ? now : null, refreshing: summing.has(db) };
}

const tenth = (n: number) => Math.round(n * 10) / 10;

/** Hours credited in each month of `year` and the year before; `refreshing` while they are summed again (the previous figures meanwhile). */
export function creditedHoursByMonth(db: Db, year: number): { refreshing: boolean; rows: { month: number; lastYear: number; thisYear: number }[] } {
  const { ledger, refreshing } = ledgerOf(db, year);
  const months = ledger?.months ?? new Map<string, number>();
  const at = (y: number, m: number) => tenth(months.get(`${y}-${String(m).padStart(2, '0')}`) ?? 0);
  return { refreshing, rows: Array.from({ length: 12 }, (_, i) => ({ month: i + 1, lastYear: at(year - 1, i + 1), thisYear: at(year, i + 1) })) };
}

/** Hours credited in `year` and the people they were credited to; `refreshing` as above. */
export function creditedInYear(db: Db, year: number): { hours: number; people: number; refreshing: boolean } {
  const { ledger, refreshing } = ledgerOf(db, year);
  let hours = 0;
  for (const [month, h] of ledger?.months ?? []) if (month.startsWith(`${year}-`)) hours += h;
  return { hours: tenth(hours), people: ledger?.people.size ?? 0, refreshing };
}
