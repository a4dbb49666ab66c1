/**
 * Gathers what arrives close together into one call (other users' change notices: an import or a
 * bulk action sends several at once). `flush` runs once nothing more arrived for `quietMs`, and at
 * the latest `maxWaitMs` after the first of a batch, so a steady stream still refreshes the screens
 * in time (issue 20: within 2 s of a change).
 */
export interface Coalescer<T> {
  add(item: T): void;
  /** Drops what is gathered and stops the timers (the screen went away). */
  cancel(): void;
}

export function coalesce<T>(flush: (items: T[]) => void, { quietMs, maxWaitMs }: { quietMs: number; maxWaitMs: number }): Coalescer<T> {
  let items: T[] = [];
  let quiet: ReturnType<typeof setTimeout> | undefined;
  let longest: ReturnType<typeof setTimeout> | undefined;
  const stop = () => {
    clearTimeout(quiet);
    clearTimeout(longest);
    quiet = longest = undefined;
  };
  const run = () => {
    const batch = items;
    items = [];
    stop();
    if (batch.length) flush(batch);
  };
  return {
    add(item) {
      items.push(item);
      clearTimeout(quiet);
      quiet = setTimeout(run, quietMs);
      longest ??= setTimeout(run, maxWaitMs);
    },
    cancel() {
      items = [];
      stop();
    },
  };
}
