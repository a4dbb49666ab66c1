/**
 * A person search tests its fragment against everyone: on SQLite ~6–20 ms of CPU at 100,000 people
 * (db/repos/people-search.ts, narrow indexes scanned with instr()). On the association server under
 * load that was the serving thread's longest work (759 of 814 turns over 20 ms in the province
 * server-load), and every other request waited behind it. So there the page's ids and total are
 * found in a worker thread during people.list's `prepare` step (core/contract.ts), while the serving
 * thread answers others; the handler then reads the 25 rows. The worker keeps a copy of the searched
 * columns in memory (1–5 ms a search at 100,000 people), brought up to date from the audit log at each search, and reads
 * on a read-only connection of its own (WAL: what was committed, the user's own save a moment before
 * included).
 *
 * One worker per open database, started by the first search (which is computed in place meanwhile)
 * and ended after ten minutes without one, or when core closes or replaces its data (a restore):
 * `stopPeopleSearch`. Only where turned on (`peopleSearchOffThread.enabled`, by the association
 * server, web/serve.ts): on the desktop and in tests a search stays in place, where a thread per
 * core would only cost its start. PostgreSQL's trigram indexes serve the search (migration 0037),
 * and SQLite in memory has no other connection: both stay in place.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMainThread, Worker } from 'node:worker_threads';
import type { Db } from '../../db/engine/types.ts';
import { dataLocationOf } from '../../db/open.ts';
import type { ListParams } from '../../db/paging.ts';
import type { PageOfIds, PeopleFilter } from '../../db/repos/people-search.ts';

export const peopleSearchOffThread = {
  enabled: false,
  /** A worker without a search for this long ends (its connection with it). */
  idleMs: 10 * 60_000,
  /** The worker's script, when not the usual one (tests). */
  entry: '',
  /** Workers started so far (tests). */
  started: 0,
};

export type SearchParams = ListParams & PeopleFilter;
export interface SearchRequest {
  id: number;
  params: SearchParams;
}
export type SearchResponse = { id: number; page: PageOfIds } | { id: number; failed: string };
/** What the worker is started with: its data, and where it says how its connection is (CONNECTION). */
export interface SearchWorkData {
  dataFile: string;
  connection: Int32Array;
}
/** The worker's connection: not yet opened, being opened or open, closed. */
export const CONNECTION = { none: 0, opening: 1, closed: 2 } as const;
/** What the worker is sent: a search, or the word to close its connection. */
export type SearchWorkerMessage = SearchRequest | 'close';

// Run from source (.ts) or from the build (.js): the worker's script sits beside this module either way.
const here = fileURLToPath(import.meta.url);
const ENTRY = path.join(path.dirname(here), `search-worker${path.extname(here)}`);

/** How long a closing worker is waited for (it finishes the search under way first). */
const CLOSE_WAIT_MS = 2_000;

/** A search worker: ready once it has read everyone; answers in the order asked. */
class SearchReader {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, (page: PageOfIds | undefined) => void>();
  private nextId = 0;
  private idle: NodeJS.Timeout | undefined;
  private stopped = false;
  private readonly ended: () => void;
  /** The worker's connection: CONNECTION.opening once it opens it, CONNECTION.closed once it has closed it. */
  private readonly connection = new Int32Array(new SharedArrayBuffer(4));
  ready = false;

  constructor(dataFile: string, ended: () => void) {
    this.ended = ended;
    this.worker = new Worker(peopleSearchOffThread.entry || ENTRY, { workerData: { dataFile, connection: this.connection } satisfies SearchWorkData });
    peopleSearchOffThread.started++;
    this.worker.unref(); // a server or test that is done does not wait for it
    this.worker.on('message', (message: SearchResponse | { ready: true }) => {
      if ('ready' in message) {
        this.ready = true;
        return this.keepFor();
      }
      const answer = this.waiting.get(message.id);
      this.waiting.delete(message.id);
      answer?.('page' in message ? message.page : undefined);
    });
    this.worker.on('error', (error) => console.error('[people search worker]', error));
    this.worker.on('exit', () => this.stop({ forget: this.ready }));
    this.keepFor();
  }

  ask(params: SearchParams): Promise<PageOfIds | undefined> {
    this.keepFor();
    const id = ++this.nextId;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.worker.postMessage({ id, params } satisfies SearchRequest);
    });
  }

  /**
   * Ends the worker; whoever still waits computes their search in place. A worker that ended before it was ready
   * (its script cannot be loaded here: a packed archive) stays in place, so that searches are not each spent starting another.
   * `closeFirst`: returns only once the worker has closed its connection (or after CLOSE_WAIT_MS), for a restore that
   * replaces the file next (Windows refuses to replace a file a connection holds open) and for core's close.
   */
  stop({ forget = true, closeFirst = false } = {}): void {
    if (this.stopped) return;
    this.stopped = true;
    clearTimeout(this.idle);
    this.ready = false;
    for (const answer of this.waiting.values()) answer(undefined);
    this.waiting.clear();
    // A worker that never began to open its connection (its script did not load) holds nothing to wait for.
    if (closeFirst && Atomics.load(this.connection, 0) === CONNECTION.opening) {
      this.worker.postMessage('close' satisfies SearchWorkerMessage);
      Atomics.wait(this.connection, 0, CONNECTION.opening, CLOSE_WAIT_MS);
    }
    void this.worker.terminate();
    if (forget) this.ended();
  }

  private keepFor(): void {
    clearTimeout(this.idle);
    this.idle = setTimeout(() => this.stop(), peopleSearchOffThread.idleMs).unref();
  }
}

const readers = new WeakMap<Db, SearchReader>();

/**
 * The page of people a search shows (ids in order, total), computed in the search worker; undefined
 * when it is computed in place instead: no fragment, not turned on, not a SQLite file, the worker still
 * starting (this search starts it) or gone.
 */
export function searchPageOffThread(db: Db, params: SearchParams): Promise<PageOfIds | undefined> {
  if (!params.search || !peopleSearchOffThread.enabled || !isMainThread || db.engine !== 'sqlite') return Promise.resolve(undefined);
  let reader = readers.get(db);
  if (!reader) {
    const where = dataLocationOf(db);
    if (!where) return Promise.resolve(undefined);
    try {
      const started: SearchReader = new SearchReader(where.dataFile, () => readers.get(db) === started && readers.delete(db));
      reader = started;
    } catch {
      return Promise.resolve(undefined); // no worker can start here (a packed archive): in place, as before
    }
    readers.set(db, reader);
  }
  return reader.ready ? reader.ask(params) : Promise.resolve(undefined);
}

/** Ends the search worker of `db`, if any, once it has closed its connection: core closes `db`, or replaces its data file (a restore). */
export function stopPeopleSearch(db: Db): void {
  readers.get(db)?.stop({ closeFirst: true });
}
