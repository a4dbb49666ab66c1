import { migration0001 } from './0001_foundation.ts';
import { migration0002 } from './0002_accounts_audit.ts';
import type { Migration } from './types.ts';

export type { Migration };

/** Every migration, in order. Append new ones at the end; never edit or reorder. */
export const MIGRATIONS: readonly Migration[] = [migration0001, migration0002];
