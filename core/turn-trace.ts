/**
 * Who held the serving thread (bench and development only; off unless SWS_TRACE_LONG_TURNS=<ms>).
 * `monitorEventLoopDelay` says how long the loop was held, not by what: here the pieces of work
 * that run on the thread (an operation's dispatch, the change notices, the session check, a job's
 * slice, a worker's answer taken in, a timer) are wrapped in `traced`, and a 1 ms timer measures the
 * gap between its turns. A gap longer than the threshold is written to stderr as one JSON line
 * (`[long-turn] {...}`) naming the pieces that ran in it, by their own time (a piece inside another is
 * named by both: `api:people.update>publish>sse`), with the PostgreSQL round trips waited for meanwhile.
 * Switched off, `traced` calls its function and nothing else runs.
 */
import { postgresRoundTrips } from '../db/engine/postgres.ts';

let thresholdMs = Math.max(0, Number(process.env.SWS_TRACE_LONG_TURNS ?? 0) || 0);

interface Piece {
  /** Calls, their own time (without the pieces inside them), the longest call, and the thread's own CPU time in them, in ms. */
  calls: number;
  selfMs: number;
  maxMs: number;
  cpuMs: number;
}
/** This thread's CPU time in ms (user + system): a turn far longer than its CPU time waited (disk, a busy machine, a round trip). */
const threadCpuMs = () => {
  const { user, system } = process.threadCpuUsage();
  return (user + system) / 1000;
};
/** What ran since the timer's last turn, by path of labels. */
let pieces = new Map<string, Piece>();
const open: { label: string; started: number; cpu: number; childMs: number; childCpu: number }[] = [];

/** Runs fn as a named piece of the thread's work (synchronous work only: a promise's later turns are not counted). */
export function traced<T>(label: string, fn: () => T): T {
  if (!thresholdMs) return fn();
  const frame = { label, started: performance.now(), cpu: threadCpuMs(), childMs: 0, childCpu: 0 };
  open.push(frame);
  try {
    return fn();
  } finally {
    const ms = performance.now() - frame.started;
    const cpu = threadCpuMs() - frame.cpu;
    const path = open.map((f) => f.label).join('>');
    open.pop();
    const parent = open[open.length - 1];
    if (parent) {
      parent.childMs += ms;
      parent.childCpu += cpu;
    }
    note(path, ms - frame.childMs, ms, cpu - frame.childCpu);
  }
}

/** A piece timed by its caller (a job's slice between two checkpoints). */
export function notePiece(label: string, ms: number): void {
  if (thresholdMs) note(open.length ? `${open.map((f) => f.label).join('>')}>${label}` : label, ms, ms, NaN);
}

function note(path: string, selfMs: number, ms: number, cpuMs: number) {
  const piece = pieces.get(path);
  if (piece) {
    piece.calls++;
    piece.selfMs += selfMs;
    piece.maxMs = Math.max(piece.maxMs, ms);
    piece.cpuMs += cpuMs;
  } else pieces.set(path, { calls: 1, selfMs, maxMs: ms, cpuMs });
}

/** One long turn as written to stderr. */
export interface LongTurn {
  /** How long the timer waited beyond its 1 ms, in ms. */
  ms: number;
  at: string;
  /** Time accounted for by the pieces; the rest ran unnamed (a library's callback, garbage collection…). */
  namedMs: number;
  /** This thread's CPU time in the gap, in ms: the rest it waited (descheduled on a busy machine, the disk, a round trip). */
  cpuMs: number;
  /** [path, calls, own ms, longest ms, own CPU ms (null when not measured)], longest own time first. */
  pieces: [string, number, number, number, number | null][];
  /** PostgreSQL round trips waited for in the gap: count and ms. */
  postgres: [number, number];
}

const round = (ms: number) => Math.round(ms * 10) / 10;

/**
 * Starts the gap timer when tracing is on (the web shells call it once; SWS_TRACE_LONG_TURNS gives the threshold).
 * Tests give the threshold and where lines go; the returned function stops it.
 */
export function traceLongTurns(options: { thresholdMs?: number; write?: (line: string) => void } = {}): () => void {
  if (options.thresholdMs !== undefined) thresholdMs = options.thresholdMs;
  const write = options.write ?? ((line: string) => void process.stderr.write(`${line}\n`));
  if (!thresholdMs) return () => {};
  let last = performance.now();
  let trips = { ...postgresRoundTrips };
  let cpu = threadCpuMs();
  let timer: NodeJS.Timeout;
  const tick = () => {
    const now = performance.now();
    const ms = now - last - 1;
    if (ms > thresholdMs) {
      const named = [...pieces].sort((a, b) => b[1].selfMs - a[1].selfMs);
      const turn: LongTurn = {
        ms: round(ms),
        at: new Date().toISOString(),
        namedMs: round(named.reduce((sum, [, p]) => sum + p.selfMs, 0)),
        cpuMs: round(threadCpuMs() - cpu),
        pieces: named.slice(0, 8).map(([path, p]) => [path, p.calls, round(p.selfMs), round(p.maxMs), Number.isNaN(p.cpuMs) ? null : round(p.cpuMs)]),
        postgres: [postgresRoundTrips.count - trips.count, round(postgresRoundTrips.ms - trips.ms)],
      };
      write(`[long-turn] ${JSON.stringify(turn)}`);
    }
    pieces = new Map();
    trips = { ...postgresRoundTrips };
    cpu = threadCpuMs();
    last = performance.now();
    timer = setTimeout(tick, 1);
    timer.unref();
  };
  timer = setTimeout(tick, 1);
  timer.unref();
  return () => {
    clearTimeout(timer);
    pieces = new Map();
    if (options.thresholdMs !== undefined) thresholdMs = 0;
  };
}
