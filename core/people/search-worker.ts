/**
 * The worker side of core/people/search-off-thread.ts: answers people-search pages (ids and total)
 * one request at a time, each in a read transaction of its own on a read-only connection kept open,
 * so each sees everything committed before it began. Who matches is found in a copy of the searched
 * columns kept in memory (search-index.ts), brought up to date at each request from the audit log
 * (every write to a person is logged): the people whose rows changed are read again, everyone when
 * more than FOLLOW_UP_TO did or the log is not the one read before. At the serving
 * thread's priority, not lowered as long work is (core/background-thread.ts): a user is waiting.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../../db/open.ts';
import { fragmentTargets, pageOfMatched, searchedColumns, SORT, type PageOfIds } from '../../db/repos/people-search.ts';
import { auditHashAt, changeMarker, peopleChangesSince } from '../../db/repos/training-facts.ts';
import { PeopleSearchIndex } from './search-index.ts';
import { CONNECTION, type SearchParams, type SearchRequest, type SearchResponse, type SearchWorkData, type SearchWorkerMessage } from './search-off-thread.ts';

/**
 * Changed people read again by their ids up to this many; above, everyone (~0.3–0.5 s at 150,000 people, a search
 * waiting meanwhile). A 50,000-row import is one log entry naming its ids: read by them, ~3 times fewer rows.
 */
const FOLLOW_UP_TO = 100_000;

const { dataFile, connection } = workerData as SearchWorkData;
Atomics.store(connection, 0, CONNECTION.opening);
const db = openDatabase(dataFile, { readonly: true });
const index = new PeopleSearchIndex();
/** The audit log's head the copy is up to date with, and its entry's hash. */
let mark = -1;
let markHash: string | null = null;

function bringUpToDate(): void {
  const head = changeMarker(db);
  if (head === mark && auditHashAt(db, mark) === markHash) return;
  const changes = mark >= 0 && head > mark ? peopleChangesSince(db, mark, markHash, FOLLOW_UP_TO, ['person']) : undefined;
  if (changes) {
    const ids = [...changes.people];
    index.replace(ids, searchedColumns(db, ids));
  } else {
    index.load(searchedColumns(db));
    index.buildAll();
  }
  mark = head;
  markHash = auditHashAt(db, head);
}

/** The page: in id order, newest first, here when nothing else filters or sorts; else the sort and filters in SQL. */
function pageOf(params: SearchParams): PageOfIds {
  const matched = index.matching(fragmentTargets(params.search!));
  const sorted = params.sortField !== undefined && Object.hasOwn(SORT, params.sortField);
  if (sorted || params.organizationId || params.regionId) return pageOfMatched(db, params, matched);
  const end = matched.length - params.page * params.pageSize;
  return { ids: matched.slice(Math.max(0, end - params.pageSize), Math.max(0, end)).reverse(), total: matched.length };
}

function answer(request: SearchRequest): SearchResponse {
  try {
    db.exec('BEGIN');
    try {
      bringUpToDate();
      return { id: request.id, page: pageOf(request.params) };
    } finally {
      db.exec('COMMIT');
    }
  } catch (error) {
    return { id: request.id, failed: error instanceof Error ? error.message : String(error) };
  }
}

// Ready once everyone is read: the first search it answers does not wait for that.
db.exec('BEGIN');
try {
  bringUpToDate();
} finally {
  db.exec('COMMIT');
}
parentPort!.on('message', (message: SearchWorkerMessage) => {
  if (message !== 'close') return parentPort!.postMessage(answer(message));
  // Told before a restore replaces the file, or core closes: the connection closed, then said so to the waiting thread.
  db.close();
  Atomics.store(connection, 0, CONNECTION.closed);
  Atomics.notify(connection, 0);
  parentPort!.close();
});
parentPort!.postMessage({ ready: true });
