import type { Db } from '../engine/types.ts';

/** A schema step. Append-only: once released, a migration is never edited (a test pins them). */
export interface Migration {
  version: number;
  name: string;
  up(db: Db): void;
}
