/**
 * The rules applied to many people at once: every supervisor on the register for a cycle year,
 * and everyone's training-hour compliance. Reads in bulk, evaluates with the pure functions.
 */
import type Database from 'better-sqlite3';
import { certificatesByPerson, ledgerByPerson, type LedgerFactRow } from '../../db/repos/training-facts.ts';
import { iterateCompliancePeople, supervisorsOnRegister, type CompliancePersonRow, type RegisterRow } from '../../db/repos/recert.ts';
import { prepared } from '../../db/statements.ts';
import { evaluateReview, type ReviewEvaluation } from './review.ts';
import { evaluateCompliance } from './person.ts';
import type { RuleContext } from './rule-context.ts';
import type { Outcome } from '../schemas/recert.ts';

export interface RegisterEvaluation {
  row: RegisterRow;
  evaluation: ReviewEvaluation;
}

export function evaluateRegister(db: Database.Database, year: number, rc: RuleContext, supervisorIds?: readonly number[]): RegisterEvaluation[] {
  const register = supervisorsOnRegister(db, `${year}-12-31`, supervisorIds);
  const personIds = register.map((r) => r.personId);
  const certificates = certificatesByPerson(db, personIds);
  const ledger = ledgerByPerson(db, personIds, { from: `${year}-01-01`, to: `${year}-12-31` });
  return register.map((row) => ({
    row,
    evaluation: evaluateReview(
      { levelId: row.levelId, status: row.status, appointedOn: row.appointedOn, certificates: certificates.get(row.personId) ?? [], records: ledger.get(row.personId) ?? [] },
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
    const level = byLevel.get(item.levelName) ?? { key: item.levelName, label: item.levelName, rank: item.levelRank, pass: 0, conditional: 0, fail: 0, total: 0 };
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
  shortfalls: string;
}

/** Everyone's compliance on `asOf`, in person order: one pass over the ledger, person by person. */
export function complianceOfEveryone(db: Database.Database, rc: RuleContext, asOf: string): ComplianceRow[] {
  const people = [...iterateCompliancePeople(db)];
  const certificates = certificatesByPerson(db);
  const out: ComplianceRow[] = [];
  let next = 0;
  const evaluateUpTo = (personId: number, records: LedgerFactRow[]) => {
    while (next < people.length && people[next]!.id < personId) out.push(summarize(people[next++]!, []));
    if (next < people.length && people[next]!.id === personId) out.push(summarize(people[next++]!, records));
  };
  const summarize = (person: CompliancePersonRow, records: LedgerFactRow[]): ComplianceRow => {
    const c = evaluateCompliance({ practiceStart: person.practiceStart, certificates: certificates.get(person.id) ?? [], records }, rc.rules, asOf, rc);
    return {
      personId: person.id,
      personName: person.name,
      idNumber: person.idNumber,
      phone: person.phone,
      regionId: person.regionId,
      regionName: person.regionName,
      organizationId: person.organizationId,
      organizationName: person.organizationName,
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
      shortfalls: c.shortfalls.join('；'),
    };
  };
  let personId = -1;
  let records: LedgerFactRow[] = [];
  const ledger = prepared(db, 'SELECT person_id, id, category_id, hours, earned_on, kind, verified_at FROM training_record ORDER BY person_id').raw().iterate() as Iterable<
    [number, number, number, number, string, LedgerFactRow['kind'], string | null]
  >;
  for (const r of ledger) {
    if (r[0] !== personId) {
      if (personId !== -1) evaluateUpTo(personId, records);
      personId = r[0];
      records = [];
    }
    records.push({ id: r[1], categoryId: r[2], hours: r[3], earnedOn: r[4], kind: r[5], verified: r[6] !== null, sessionId: null, unified: false });
  }
  if (personId !== -1) evaluateUpTo(personId, records);
  evaluateUpTo(Number.MAX_SAFE_INTEGER, []);
  return out;
}
