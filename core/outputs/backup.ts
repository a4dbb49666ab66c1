/** Output schemas of core/services/backup.ts (contract.ts `output`). */
import { z } from 'zod';
import { jobRef } from './marks.ts';

const backupStatus = z.object({
  dir: z.string(),
  defaultDir: z.string(),
  backups: z.array(z.object({ name: z.string(), label: z.string(), kind: z.string(), createdAt: z.string(), size: z.number() })),
  dataFile: z.string(),
  /** Which engine the data is on: the screen says so (a PostgreSQL database's backups are dumps into SQLite data files). */
  engine: z.enum(['sqlite', 'postgres']),
  /** The PostgreSQL database's address without its password; null on SQLite. */
  database: z.string().nullable(),
});
const backupRestore = z.object({ restored: z.string(), safetyBackup: z.string(), otherSessionsEnded: z.number(), message: z.string() });

export const backupOutputs = {
  'backup.status': backupStatus,
  'backup.create': jobRef,
  'backup.setDir': z.object({ dir: z.string() }),
  // TODO not observed
  'backup.check': z.union([z.object({ ok: z.literal(true), schemaVersion: z.number() }), z.object({ ok: z.literal(false), problem: z.string() })]),
  'backup.restore': backupRestore,
};
