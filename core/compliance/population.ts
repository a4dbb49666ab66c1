/**
 * The rules applied to many people at once: every supervisor on the register for a cycle year,
 * and everyone's training-hour compliance. Reads in bulk, evaluates with the pure functions.
 */
import type { Db } from '../../db/engine/types.ts';
import { certificatesByPerson, ledgerByPerson, spanSumsOfEveryone } from '../../db/repos/training-facts.ts';
import { supervisionFactsOfYear } from '../../db/repos/supervision-review-facts.ts';
import { compliancePeople, regionAndOrganizationNames, supervisorsOnRegister, type RegisterRow } from '../../db/repos/recert.ts';
import { evaluateReview, type ReviewEvaluation } from './review.ts';
import { NO_SUPERVISION } from './supervision-check.ts';
import { complianceSpans, describeShortfalls, judgeCompliance } from './person.ts';
import { countingRule } from './ledger.ts';
import { rollingWindow } from './periods.ts';
import type { RuleContext } from './rule-context.ts';
import type { Outcome } from '../schemas/recert.ts';

export interface RegisterEvaluation {
  row: RegisterRow;
  evaluation: ReviewEvaluation;
}

export function evaluateRegister(db: Db, year: number, rc: RuleContext, supervisorIds?: readonly number[]): RegisterEvaluation[] {
  const register = supervisorsOnRegister(db, `${year}-12-31`, supervisorIds);
  const personIds = register.map((r) => r.personId);
  const certificates = certificatesByPerson(db, personIds);
  const ledger = ledgerByPerson(db, personIds, { from: `${year}-01-01`, to: `${year}-12-31` });
  // The supervision they gave (issue 22): everyone's in one grouped scan of the year, a few by index.
  const supervision = supervisionFactsOfYear(db, year, supervisorIds && register.map((r) => r.supervisorId));
  return register.map((row) => ({
    row,
    evaluation: evaluateReview(
      {
        levelId: row.levelId,
        status: row.status,
        appointedOn: row.appointedOn,
        certificates: certificates.get(row.personId) ?? [],
        records: ledger.get(row.personId) ?? [],
        supervision: supervision.get(row.supervisorId) ?? NO_SUPERVISION,
      },
      rc.rules,
      year,
      rc,
    ),
  }));
}

export interface OutcomeTally {
  key: string;
  label: string;
  pass: number;
  conditional: number;
  fail: number;
  total: number;
}

/** Outcome counts overall, by level and by region, for the what-if preview and the cycle page. */
export function tallyOutcomes(items: Iterable<{ outcome: Outcome; levelName: string; levelRank: number; regionName: string }>) {
  const overall: OutcomeTally = { key: 'all', label: '合计', pass: 0, conditional: 0, fail: 0, total: 0 };
  const byLevel = new Map<string, OutcomeTally & { rank: number }>();
  const byRegion = new Map<string, OutcomeTally>();
  for (const item of items) {
    const level = byLevel.get(item.levelName) ?? {
      key: item.levelName,
      label: item.levelName,
      rank: item.levelRank,
      pass: 0,
      conditional: 0,
      fail: 0,
      total: 0,
    };
    const region = byRegion.get(item.regionName) ?? { key: item.regionName, label: item.regionName, pass: 0, conditional: 0, fail: 0, total: 0 };
    for (const tally of [overall, level, region]) {
      tally[item.outcome]++;
      tally.total++;
    }
    byLevel.set(item.levelName, level);
    byRegion.set(item.regionName, region);
  }
  return {
    overall,
    byLevel: [...byLevel.values()].sort((a, b) => b.rank - a.rank).map(({ rank: _rank, ...t }) => t),
    // Regions with the most failures first: that is where staff look.
    byRegion: [...byRegion.values()].sort((a, b) => b.fail - a.fail || b.conditional - a.conditional || a.label.localeCompare(b.label, 'zh')),
  };
}

export interface ComplianceRow {
  personId: number;
  personName: string;
  /** The stored full-pinyin key: sorting by name is in pinyin order (core/collation.ts). */
  namePinyin: string;
  idNumber: string;
  phone: string | null;
  regionId: number | null;
  regionName: string | null;
  organizationId: number | null;
  organizationName: string | null;
  certificateLevel: string | null;
  periodStart: string | null;
  periodEnd: string | null;
  periodRequired: number | null;
  periodDone: number | null;
  periodShortfall: number;
  windowRequired: number | null;
  windowDone: number;
  windowShortfall: number;
  yearDone: number | null;
  yearShortfall: number;
  compliant: boolean;
}

/** A list row's unmet requirements in plain Chinese: written only for the rows shown or exported. */
export function shortfallText(row: ComplianceRow, rc: RuleContext, asOf: string): string {
  const window = {
    ...rollingWindow(asOf, rc.rules.windowYears),
    required: row.windowRequired,
    done: row.windowDone,
    shortfall: row.windowShortfall,
    note: null,
  };
  const current =
    row.periodStart === null
      ? null
      : {
          start: row.periodStart,
          end: row.periodEnd!,
          required: row.periodRequired,
          done: row.periodDone ?? 0,
          shortfall: row.periodShortfall,
          note: null,
          state: 'current' as const,
        };
  const year =
    row.yearDone === null
      ? null
      : { year: Number(asOf.slice(0, 4)), required: rc.rules.yearlyMinimumHours, done: row.yearDone, shortfall: row.yearShortfall, note: null };
  return describeShortfalls({ current, window, year }, rc.rules).join('；');
}

type CompliancePerson = ReturnType<typeof compliancePeople>[number];
type Names = ReturnType<typeof regionAndOrganizationNames>;

/** Who a row of 学时达标 (and of its forecast) is about: the same columns in both. */
export function personColumns(person: CompliancePerson, regions: Names['regions'], organizations: Names['organizations']) {
  return {
    personId: person.id,
    personName: person.name,
    namePinyin: person.namePinyin,
    idNumber: person.idNumber,
    phone: person.phone,
    regionId: person.regionId,
    regionName: person.regionId === null ? null : (regions.get(person.regionId) ?? null),
    organizationId: person.organizationId,
    organizationName: person.organizationId === null ? null : (organizations.get(person.organizationId) ?? null),
  };
}

/**
 * Everyone's compliance on `asOf` (or only the given people's, those still registered: the list
 * brings a few people up to date after a change), in id order: the spans per person here, the
 * hours in them summed by the database under the same counting rule, the judgement by the same
 * function as a person's page.
 */
export function complianceOfEveryone(db: Db, rc: RuleContext, asOf: string, personIds?: readonly number[]): ComplianceRow[] {
  const people = compliancePeople(db, personIds);
  const { regions, organizations } = regionAndOrganizationNames(db);
  const certificates = certificatesByPerson(db, personIds && people.map((p) => p.id));
  const window = rollingWindow(asOf, rc.rules.windowYears);
  const spans = people.map((p) =>
    complianceSpans(p.practiceStart, certificates.get(p.id) ?? [], rc.rules, asOf, rc.registrationYears, { window, currentOnly: true }),
  );
  const sums = spanSumsOfEveryone(
    db,
    countingRule(rc.rules),
    (function* () {
      for (let i = 0; i < people.length; i++) {
        const current = spans[i]!.periods[spans[i]!.currentIndex];
        if (current) yield [people[i]!.id, current.start, current.end] as [number, string, string];
      }
    })(),
    window,
    `${asOf.slice(0, 4)}-01-01`,
    personIds && people.map((p) => p.id),
  );
  return people.map((person, i) => {
    const s = spans[i]!;
    const periods = s.periods.map((_p, k) => (k === s.currentIndex ? (sums.period.get(person.id) ?? 0) : 0));
    const c = judgeCompliance(s, { periods, window: sums.window.get(person.id) ?? 0, year: sums.year.get(person.id) ?? 0 }, rc.rules, rc);
    return {
      ...personColumns(person, regions, organizations),
      certificateLevel: c.certificate?.level ?? null,
      periodStart: c.current?.start ?? null,
      periodEnd: c.current?.end ?? null,
      periodRequired: c.current?.required ?? null,
      periodDone: c.current?.done ?? null,
      periodShortfall: c.current?.shortfall ?? 0,
      windowRequired: c.window.required,
      windowDone: c.window.done,
      windowShortfall: c.window.shortfall,
      yearDone: c.year?.done ?? null,
      yearShortfall: c.year?.shortfall ?? 0,
      compliant: c.compliant,
    };
  });
}
