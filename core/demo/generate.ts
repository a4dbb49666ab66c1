/**
 * The data generator: realistic, deterministic data written through the same schemas and
 * repositories as the app. Used by `npm run seed` (any scale) and by 载入示例数据 (demo scale).
 * Adding an entity = one more step in `STEPS` (see steps/*.ts and SeedContext).
 */
import type { Db } from '../../db/engine/types.ts';
import { withBulkInsertAudit } from '../../db/audit.ts';
import { Random } from './random.ts';
import { SCALES, type Scale, type SeedContext, type SeedStep } from './context.ts';
import { regionsStep } from './steps/regions.ts';
import { organizationsStep } from './steps/organizations.ts';
import { peopleStep } from './steps/people.ts';
import { certificatesStep } from './steps/certificates.ts';
import { supervisorsStep } from './steps/supervisors.ts';
import { basesStep } from './steps/bases.ts';
import { sessionsStep } from './steps/sessions.ts';
import { externalTrainingStep } from './steps/external-training.ts';
import { supervisionWorkStep } from './steps/supervision-work.ts';
import { recertificationStep } from './steps/recertification.ts';
import { evaluationsStep } from './steps/evaluations.ts';

export const STEPS: readonly SeedStep[] = [
  regionsStep,
  organizationsStep,
  peopleStep,
  certificatesStep,
  supervisorsStep,
  basesStep,
  sessionsStep,
  externalTrainingStep,
  supervisionWorkStep,
  recertificationStep,
  evaluationsStep,
];

export interface GenerateOptions {
  scale: Scale;
  seed?: number;
  today: string;
  now: string;
  actorName: string;
  onProgress?: (step: string, done: number, total: number) => void;
}

export interface GenerateReport {
  /** Records created per table. */
  created: Record<string, number>;
  /** Milliseconds per step. */
  timings: Record<string, number>;
  /** Ids created per table (for marking example data). */
  ids: Map<string, number[]>;
}

/** Runs every step; each step in its own transaction (or inside the caller's), logged in bulk. */
export function generate(db: Db, options: GenerateOptions): GenerateReport {
  const ctx: SeedContext = {
    db,
    rng: new Random(options.seed ?? 20261124),
    scale: options.scale,
    spec: SCALES[options.scale],
    today: options.today,
    now: options.now,
    actorName: options.actorName,
    towns: [],
    organizationIds: [],
    organizationsByTown: [],
    people: [],
    certificateLevel: new Map(),
    bases: [],
    supervisorPeople: [],
    created: new Map(),
    progress: options.onProgress ?? (() => {}),
  };
  const timings: Record<string, number> = {};
  for (const step of STEPS) {
    const started = performance.now();
    // Logged as one audit entry per table the step filled, not one per row (see withBulkInsertAudit).
    db.transaction(() => withBulkInsertAudit(db, () => step.run(ctx)))();
    timings[step.name] = Math.round(performance.now() - started);
  }
  return {
    created: Object.fromEntries([...ctx.created].map(([table, ids]) => [table, ids.length])),
    timings,
    ids: ctx.created,
  };
}
