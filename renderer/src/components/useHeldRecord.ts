import { useState } from 'react';

export interface HeldRecord<T> {
  /** The record as the form shows it: as it was when the form opened (or took the latest). */
  held: T;
  /** Someone else changed the record since: the form shows ChangedElsewhere instead of new values. */
  changed: boolean;
  takeLatest(): void;
  /** Before the user's own save reloads the record: the values it brings back are taken as they come. */
  adoptNext(): void;
}

/**
 * A form being edited does not change under the user's hands: it holds the record as it was when
 * the form opened. When the record changes meanwhile (another user saved it; the page refetched),
 * `changed` is true and the form shows a banner whose button takes the new values (`takeLatest`).
 * Records are compared by content, so a refetch that brings the same values changes nothing; the
 * first record to arrive (loaded after the form opened) is simply taken.
 */
export function useHeldRecord<T>(open: boolean, record: T): HeldRecord<T> {
  const key = JSON.stringify(record ?? null);
  const [held, setHeld] = useState({ record, key, open, adopt: false });
  const follows = !open || !held.open || held.record === null || held.record === undefined || held.adopt;
  // Adjusted while rendering (React's pattern for state that follows a prop); it settles at once.
  if (open !== held.open || (key !== held.key && follows)) setHeld({ record, key, open, adopt: false });
  return {
    held: held.record,
    changed: open && held.open && key !== held.key && !follows,
    takeLatest: () => setHeld({ record, key, open, adopt: false }),
    adoptNext: () => setHeld((h) => ({ ...h, adopt: true })),
  };
}
