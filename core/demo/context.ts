import type { Db } from '../../db/engine/types.ts';
import type { Random } from './random.ts';

export type Scale = 'demo' | 'city' | 'province';

export interface ScaleSpec {
  /** 4-digit city codes whose division trees are loaded. */
  cities: string[];
  people: number;
  /** Towns that get supervisors near the quota (others stay without: visible gaps). */
  supervisedTowns: number | 'all';
  organizationsPerTown: number;
  /** Training bases and what they hold (the sizes in docs/design.md §6). */
  bases: number;
  mentors: number;
  courses: number;
  /** Sessions over the last five years and the next two months. */
  sessions: number;
  enrolments: number;
}

export const SCALES: Record<Scale, ScaleSpec> = {
  demo: { cities: ['4420'], people: 400, supervisedTowns: 8, organizationsPerTown: 1, bases: 3, mentors: 15, courses: 12, sessions: 150, enrolments: 2_500 },
  city: {
    cities: ['4420'],
    people: 10_000,
    supervisedTowns: 'all',
    organizationsPerTown: 4,
    bases: 40,
    mentors: 300,
    courses: 600,
    sessions: 6_000,
    enrolments: 150_000,
  },
  // cities: all of 广东省
  province: {
    cities: [],
    people: 100_000,
    supervisedTowns: 'all',
    organizationsPerTown: 1,
    bases: 400,
    mentors: 3_000,
    courses: 6_000,
    sessions: 60_000,
    enrolments: 1_500_000,
  },
};

export interface TownInfo {
  id: number;
  name: string;
  /** The 6-digit code a resident's 身份证号 starts with (the district's, or the city's). */
  idPrefix: string;
}

export interface PersonInfo {
  id: number;
  townIndex: number;
  birthDate: string;
  practiceStart: string | null;
}

export interface BaseInfo {
  id: number;
  name: string;
  demonstration: boolean;
  rooms: { id: number; seats: number }[];
  mentors: { id: number; personId: number }[];
  courses: { id: number; categoryId: number; creditHours: number; defaultCapacity: number }[];
}

/** What every seed step shares: the database, the RNG, the scale, and the ids made so far. */
export interface SeedContext {
  db: Db;
  rng: Random;
  scale: Scale;
  spec: ScaleSpec;
  today: string;
  now: string;
  actorName: string;
  towns: TownInfo[];
  organizationIds: number[];
  organizationsByTown: number[][];
  people: PersonInfo[];
  /** Highest certificate level per person id, for choosing supervisors. */
  certificateLevel: Map<number, string>;
  bases: BaseInfo[];
  /** People appointed as supervisors: unified trainings (统一培训) are mostly for them. */
  supervisorPeople: PersonInfo[];
  /** Records made by this run, per table: example data can be removed exactly. */
  created: Map<string, number[]>;
  progress(step: string, done: number, total: number): void;
}

export function remember(ctx: SeedContext, table: string, id: number): void {
  let ids = ctx.created.get(table);
  if (!ids) ctx.created.set(table, (ids = []));
  ids.push(id);
}

export interface SeedStep {
  name: string;
  run(ctx: SeedContext): void;
}
