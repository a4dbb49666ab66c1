/**
 * The write gate: work that holds the database's write lock across event-loop turns (an import's
 * check batches and publish, in its worker thread or, where no worker starts, on this thread in
 * slices) holds the gate meanwhile, and the shells let no write into core until it is free. A call
 * is synchronous: a write on another connection of this thread while the lock is held would wait for
 * it inside SQLite's busy handler, holding the event loop (and, when the holder runs on this thread,
 * the very thread it needs to finish: a deadlock until the busy timeout). A worker holds the gate
 * through this thread (WriteGate, core/worker-jobs.ts). Reads go around it (core/reads-during-writes.ts).
 * Jobs wait at their checkpoints. */

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
