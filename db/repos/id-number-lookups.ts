import type { Db } from '../engine/types.ts';

/** Numbers matching nobody that one user looked up since `since` (refused lookups included). */
export function unmatchedSince(db: Db, userId: number | null, since: string): number {
  return db
    .prepare('SELECT coalesce(sum(unmatched), 0) FROM id_number_lookup WHERE user_id IS NOT DISTINCT FROM ? AND at > ?')
    .pluck()
    .get(userId, since) as number;
}

export function recordLookup(db: Db, row: { userId: number | null; at: string; operation: string; unmatched: number; refused: boolean }): void {
  db.prepare('INSERT INTO id_number_lookup (user_id, at, operation, unmatched, refused) VALUES (?, ?, ?, ?, ?)').run(
    row.userId,
    row.at,
    row.operation,
    row.unmatched,
    row.refused ? 1 : 0,
  );
}
