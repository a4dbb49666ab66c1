/**
 * A one-line summary of what an audit entry changed, by the fields' Chinese names (core's `fieldNames`):
 * `姓名：张三 → 张三丰；电话：— → 138****8000`.
 */
export function describeChanges(before: Record<string, unknown> | null, after: Record<string, unknown> | null, names: Record<string, string> = {}): string {
  const name = (k: string) => names[k] ?? k;
  const show = (v: unknown) => (v === null || v === undefined || v === '' ? '—' : String(v));
  // The version (migration 0027) goes up with every update: bookkeeping, like the timestamps.
  const skip = new Set(['created_at', 'updated_at', 'id', 'version']);
  if (before && after) {
    return Object.keys(after)
      .filter((k) => !skip.has(k) && JSON.stringify(before[k]) !== JSON.stringify(after[k]))
      .map((k) => `${name(k)}：${show(before[k])} → ${show(after[k])}`)
      .join('；');
  }
  const row = after ?? before ?? {};
  return Object.entries(row)
    .filter(([k, v]) => !skip.has(k) && v !== null)
    .map(([k, v]) => `${name(k)}：${show(v)}`)
    .join('；');
}
