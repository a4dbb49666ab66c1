/** A one-line summary of what an audit entry changed: `name：张三 → 张三丰；phone：— → 138****8000`. */
export function describeChanges(before: Record<string, unknown> | null, after: Record<string, unknown> | null): string {
  const show = (v: unknown) => (v === null || v === undefined || v === '' ? '—' : String(v));
  // The version (migration 0027) goes up with every update: bookkeeping, like the timestamps.
  const skip = new Set(['created_at', 'updated_at', 'id', 'version']);
  if (before && after) {
    return Object.keys(after)
      .filter((k) => !skip.has(k) && JSON.stringify(before[k]) !== JSON.stringify(after[k]))
      .map((k) => `${k}：${show(before[k])} → ${show(after[k])}`)
      .join('；');
  }
  const row = after ?? before ?? {};
  return Object.entries(row)
    .filter(([k, v]) => !skip.has(k) && v !== null)
    .map(([k, v]) => `${k}：${show(v)}`)
    .join('；');
}
