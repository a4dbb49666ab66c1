/**
 * 补学计划: which people at risk should take which upcoming session, so that as many of the
 * missing hours as possible are closed with as few seats as possible.
 *
 * The problem: people p with a need n_p (hours), sessions s with h_s hours and c_s free seats; a
 * person may take several sessions that do not overlap one another (whether a person may take a
 * session at all, `allowed`, is decided by the caller: the day, the category, their own time).
 * Maximise the hours closed, f(A) = Σ_p min(n_p, Σ_{s∈A_p} h_s), then use the fewest seats.
 *
 * Method: lazy greedy. Repeatedly take the feasible (person, session) pair with the largest gain
 * min(h_s, what the person still needs); ties prefer a base in the person's own town, then their
 * city, then the shorter session (less beyond the need), then the earlier one. Gains only shrink
 * as seats fill and needs fall, so each person's best pair is kept in a heap and recomputed only
 * when popped stale. Afterwards a seat whose hours the person no longer needs (the others already
 * cover the need) is given back.
 *
 * Bound: f is monotone submodular (per person a concave function of a sum), and seat limits form a
 * partition matroid over the pairs; when no two of a person's candidate sessions overlap, greedy
 * closes at least 1/2 of the optimum (Fisher, Nemhauser & Wolsey 1978). Overlapping candidates add
 * a non-matroid constraint (a p-system) and the guarantee weakens to 1/(p+1); tests/unit/
 * compliance-plan.test.ts measures greedy against brute force on small random cases, overlaps
 * included, and asserts the 1/2 there. Exact methods (integer programming) cost far more than the
 * 2 s a city's plan may take.
 */
import type { Interval } from '../../domain/index.ts';
import { dayNumber } from '../dates.ts';

export interface PlanPerson {
  personId: number;
  /** Hours still missing. */
  need: number;
  townId: number | null;
  cityId: number | null;
}

export interface PlanSession extends Interval {
  sessionId: number;
  hours: number;
  /** Seats still free. */
  seats: number;
  townId: number | null;
  cityId: number | null;
}

export interface Proposal {
  personId: number;
  sessionId: number;
  /** Hours of the need this seat closes. */
  closes: number;
  /** 2: a base in the person's own town; 1: in their city; 0: elsewhere. */
  nearness: 0 | 1 | 2;
}

const nearness = (p: PlanPerson, s: PlanSession): 0 | 1 | 2 =>
  p.townId !== null && p.townId === s.townId ? 2 : p.cityId !== null && p.cityId === s.cityId ? 1 : 0;

interface Choice {
  gain: number;
  near: number;
  /** The session's place in (fewer hours, earlier start, id) order: the last tie-breaks, as one number. */
  rank: number;
  person: number;
  session: number;
}

/** Larger gain first, then nearer, then fewer hours, then earlier, then by ids (a total order). */
const better = (a: Choice, b: Choice): boolean =>
  a.gain !== b.gain ? a.gain > b.gain : a.near !== b.near ? a.near > b.near : a.rank !== b.rank ? a.rank < b.rank : a.person < b.person;

class Heap {
  private items: Choice[] = [];
  get size() {
    return this.items.length;
  }
  push(c: Choice) {
    const items = this.items;
    items.push(c);
    for (let i = items.length - 1; i > 0;) {
      const up = (i - 1) >> 1;
      if (!better(items[i]!, items[up]!)) break;
      [items[i], items[up]] = [items[up]!, items[i]!];
      i = up;
    }
  }
  pop(): Choice | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length && last) {
      items[0] = last;
      for (let i = 0; ;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < items.length && better(items[l]!, items[m]!)) m = l;
        if (r < items.length && better(items[r]!, items[m]!)) m = r;
        if (m === i) break;
        [items[i], items[m]] = [items[m]!, items[i]!];
        i = m;
      }
    }
    return top;
  }
}

/** Candidates kept per person, nearness and session length beyond what the need could use: room for seats others take first. */
const SLACK = 24;

/** Minutes of a local date-time (YYYY-MM-DDTHH:MM…), for overlap tests on numbers. */
const minutes = (at: string) => dayNumber(at.slice(0, 10)) * 1440 + Number(at.slice(11, 13)) * 60 + Number(at.slice(14, 16));

/**
 * The proposed seats. `allowed(p, s)`: whether person index p may take session index s at all
 * (their day, their own time, not already enrolled, not teaching it).
 */
export function proposeSeats(people: readonly PlanPerson[], sessions: readonly PlanSession[], allowed: (p: number, s: number) => boolean): Proposal[] {
  const seats = Int32Array.from(sessions, (s) => s.seats);
  const hours = Float64Array.from(sessions, (s) => s.hours);
  const starts = Float64Array.from(sessions, (s) => minutes(s.startsAt));
  const ends = Float64Array.from(sessions, (s) => minutes(s.endsAt));
  const order = sessions.map((_s, i) => i).sort((a, b) => hours[a]! - hours[b]! || starts[a]! - starts[b]! || sessions[a]!.sessionId - sessions[b]!.sessionId);
  const rank = new Int32Array(sessions.length);
  order.forEach((si, r) => (rank[si] = r));
  const remaining = people.map((p) => p.need);
  const taken: number[][] = people.map(() => []);
  // Each person's candidates and how near each is: per session length, the nearest and earliest
  // ⌈need / hours⌉ + SLACK of those allowed (sessions visited in rank order, one list per nearness),
  // so that a person's best is found among a few dozen rather than every session of the city. A
  // candidate that stops fitting (its seats gone, or overlapping a seat the person took) never fits
  // again: it is dropped from the list when met.
  const lengths = [...new Set(hours)].sort((a, b) => a - b);
  const lengthOf = Int32Array.from(hours, (h) => lengths.indexOf(h));
  const candidates: number[][] = [];
  const nearOf: number[][] = [];
  people.forEach((person, pi) => {
    const list: number[] = [];
    const near: number[] = [];
    const kept = new Int32Array(3 * lengths.length);
    for (const si of order) {
      const n = nearness(person, sessions[si]!);
      const bucket = n * lengths.length + lengthOf[si]!;
      if (kept[bucket]! >= Math.ceil(person.need / hours[si]!) + SLACK || !allowed(pi, si)) continue;
      kept[bucket]!++;
      list.push(si);
      near.push(n);
    }
    candidates.push(list);
    nearOf.push(near);
  });
  const fits = (pi: number, si: number) => {
    if (seats[si]! <= 0) return false;
    for (const t of taken[pi]!) if (t === si || (starts[t]! < ends[si]! && ends[t]! > starts[si]!)) return false;
    return true;
  };
  const bestOf = (pi: number): Choice | undefined => {
    const rem = remaining[pi]!;
    if (rem <= 0) return undefined;
    const list = candidates[pi]!;
    const near = nearOf[pi]!;
    let best = -1;
    let bestGain = 0;
    let bestNear = 0;
    let bestRank = 0;
    for (let k = 0; k < list.length;) {
      const si = list[k]!;
      if (!fits(pi, si)) {
        // Never fits again: dropped (the last candidate takes its place).
        list[k] = list[list.length - 1]!;
        near[k] = near[near.length - 1]!;
        list.pop();
        near.pop();
        continue;
      }
      const gain = hours[si]! < rem ? hours[si]! : rem;
      const n = near[k]!;
      if (best < 0 || gain > bestGain || (gain === bestGain && (n > bestNear || (n === bestNear && rank[si]! < bestRank)))) {
        best = si;
        bestGain = gain;
        bestNear = n;
        bestRank = rank[si]!;
      }
      k++;
    }
    return best < 0 ? undefined : { gain: bestGain, near: bestNear, rank: bestRank, person: pi, session: best };
  };
  const heap = new Heap();
  for (let pi = 0; pi < people.length; pi++) {
    const b = bestOf(pi);
    if (b) heap.push(b);
  }
  while (heap.size) {
    const c = heap.pop()!;
    const { person: pi, session: si } = c;
    if (!fits(pi, si) || c.gain !== Math.min(hours[si]!, remaining[pi]!)) {
      const again = bestOf(pi);
      if (again) heap.push(again);
      continue;
    }
    taken[pi]!.push(si);
    seats[si]!--;
    remaining[pi]! -= c.gain;
    const next = bestOf(pi);
    if (next) heap.push(next);
  }

  const proposals: Proposal[] = [];
  for (let pi = 0; pi < people.length; pi++) {
    // Give back seats the others already make unnecessary (shortest first), then say what each closes.
    const kept = taken[pi]!.slice().sort((a, b) => hours[a]! - hours[b]!);
    let total = kept.reduce((sum, si) => sum + hours[si]!, 0);
    for (let k = 0; k < kept.length;) {
      const h = hours[kept[k]!]!;
      if (total - h >= people[pi]!.need) {
        total -= h;
        kept.splice(k, 1);
      } else k++;
    }
    let need = people[pi]!.need;
    for (const si of kept.sort((a, b) => hours[b]! - hours[a]!)) {
      const closes = Math.min(need, hours[si]!);
      need -= closes;
      proposals.push({ personId: people[pi]!.personId, sessionId: sessions[si]!.sessionId, closes, nearness: nearness(people[pi]!, sessions[si]!) });
    }
  }
  return proposals;
}

/** Hours a set of proposals closes (the objective), for the summary and the tests. */
export const hoursClosed = (proposals: readonly Proposal[]): number => proposals.reduce((sum, p) => sum + p.closes, 0);
