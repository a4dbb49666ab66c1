/**
 * The write gate: work that holds the database's write lock across event-loop turns (an import's
 * publish, in slices of a few milliseconds so that the server answers in between) holds the gate
 * meanwhile, and the shells let no call into core until it is free. A call is synchronous: a
 * write on another connection of this thread while the lock is held would wait for it inside
 * SQLite's busy handler, holding the very thread the holder needs to finish (a deadlock until the
 * busy timeout). Reads on other connections never waited for the lock (WAL); they wait here only
 * for the publish's few hundred milliseconds. Jobs wait at their checkpoints.
 */

let held: Promise<void> | null = null;

/**
 * The gate as work that writes sees it. On the serving thread, this module's own; in a worker job,
 * a bridge that asks the serving thread to take the gate on the worker's behalf and waits for the
 * grant (core/worker-jobs.ts), so that the serving thread's writes wait at the gate, never inside
 * SQLite's busy handler, while the worker holds the write lock.
 */
export interface WriteGate {
  /** Waits for the gate, then holds it until the returned release is called (once the holder's transaction has ended). */
  holdWrites(): Promise<() => void>;
}

/** Whether some work holds the write lock across turns now. */
export const writesHeld = (): boolean => held !== null;

/** Resolves once no work holds the write lock across turns (at once when none does). */
export async function writesFree(): Promise<void> {
  while (held) await held;
}

/** Waits for the gate, then holds it until the returned release is called (once the holder's transaction has ended). */
export async function holdWrites(): Promise<() => void> {
  while (held) await held; // checked and taken in one turn: two waiters never both hold it
  let release!: () => void;
  const mine = new Promise<void>((resolve) => (release = resolve));
  held = mine;
  return () => {
    if (held === mine) held = null;
    release();
  };
}

/** This thread's gate (the serving thread's, for work that runs on it). */
export const thisThreadsGate: WriteGate = { holdWrites };
