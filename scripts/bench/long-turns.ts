/**
 * Ranks the long turns a traced server wrote (`SWS_TRACE_LONG_TURNS=<ms>`, core/turn-trace.ts) by cause:
 * `npm exec -- node scripts/bench/long-turns.ts <stderr file>…`. For each piece of work: in how many long
 * turns it was the largest, its own time summed over all long turns, and its longest call; then the time
 * no piece accounts for, and the PostgreSQL round trips waited for.
 */
import fs from 'node:fs';
import type { LongTurn } from '../../core/turn-trace.ts';

const turns: LongTurn[] = process.argv
  .slice(2)
  .flatMap((file) => fs.readFileSync(file, 'utf8').split('\n'))
  .flatMap((line) => {
    const at = line.indexOf('[long-turn] ');
    return at < 0 ? [] : [JSON.parse(line.slice(at + '[long-turn] '.length)) as LongTurn];
  });

const byPiece = new Map<string, { largest: number; ownMs: number; maxMs: number; calls: number; cpuMs: number }>();
let unnamedMs = 0;
let cpuMs = 0;
let trips = 0;
let tripMs = 0;
for (const turn of turns) {
  unnamedMs += Math.max(0, turn.ms - turn.namedMs);
  cpuMs += turn.cpuMs;
  trips += turn.postgres[0];
  tripMs += turn.postgres[1];
  turn.pieces.forEach(([path, calls, ownMs, maxMs, ownCpuMs], i) => {
    // Each request's operation named once: `api:people.search>op:people.search` → `api:people.search>op`.
    const key = path.replace(/>op:[^>]+/, '>op');
    const entry = byPiece.get(key) ?? { largest: 0, ownMs: 0, maxMs: 0, calls: 0, cpuMs: 0 };
    entry.cpuMs += ownCpuMs ?? 0;
    if (i === 0) entry.largest++;
    entry.ownMs += ownMs;
    entry.calls += calls;
    entry.maxMs = Math.max(entry.maxMs, maxMs);
    byPiece.set(key, entry);
  });
}
const total = turns.reduce((sum, t) => sum + t.ms, 0);
const sorted = turns.map((t) => t.ms).sort((a, b) => a - b);
console.log(
  `${turns.length} long turns, ${Math.round(total)} ms in all, longest ${sorted.at(-1) ?? 0} ms, median ${sorted[Math.floor(sorted.length / 2)] ?? 0} ms`,
);
console.log(
  `the thread's CPU ${Math.round(cpuMs)} ms of them (the rest waited); unnamed ${Math.round(unnamedMs)} ms; PostgreSQL round trips ${trips} (${Math.round(tripMs)} ms)`,
);
console.log('largest in | own ms | own CPU | longest | calls | piece');
const cell = (n: number, width: number) => String(Math.round(n)).padStart(width);
for (const [key, e] of [...byPiece].sort((a, b) => b[1].ownMs - a[1].ownMs).slice(0, 30)) {
  console.log(`${cell(e.largest, 10)} | ${cell(e.ownMs, 6)} | ${cell(e.cpuMs, 7)} | ${cell(e.maxMs, 7)} | ${cell(e.calls, 5)} | ${key}`);
}
