/** Output schemas of core/services/system.ts (contract.ts `output`). */
import { z } from 'zod';
import { Role } from '../../domain/index.ts';
import { jobRef } from './marks.ts';

const systemInfoCounts = z.object({ regions: z.number(), organizations: z.number(), people: z.number(), supervisors: z.number() });
const systemInfo = z.object({
  dataFile: z.string(),
  schemaVersion: z.number(),
  timeZone: z.string(),
  actor: z.object({ name: z.string(), role: z.enum([...Role.values, 'anonymous']) }),
  counts: systemInfoCounts,
});

const scheduledBackupResult = z.object({
  at: z.string(),
  ok: z.boolean(),
  file: z.string().nullable(),
  dir: z.string(),
  error: z.string().nullable(),
  removed: z.number(),
});

const serverSettings = z.object({
  timeZone: z.string(),
  defaultTimeZone: z.string(),
  backupTime: z.string(),
  keepDaily: z.number(),
  keepWeekly: z.number(),
  keepMonthly: z.number(),
  backupDir: z.string(),
  nextScheduledBackupAt: z.string(),
  lastScheduledBackup: scheduledBackupResult.nullable(),
  engine: z.enum(['sqlite', 'postgres']),
});

/** Core's zone and time (system.clock; also carried by auth.status for a signed-in caller). */
export const systemClock = z.object({ timeZone: z.string(), now: z.string(), today: z.string() });

export const systemOutputs = {
  'system.info': systemInfo,
  'system.clock': systemClock,
  'system.serverSettings': serverSettings,
  'system.migrateToPostgres': jobRef,
};
