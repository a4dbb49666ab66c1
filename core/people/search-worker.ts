/**
 * The worker side of core/people/search-off-thread.ts: answers people-search pages (ids and total)
 * one request at a time, each in a read transaction of its own on a read-only connection kept open,
 * so each sees everything committed before it began. At the serving thread's priority, not lowered
 * as long work is (core/background-thread.ts): a user is waiting for its answer.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../../db/open.ts';
import { pageOfIds } from '../../db/repos/people-search.ts';
import type { SearchRequest, SearchResponse } from './search-off-thread.ts';

const { dataFile } = workerData as { dataFile: string };
const db = openDatabase(dataFile, { readonly: true });

parentPort!.on('message', (request: SearchRequest) => {
  let response: SearchResponse;
  try {
    db.exec('BEGIN');
    try {
      response = { id: request.id, page: pageOfIds(db, request.params) };
    } finally {
      db.exec('COMMIT');
    }
  } catch (error) {
    response = { id: request.id, failed: error instanceof Error ? error.message : String(error) };
  }
  parentPort!.postMessage(response);
});
parentPort!.postMessage({ ready: true });
