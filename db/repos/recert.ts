/** Re-certification cycles and their reviews. */
import { personNameOrder } from '../search-keys.ts';
import type { Db } from '../engine/types.ts';
import { prepared } from '../statements.ts';
import { insertRows } from '../multi-row-insert.ts';
import { orderAndPage, Where, type ListParams } from '../paging.ts';
import type { RecertCycleStatus, RecertOutcome } from '../../domain/index.ts';
import { containsFragment, inJsonArray } from '../engine/dialect.ts';

export type CycleStatus = RecertCycleStatus;
export type OutcomeCode = RecertOutcome;

export interface CycleRow {
  id: number;
  year: number;
  status: CycleStatus;
  ruleSetId: number | null;
  frozenRules: string | null;
  createdAt: string;
  createdBy: string;
  openedAt: string | null;
  openedBy: string | null;
  closedAt: string | null;
  closedBy: string | null;
  version: number;
}

const CYCLE_SELECT = `SELECT id, year, status, rule_set_id AS ruleSetId, frozen_rules AS frozenRules, created_at AS createdAt, created_by AS createdBy,
  opened_at AS openedAt, opened_by AS openedBy, closed_at AS closedAt, closed_by AS closedBy, version FROM recert_cycle`;

export function listCycles(db: Db): (CycleRow & { reviews: number; decided: number })[] {
  return prepared(
    db,
    `SELECT c.*, (SELECT count(*) FROM recert_review r WHERE r.cycle_id = c.id) AS reviews,
            (SELECT count(*) FROM recert_review r WHERE r.cycle_id = c.id AND r.decision IS NOT NULL) AS decided
     FROM (${CYCLE_SELECT}) c ORDER BY c.year DESC`,
  ).all() as (CycleRow & { reviews: number; decided: number })[];
}

export function getCycle(db: Db, id: number): CycleRow | undefined {
  return prepared(db, `${CYCLE_SELECT} WHERE id = ?`).get(id) as CycleRow | undefined;
}

export function findCycleByYear(db: Db, year: number): CycleRow | undefined {
  return prepared(db, `${CYCLE_SELECT} WHERE year = ?`).get(year) as CycleRow | undefined;
}

export function openCycles(db: Db): CycleRow[] {
  return prepared(db, `${CYCLE_SELECT} WHERE status = 'open'`).all() as CycleRow[];
}

export function insertCycle(db: Db, year: number, now: string, by: string): number {
  return Number(prepared(db, "INSERT INTO recert_cycle (year, status, created_at, created_by) VALUES (?, 'draft', ?, ?)").run(year, now, by).lastInsertRowid);
}

export function markCycleOpen(db: Db, id: number, ruleSetId: number, frozenRules: string, now: string, by: string): void {
  prepared(
    db,
    "UPDATE recert_cycle SET version = version + 1, status = 'open', rule_set_id = ?, frozen_rules = ?, opened_at = ?, opened_by = ? WHERE id = ?",
  ).run(ruleSetId, frozenRules, now, by, id);
}

export function markCycleClosed(db: Db, id: number, now: string, by: string): void {
  prepared(db, "UPDATE recert_cycle SET version = version + 1, status = 'closed', closed_at = ?, closed_by = ? WHERE id = ?").run(now, by, id);
}

export function deleteDraftCycle(db: Db, id: number): void {
  prepared(db, "DELETE FROM recert_cycle WHERE id = ? AND status = 'draft'").run(id);
}

/** Who a re-review is about, and where: shared by the register and the reviews. */
export interface SupervisorRef {
  supervisorId: number;
  personId: number;
  personName: string;
  phone: string | null;
  organizationName: string | null;
  levelId: number;
  levelName: string;
  levelRank: number;
  regionId: number;
  regionName: string;
}

/** A supervisor on the register in a year: appointed by its end and neither expired nor revoked. */
export interface RegisterRow extends SupervisorRef {
  /** The stored full-pinyin key, for pinyin order in memory (core/collation.ts). */
  namePinyin: string;
  status: 'active' | 'suspended';
  appointedOn: string;
  validUntil: string;
}

const REGISTER_SELECT = `SELECT s.id AS supervisorId, s.person_id AS personId, p.name AS personName, p.name_pinyin AS namePinyin, p.phone, o.name AS organizationName,
    s.level_id AS levelId, l.name AS levelName, l.rank AS levelRank, s.region_id AS regionId, r.name AS regionName,
    s.status, s.appointed_on AS appointedOn, s.valid_until AS validUntil
  FROM supervisor s JOIN person p ON p.id = s.person_id JOIN supervisor_level l ON l.id = s.level_id
  JOIN region r ON r.id = s.region_id LEFT JOIN organization o ON o.id = p.organization_id`;

export function supervisorsOnRegister(db: Db, yearEnd: string, supervisorIds?: readonly number[]): RegisterRow[] {
  const base = `${REGISTER_SELECT} WHERE s.status IN ('active', 'suspended') AND s.appointed_on <= ?`;
  if (supervisorIds) return supervisorIds.flatMap((id) => prepared(db, `${base} AND s.id = ?`).all(yearEnd, id) as RegisterRow[]);
  return prepared(db, `${base} ORDER BY s.id`).all(yearEnd) as RegisterRow[];
}

export interface ReviewFields {
  cycleId: number;
  supervisorId: number;
  levelId: number;
  regionId: number;
  facts: string;
  proposal: OutcomeCode;
  reasons: string;
}

/** A cycle's reviews, in their order, several hundred to a statement (db/multi-row-insert.ts). */
export function insertReviews(db: Db, reviews: readonly ReviewFields[], now: string): void {
  insertRows(
    db,
    'INSERT INTO recert_review (cycle_id, supervisor_id, level_id, region_id, facts, proposal, reasons, computed_at)',
    reviews.map((f) => [f.cycleId, f.supervisorId, f.levelId, f.regionId, f.facts, f.proposal, f.reasons, now]),
  );
}

/** New facts for an open cycle's review; a decision already taken stays, for a human to revisit. */
export function updateReviewFacts(db: Db, id: number, facts: string, proposal: OutcomeCode, reasons: string, now: string): void {
  prepared(
    db,
    'UPDATE recert_review SET version = version + 1, facts = ?, proposal = ?, reasons = ?, computed_at = ? WHERE id = ? AND (facts <> ? OR proposal <> ?)',
  ).run(facts, proposal, reasons, now, id, facts, proposal);
}

export function decideReviewRow(
  db: Db,
  id: number,
  d: { decision: OutcomeCode; reason: string | null; conditionDeadline: string | null; by: string; at: string },
): void {
  prepared(
    db,
    'UPDATE recert_review SET version = version + 1, decision = ?, decision_reason = ?, condition_deadline = ?, decided_by = ?, decided_at = ? WHERE id = ?',
  ).run(d.decision, d.reason, d.conditionDeadline, d.by, d.at, id);
}

export function clearDecision(db: Db, id: number): void {
  prepared(
    db,
    'UPDATE recert_review SET version = version + 1, decision = NULL, decision_reason = NULL, condition_deadline = NULL, decided_by = NULL, decided_at = NULL WHERE id = ?',
  ).run(id);
}

export interface ReviewRow extends SupervisorRef {
  id: number;
  cycleId: number;
  facts: string;
  proposal: OutcomeCode;
  reasons: string;
  computedAt: string;
  decision: OutcomeCode | null;
  decisionReason: string | null;
  conditionDeadline: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
  version: number;
}

const REVIEW_SELECT = `SELECT v.id, v.cycle_id AS cycleId, v.supervisor_id AS supervisorId, s.person_id AS personId, p.name AS personName, p.phone,
    o.name AS organizationName, v.level_id AS levelId, l.name AS levelName, l.rank AS levelRank, v.region_id AS regionId, r.name AS regionName,
    v.facts, v.proposal, v.reasons, v.computed_at AS computedAt, v.decision, v.decision_reason AS decisionReason,
    v.condition_deadline AS conditionDeadline, v.decided_by AS decidedBy, v.decided_at AS decidedAt, v.version
  FROM recert_review v JOIN supervisor s ON s.id = v.supervisor_id JOIN person p ON p.id = s.person_id
  JOIN supervisor_level l ON l.id = v.level_id JOIN region r ON r.id = v.region_id LEFT JOIN organization o ON o.id = p.organization_id`;

const REVIEW_SORT = { personName: 'p.name_pinyin', levelRank: 'l.rank', regionName: 'r.name', proposal: 'v.proposal', decision: 'v.decision' };

export interface ReviewFilter {
  cycleId: number;
  proposal?: OutcomeCode | undefined;
  decided?: 'yes' | 'no' | undefined;
  levelId?: number | undefined;
  regionId?: number | undefined;
  search?: string | undefined;
}

export function reviewWhere(db: Db, f: ReviewFilter): Where {
  const where = new Where().add('v.cycle_id = ?', f.cycleId);
  if (f.proposal) where.add('v.proposal = ?', f.proposal);
  if (f.decided === 'yes') where.add('v.decision IS NOT NULL');
  if (f.decided === 'no') where.add('v.decision IS NULL');
  if (f.levelId) where.add('v.level_id = ?', f.levelId);
  if (f.regionId) where.add('v.region_id = ?', f.regionId);
  if (f.search) where.add(containsFragment(db, 'p.name'), f.search);
  return where;
}

export function listReviews(db: Db, params: ListParams & ReviewFilter) {
  const where = reviewWhere(db, params);
  const rows = prepared(db, `${REVIEW_SELECT} ${where} ${orderAndPage(db, params, REVIEW_SORT, 'v.proposal DESC, l.rank DESC, v.id', 'v.id')}`).all(
    ...where.params,
  ) as ReviewRow[];
  return { rows, total: countReviews(db, params) };
}

export function countReviews(db: Db, filter: ReviewFilter): number {
  const where = reviewWhere(db, filter);
  return prepared(db, `SELECT count(*) FROM recert_review v JOIN supervisor s ON s.id = v.supervisor_id JOIN person p ON p.id = s.person_id ${where}`)
    .pluck()
    .get(...where.params) as number;
}

export function iterateReviews(db: Db, filter: ReviewFilter): IterableIterator<ReviewRow> {
  const where = reviewWhere(db, filter);
  return prepared(db, `${REVIEW_SELECT} ${where} ORDER BY r.name, l.rank DESC, ${personNameOrder('p')}, v.id`).iterate(
    ...where.params,
  ) as IterableIterator<ReviewRow>;
}

export function getReview(db: Db, id: number): ReviewRow | undefined {
  return prepared(db, `${REVIEW_SELECT} WHERE v.id = ?`).get(id) as ReviewRow | undefined;
}

export function reviewsOfCycle(db: Db, cycleId: number): ReviewRow[] {
  return prepared(db, `${REVIEW_SELECT} WHERE v.cycle_id = ? ORDER BY v.id`).all(cycleId) as ReviewRow[];
}

export function reviewsOfPerson(db: Db, cycleId: number, personId: number): ReviewRow[] {
  return prepared(db, `${REVIEW_SELECT} WHERE v.cycle_id = ? AND s.person_id = ?`).all(cycleId, personId) as ReviewRow[];
}

/** The supervisor events a closed cycle applied. */
export function eventIdsOfCycle(db: Db, cycleId: number): number[] {
  return prepared(db, 'SELECT id FROM supervisor_event WHERE cycle_id = ?').pluck().all(cycleId) as number[];
}

export function countUndecided(db: Db, cycleId: number): number {
  return prepared(db, 'SELECT count(*) FROM recert_review WHERE cycle_id = ? AND decision IS NULL').pluck().get(cycleId) as number;
}

export function outcomeCounts(db: Db, cycleId: number): { proposal: OutcomeCode; decision: OutcomeCode | null; count: number }[] {
  return prepared(db, 'SELECT proposal, decision, count(*) AS count FROM recert_review WHERE cycle_id = ? GROUP BY proposal, decision').all(cycleId) as {
    proposal: OutcomeCode;
    decision: OutcomeCode | null;
    count: number;
  }[];
}

/** People for the compliance list: who they are and where, everyone at once (names joined in core). */
export interface CompliancePersonRow {
  id: number;
  name: string;
  /** The stored full-pinyin key: the list sorts by name in pinyin order (core/collation.ts). */
  namePinyin: string;
  idNumber: string;
  phone: string | null;
  practiceStart: string | null;
  regionId: number | null;
  organizationId: number | null;
}

const COMPLIANCE_PEOPLE =
  'SELECT id, name, name_pinyin AS namePinyin, id_number AS idNumber, phone, practice_start AS practiceStart, region_id AS regionId, organization_id AS organizationId FROM person';

/** Everyone, or only the given people (those still registered), in id order. */
export function compliancePeople(db: Db, personIds?: readonly number[]): CompliancePersonRow[] {
  if (!personIds) return prepared(db, `${COMPLIANCE_PEOPLE} ORDER BY id`).all() as CompliancePersonRow[];
  return prepared(db, `${COMPLIANCE_PEOPLE} WHERE ${inJsonArray(db, 'id', 'integer')} ORDER BY id`).all(JSON.stringify(personIds)) as CompliancePersonRow[];
}

export function regionAndOrganizationNames(db: Db): { regions: Map<number, string>; organizations: Map<number, string> } {
  return {
    regions: new Map(prepared(db, 'SELECT id, name FROM region').raw().all() as [number, string][]),
    organizations: new Map(prepared(db, 'SELECT id, name FROM organization').raw().all() as [number, string][]),
  };
}
