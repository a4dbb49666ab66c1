import { describe, expect, it } from 'vitest';
import { hoursClosed, proposeSeats, type PlanPerson, type PlanSession } from '../../core/compliance/plan.ts';
import { overlaps } from '../../domain/index.ts';

/** A small seeded generator (mulberry32): the random cases are the same on every run. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Case {
  people: PlanPerson[];
  sessions: PlanSession[];
  allowed: boolean[][];
}

/** Half-day slots over three days; some sessions overlap (same slot), some people may not take some sessions. */
function randomCase(rand: () => number, nPeople: number, nSessions: number): Case {
  const people = Array.from({ length: nPeople }, (_, i) => ({
    personId: i + 1,
    need: [3, 6, 9, 12, 4.5][Math.floor(rand() * 5)]!,
    townId: 1 + Math.floor(rand() * 2),
    cityId: 1,
  }));
  const sessions = Array.from({ length: nSessions }, (_, i) => {
    const slot = Math.floor(rand() * 4);
    const day = `2027-01-0${1 + Math.floor(slot / 2)}`;
    const [start, end] = slot % 2 ? ['14:00', '17:00'] : ['09:00', '12:00'];
    return {
      sessionId: i + 1,
      startsAt: `${day}T${start}`,
      endsAt: `${day}T${end}`,
      hours: [3, 6, 1.5][Math.floor(rand() * 3)]!,
      seats: 1 + Math.floor(rand() * 2),
      townId: 1 + Math.floor(rand() * 2),
      cityId: 1,
    };
  });
  const allowed = people.map(() => sessions.map(() => rand() > 0.2));
  return { people, sessions, allowed };
}

/** The exact optimum by brute force: every way to give each person a set of sessions (most hours closed, then fewest seats). */
function exact({ people, sessions, allowed }: Case): { closed: number; seats: number } {
  // Each person's feasible sets (allowed, pairwise not overlapping).
  const options = people.map((_p, pi) => {
    const sets: number[][] = [];
    for (let mask = 0; mask < 1 << sessions.length; mask++) {
      const set = sessions.map((_s, si) => si).filter((si) => mask & (1 << si));
      if (set.some((si) => !allowed[pi]![si])) continue;
      if (set.some((a, i) => set.slice(i + 1).some((b) => overlaps(sessions[a]!, sessions[b]!)))) continue;
      sets.push(set);
    }
    return sets;
  });
  let best = { closed: 0, seats: 0 };
  const used = sessions.map(() => 0);
  const walk = (pi: number, closed: number, seats: number) => {
    if (pi === people.length) {
      if (closed > best.closed || (closed === best.closed && seats < best.seats)) best = { closed, seats };
      return;
    }
    for (const set of options[pi]!) {
      if (set.some((si) => used[si]! >= sessions[si]!.seats)) continue;
      for (const si of set) used[si]!++;
      const hours = set.reduce((sum, si) => sum + sessions[si]!.hours, 0);
      walk(pi + 1, closed + Math.min(people[pi]!.need, hours), seats + set.length);
      for (const si of set) used[si]!--;
    }
  };
  walk(0, 0, 0);
  return best;
}

function feasible({ people, sessions, allowed }: Case, proposals: ReturnType<typeof proposeSeats>) {
  const used = new Map<number, number>();
  for (const p of proposals) {
    const pi = people.findIndex((x) => x.personId === p.personId);
    const si = sessions.findIndex((x) => x.sessionId === p.sessionId);
    expect(allowed[pi]![si]).toBe(true);
    used.set(si, (used.get(si) ?? 0) + 1);
    expect(used.get(si)!).toBeLessThanOrEqual(sessions[si]!.seats);
    const mine = proposals.filter((q) => q.personId === p.personId && q.sessionId !== p.sessionId);
    for (const q of mine)
      expect(
        overlaps(
          sessions[si]!,
          sessions.find((s) => s.sessionId === q.sessionId)!,
        ),
      ).toBe(false);
  }
  for (const person of people) {
    const closes = proposals.filter((p) => p.personId === person.personId).reduce((sum, p) => sum + p.closes, 0);
    expect(closes).toBeLessThanOrEqual(person.need);
  }
}

describe('补学计划: greedy against the exact assignment (brute force) on small random cases', () => {
  it('closes at least half the optimum (the stated bound) on every case, and close to it on average; every proposal is feasible', () => {
    const rand = random(24);
    let ratioSum = 0;
    let worst = 1;
    let optimalCases = 0;
    const cases = 150;
    for (let c = 0; c < cases; c++) {
      const k = randomCase(rand, 2 + Math.floor(rand() * 2), 3 + Math.floor(rand() * 3));
      const proposals = proposeSeats(k.people, k.sessions, (p, s) => k.allowed[p]![s]!);
      feasible(k, proposals);
      const best = exact(k);
      const closed = hoursClosed(proposals);
      expect(closed).toBeLessThanOrEqual(best.closed + 1e-9);
      const ratio = best.closed === 0 ? 1 : closed / best.closed;
      expect(ratio).toBeGreaterThanOrEqual(0.5);
      ratioSum += ratio;
      worst = Math.min(worst, ratio);
      if (closed === best.closed) optimalCases++;
    }
    // Measured (seed 24): reported for the README; the assertion is the bound, with a floor on the average.
    console.log(`greedy/exact over ${cases} cases: mean ${(ratioSum / cases).toFixed(3)}, worst ${worst.toFixed(3)}, optimal in ${optimalCases}`);
    expect(ratioSum / cases).toBeGreaterThan(0.9);
  });

  it('uses no seat beyond the need: the same hours with fewer seats are preferred', () => {
    const people: PlanPerson[] = [{ personId: 1, need: 3, townId: 1, cityId: 1 }];
    const sessions: PlanSession[] = [
      { sessionId: 1, startsAt: '2027-01-01T09:00', endsAt: '2027-01-01T10:30', hours: 1.5, seats: 5, townId: 1, cityId: 1 },
      { sessionId: 2, startsAt: '2027-01-02T09:00', endsAt: '2027-01-02T10:30', hours: 1.5, seats: 5, townId: 1, cityId: 1 },
      { sessionId: 3, startsAt: '2027-01-03T09:00', endsAt: '2027-01-03T12:00', hours: 3, seats: 5, townId: 2, cityId: 1 },
    ];
    expect(proposeSeats(people, sessions, () => true)).toEqual([{ personId: 1, sessionId: 3, closes: 3, nearness: 1 }]);
  });

  it('among equal sessions prefers a base in the person’s own town, then their city', () => {
    const people: PlanPerson[] = [{ personId: 1, need: 3, townId: 7, cityId: 1 }];
    const at = (sessionId: number, townId: number, cityId: number): PlanSession => ({
      sessionId,
      startsAt: `2027-01-0${sessionId}T09:00`,
      endsAt: `2027-01-0${sessionId}T12:00`,
      hours: 3,
      seats: 1,
      townId,
      cityId,
    });
    expect(proposeSeats(people, [at(1, 9, 2), at(2, 8, 1), at(3, 7, 1)], () => true)[0]).toMatchObject({ sessionId: 3, nearness: 2 });
    expect(proposeSeats(people, [at(1, 9, 2), at(2, 8, 1)], () => true)[0]).toMatchObject({ sessionId: 2, nearness: 1 });
  });
});
