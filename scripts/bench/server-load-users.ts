/**
 * The simulated users of the `server-load` bench case, in a worker thread of their own so that
 * their work does not run on the server's event loop. Each user signs in (done by the case),
 * then, until its phase ends, reads (searches, list pages, detail pages) with a think time
 * between requests and saves one person of its own every 10 s. Latencies are measured from the
 * request's start to the parsed response.
 */
import http from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';
import { Random } from '../../core/demo/random.ts';
import { openChangeStream, post as postTo } from './http-client.ts';

export interface LoadUser {
  session: string;
  /** The server process this user's requests go to (users are spread over the processes in turn). */
  port: number;
  /** The person this user saves (no two users save the same one). */
  personId: number;
}

export interface LoadInput {
  users: LoadUser[];
  /** Each user keeps the change stream open, as the renderer does while signed in. */
  streams: boolean;
  idleMs: number;
  loadedMs: number;
  searchTerms: string[];
  personIds: number[];
  seed: number;
}

export interface PhaseResult {
  phase: 'idle' | 'loaded';
  reads: number[];
  /** The same reads by kind (搜索 apart from the people list's pages), to tell which of them makes the p95. */
  readsByKind: Record<string, number[]>;
  saves: number[];
  errors: string[];
}

export interface LoadResult {
  /** Per user: saves answered ok, and the value the last of them stored. */
  saved: { personId: number; ok: number; last: string | null }[];
  /** Change notices heard over all users' streams (0 without streams). */
  notices: number;
}

/** Think time between a user's requests: 0.5–1.5 s (~50 users → ~50 requests a second). */
const THINK_MS: [number, number] = [500, 1500];
const SAVE_EVERY_MS = 10_000;

const input = workerData as LoadInput;
const agent = new http.Agent({ keepAlive: true, maxSockets: 128 });

const post = (user: LoadUser, operation: string, body: unknown) => postTo({ port: user.port }, agent, operation, body, user.session);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function timed(operation: string, body: unknown, user: LoadUser, into: number[], errors: string[]): Promise<unknown> {
  const started = performance.now();
  try {
    const { status, json } = await post(user, operation, body);
    into.push(performance.now() - started);
    if (!json.ok) {
      errors.push(`${operation} ${status}：${json.error?.message ?? ''}`.slice(0, 200));
      return undefined;
    }
    return json.result;
  } catch (error) {
    into.push(performance.now() - started);
    errors.push(`${operation}：${error instanceof Error ? error.message : String(error)}`.slice(0, 200));
    return undefined;
  }
}

/** A realistic mix of what staff read: searches, list pages (sorted, paged; 学时达标 among them), detail pages. */
function readRequest(rng: Random): [string, unknown] {
  const roll = rng.int(0, 99);
  if (roll < 30) return ['people.list', { search: rng.pick(input.searchTerms), pageSize: 25 }];
  if (roll < 45) return ['people.list', { page: rng.int(0, 200), pageSize: 25, sortField: 'name', sortDir: rng.pick(['asc', 'desc'] as const) }];
  if (roll < 60) return ['supervisors.list', { page: rng.int(0, 20), pageSize: 25 }];
  if (roll < 70) return ['sessions.list', { page: rng.int(0, 50), pageSize: 25 }];
  if (roll < 75) return ['bases.list', { page: 0, pageSize: 25 }];
  // 学时达标: everyone's compliance, kept by the server and brought up to date (computed again in full after the import).
  if (roll < 80) return ['compliance.list', { page: rng.int(0, 20), pageSize: 25, ...(rng.int(0, 1) ? { compliant: 'no' } : {}) }];
  return ['people.get', { id: rng.pick(input.personIds) }];
}

const saved = input.users.map((u) => ({ personId: u.personId, ok: 0, last: null as string | null }));
/** Each user's person as read at the start: a save sends it back with one field changed (as the form does). */
const forms = new Map<number, Record<string, unknown>>();

async function runPhase(phase: 'idle' | 'loaded', durationMs: number): Promise<PhaseResult> {
  const result: PhaseResult = { phase, reads: [], readsByKind: {}, saves: [], errors: [] };
  const end = performance.now() + durationMs;
  await Promise.all(
    input.users.map(async (user, u) => {
      const rng = new Random(input.seed + u * 7919 + (phase === 'loaded' ? 1 : 0));
      // Users do not all save at the same moment: each starts its 10 s rhythm at its own offset.
      let nextSave = performance.now() + rng.int(0, SAVE_EVERY_MS);
      await sleep(rng.int(0, THINK_MS[1]));
      while (performance.now() < end) {
        if (performance.now() >= nextSave) {
          nextSave += SAVE_EVERY_MS;
          const form = forms.get(user.personId)!;
          const major = `压测${u}-${phase}-${saved[u]!.ok + 1}`;
          const done = await timed('people.update', { ...form, major }, user, result.saves, result.errors);
          if (done !== undefined) {
            saved[u]!.ok++;
            saved[u]!.last = major;
          }
        } else {
          const [operation, body] = readRequest(rng);
          const before = result.reads.length;
          await timed(operation, body, user, result.reads, result.errors);
          const kind = operation === 'people.list' && (body as { search?: string }).search ? 'people.list（搜索）' : operation;
          (result.readsByKind[kind] ??= []).push(...result.reads.slice(before));
        }
        await sleep(rng.int(THINK_MS[0], THINK_MS[1]));
      }
    }),
  );
  return result;
}

const FORM_FIELDS = ['id', 'idNumber', 'name', 'phone', 'email', 'education', 'major', 'organizationId', 'regionId', 'practiceStart', 'jobGrade'];

for (const user of input.users) {
  const { json } = await post(user, 'people.get', { id: user.personId });
  if (!json.ok) throw new Error(`people.get ${user.personId}：${json.error?.message}`);
  const { person } = json.result as { person: Record<string, unknown> };
  forms.set(user.personId, Object.fromEntries(FORM_FIELDS.filter((f) => f in person).map((f) => [f, person[f]])));
}
// Each user's change stream, open from here to the end: every save is a notice to all of them (core/app.ts watchChanges).
const streams = input.streams ? input.users.map((user) => openChangeStream({ port: user.port }, user.session)) : [];
// A few seconds unmeasured first: the server's statements prepared, its code warmed up, as on a server that has been running.
await runPhase('idle', Math.min(5_000, input.idleMs / 2));
parentPort!.postMessage(await runPhase('idle', input.idleMs));
// The case starts the long jobs, then says go.
await new Promise<void>((resolve) => parentPort!.once('message', () => resolve()));
parentPort!.postMessage(await runPhase('loaded', input.loadedMs));
parentPort!.postMessage({ saved, notices: streams.reduce((n, s) => n + s.notices, 0) } satisfies LoadResult);
streams.forEach((stream) => stream.close());
agent.destroy();
