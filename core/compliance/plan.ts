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
import { overlaps, type Interval } from '../../domain/index.ts';

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
  person: number;
  session: number;
}

/** Larger gain first, then nearer, then fewer hours, then earlier, then by ids (a total order). */
function better(a: Choice, b: Choice, sessions: readonly PlanSession[]): boolean {
  if (a.gain !== b.gain) return a.gain > b.gain;
  if (a.near !== b.near) return a.near > b.near;
  const sa = sessions[a.session]!;
  const sb = sessions[b.session]!;
  if (sa.hours !== sb.hours) return sa.hours < sb.hours;
  if (sa.startsAt !== sb.startsAt) return sa.startsAt < sb.startsAt;
  return a.person !== b.person ? a.person < b.person : a.session < b.session;
}

class Heap {
  private items: Choice[] = [];
  private readonly sessions: readonly PlanSession[];
  constructor(sessions: readonly PlanSession[]) {
    this.sessions = sessions;
  }
  get size() {
    return this.items.length;
  }
  push(c: Choice) {
    const items = this.items;
    items.push(c);
    for (let i = items.length - 1; i > 0; ) {
      const up = (i - 1) >> 1;
      if (!better(items[i]!, items[up]!, this.sessions)) break;
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
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < items.length && better(items[l]!, items[m]!, this.sessions)) m = l;
        if (r < items.length && better(items[r]!, items[m]!, this.sessions)) m = r;
        if (m === i) break;
        [items[i], items[m]] = [items[m]!, items[i]!];
        i = m;
      }
    }
    return top;
  }
}

/**
 * The proposed seats. `allowed(p, s)`: whether person index p may take session index s at all
 * (their day, their own time, not already enrolled, not teaching it).
 */
export function proposeSeats(people: readonly PlanPerson[], sessions: readonly PlanSession[], allowed: (p: number, s: number) => boolean): Proposal[] {
  const seats = sessions.map((s) => s.seats);
  const remaining = people.map((p) => p.need);
  const taken: number[][] = people.map(() => []);
  const candidates = people.map((_p, pi) => {
    const list: number[] = [];
    for (let si = 0; si < sessions.length; si++) if (allowed(pi, si)) list.push(si);
    return list;
  });
  const fits = (pi: number, si: number) => seats[si]! > 0 && !taken[pi]!.includes(si) && !taken[pi]!.some((t) => overlaps(sessions[t]!, sessions[si]!));
  const bestOf = (pi: number): Choice | undefined => {
    let best: Choice | undefined;
    if (remaining[pi]! <= 0) return undefined;
    for (const si of candidates[pi]!) {
      if (!fits(pi, si)) continue;
      const choice = { gain: Math.min(sessions[si]!.hours, remaining[pi]!), near: nearness(people[pi]!, sessions[si]!), person: pi, session: si };
      if (!best || better(choice, best, sessions)) best = choice;
    }
    return best;
  };
  const heap = new Heap(sessions);
  for (let pi = 0; pi < people.length; pi++) {
    const b = bestOf(pi);
    if (b) heap.push(b);
  }
  while (heap.size) {
    const c = heap.pop()!;
    const { person: pi, session: si } = c;
    if (!fits(pi, si) || c.gain !== Math.min(sessions[si]!.hours, remaining[pi]!)) {
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
    const kept = taken[pi]!.slice().sort((a, b) => sessions[a]!.hours - sessions[b]!.hours);
    let total = kept.reduce((sum, si) => sum + sessions[si]!.hours, 0);
    for (let k = 0; k < kept.length; ) {
      const h = sessions[kept[k]!]!.hours;
      if (total - h >= people[pi]!.need) {
        total -= h;
        kept.splice(k, 1);
      } else k++;
    }
    let need = people[pi]!.need;
    for (const si of kept.sort((a, b) => sessions[b]!.hours - sessions[a]!.hours)) {
      const closes = Math.min(need, sessions[si]!.hours);
      need -= closes;
      proposals.push({ personId: people[pi]!.personId, sessionId: sessions[si]!.sessionId, closes, nearness: nearness(people[pi]!, sessions[si]!) });
    }
  }
  return proposals;
}

/** Hours a set of proposals closes (the objective), for the summary and the tests. */
export const hoursClosed = (proposals: readonly Proposal[]): number => proposals.reduce((sum, p) => sum + p.closes, 0);
