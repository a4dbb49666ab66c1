/**
 * What a refetched page hands the grid. A refresh (another user's change, a save) usually returns the
 * rows already shown: replacing them anyway re-renders every row while the user may be clicking one,
 * and the click is lost. So equal rows keep the objects already shown, and when the whole page is
 * unchanged the array shown is kept as it is (the grid then re-renders nothing).
 */

/** Rows as the API answers them are plain JSON in a stable key order: equal text, equal row (its version included). */
const sameRow = (a: unknown, b: unknown) => a === b || JSON.stringify(a) === JSON.stringify(b);

export function keepUnchanged<R>(shown: readonly R[], fetched: readonly R[], idOf: (row: R) => unknown): readonly R[] {
  const byId = new Map(shown.map((row) => [idOf(row), row]));
  let changed = shown.length !== fetched.length;
  const rows = fetched.map((row, i) => {
    const before = byId.get(idOf(row));
    const kept = before !== undefined && sameRow(before, row) ? before : row;
    if (kept !== shown[i]) changed = true;
    return kept;
  });
  return changed ? rows : shown;
}
