/**
 * 年度资质再审核认证: a cycle per year. Draft → what-if preview under the current rules; open →
 * rules frozen, one review per supervisor with facts and a proposal; humans decide; close →
 * decisions applied at once as supervisor events, and the cycle is read-only from then on.
 */
import { z } from 'zod';
import { defineOperation, type Context } from '../contract.ts';
import { conflict, invalid, notFound } from '../errors.ts';
import { byId, byIdAtVersion } from '../schemas/common.ts';
import { bulkConfirm, cycleCreate, cyclePreview, decideReview, outstandingList, reviewList, type Outcome } from '../schemas/recert.ts';
import { RecertOutcome } from '../../domain/index.ts';
import * as repo from '../../db/repos/recert.ts';
import { currentRuleSet } from '../../db/repos/rule-sets.ts';
import * as supervisors from '../../db/repos/supervisors.ts';
import { currentRuleContext, freezeCurrentRules, fromFrozen } from '../compliance/rule-context.ts';
import { evaluateRegister, tallyOutcomes, type RegisterEvaluation } from '../compliance/population.ts';
import { conditionDeadline, extendedValidity, type ReviewFacts } from '../compliance/review.ts';
import { frozenRulesOf, writeReviews } from '../compliance/cycle.ts';
import { recordSupervisorChange, stateOf } from './supervisors.ts';
import { streamedExport } from '../excel/streamed-export.ts';
import type { ColumnSpec } from '../excel/workbook.ts';
import { RECERT_RESULT_COLUMNS, recertResultCells } from '../excel/recert-columns.ts';
import { recertOutputs } from '../outputs/recert.ts';
import { expectVersion, expectVersions } from '../versions.ts';

function requireCycle(ctx: Context, id: number): repo.CycleRow {
  const cycle = repo.getCycle(ctx.db, id);
  if (!cycle) throw notFound('该认证年度', 'cycleId');
  return cycle;
}

function requireOpen(ctx: Context, id: number): repo.CycleRow {
  const cycle = requireCycle(ctx, id);
  if (cycle.status === 'draft') throw invalid(`${cycle.year}年度认证尚未开启，开启后才能审核`);
  if (cycle.status === 'closed') throw invalid(`${cycle.year}年度认证已结束，结果不可再改；如需更正，请在督导详情中登记新的变更并写明理由`);
  return cycle;
}

/** A cycle at the version the caller read: opening, closing or deleting one that changed meanwhile is refused. */
function expectCycleVersion(ctx: Context, cycle: repo.CycleRow, version: number | undefined, action: string): void {
  const { frozenRules: _f, ...current } = cycle;
  expectVersion(ctx, { table: 'recert_cycle', id: cycle.id, version, current: () => current, what: `${cycle.year}年度认证`, action });
}

/** The rules a cycle is judged by: frozen once open, the current ones while a draft. */
const rulesOf = (ctx: Context, cycle: repo.CycleRow) => (cycle.frozenRules ? frozenRulesOf(cycle) : currentRuleContext(ctx.db));

const parseReview = (r: repo.ReviewRow) => ({ ...r, facts: JSON.parse(r.facts) as ReviewFacts, reasons: JSON.parse(r.reasons) as string[] });

/** A reason is required for every 不通过 and for every decision that differs from the proposal. */
function reasonProblem(proposal: Outcome, decision: Outcome, reason: string | null): string | null {
  if (reason) return null;
  if (decision === 'fail') return '结论为“不通过”时须填写理由';
  if (decision !== proposal) return `结论（${RecertOutcome.label(decision)}）与系统建议（${RecertOutcome.label(proposal)}）不同，须填写理由`;
  return null;
}

function applyDecision(ctx: Context, cycle: repo.CycleRow, review: repo.ReviewRow): void {
  const s = supervisors.getSupervisor(ctx.db, review.supervisorId);
  if (!s || s.status === 'revoked' || s.status === 'expired') return; // left the register meanwhile: nothing to apply
  const state = stateOf(s);
  const title = `${cycle.year}年度资质再审核${RecertOutcome.label(review.decision!)}`;
  const why = review.decisionReason ? `：${review.decisionReason}` : '';
  const effectiveOn = ctx.clock.today() < s.appointedOn ? s.appointedOn : ctx.clock.today();
  if (review.decision === 'fail') {
    recordSupervisorChange(ctx, s.id, {
      kind: 'suspended',
      effectiveOn,
      reason: `${title}${why}`,
      cycleId: cycle.id,
      state: { ...state, status: 'suspended' },
    });
    return;
  }
  const conditions = review.decision === 'conditional' ? `，须于 ${review.conditionDeadline} 前：${(JSON.parse(review.reasons) as string[]).join('；')}` : '';
  recordSupervisorChange(ctx, s.id, {
    kind: 'reviewed',
    effectiveOn,
    reason: `${title}${conditions}${why}`,
    cycleId: cycle.id,
    state: { ...state, status: 'active', validUntil: extendedValidity(cycle.year, s.validUntil) },
  });
}

/** Opens a draft: the current rules frozen into it, a review with facts and a proposal for every supervisor on the register. */
export function openCycle(ctx: Context, id: number): number {
  const cycle = requireCycle(ctx, id);
  if (cycle.status !== 'draft') throw invalid(`${cycle.year}年度认证已开启过`);
  const other = repo.openCycles(ctx.db)[0];
  if (other) throw conflict(`${other.year}年度认证尚未结束：请先结束它，再开启新的年度`);
  const frozen = freezeCurrentRules(ctx.db);
  repo.markCycleOpen(ctx.db, id, currentRuleSet(ctx.db).id, JSON.stringify(frozen), ctx.clock.now(), ctx.actor.name);
  return writeReviews(ctx, repo.getCycle(ctx.db, id)!, fromFrozen(frozen));
}

/** Closes an open cycle once everyone is decided: every decision applied at once as a supervisor event. */
export function closeCycle(ctx: Context, id: number): Record<Outcome, number> {
  const cycle = requireOpen(ctx, id);
  const undecided = repo.countUndecided(ctx.db, id);
  if (undecided > 0) throw invalid(`还有 ${undecided} 名督导尚未作出结论，全部确认后才能结束`);
  const reviews = repo.reviewsOfCycle(ctx.db, id);
  for (const review of reviews) applyDecision(ctx, cycle, review);
  repo.markCycleClosed(ctx.db, id, ctx.clock.now(), ctx.actor.name);
  const applied = { pass: 0, conditional: 0, fail: 0 };
  for (const r of reviews) applied[r.decision!]++;
  return applied;
}

const tally = (items: RegisterEvaluation[]) =>
  tallyOutcomes(
    items.map(({ row, evaluation }) => ({ outcome: evaluation.proposal, levelName: row.levelName, levelRank: row.levelRank, regionName: row.regionName })),
  );

const OUTSTANDING_COLUMNS: ColumnSpec[] = [
  { header: '姓名', kind: 'text', width: 10 },
  { header: '联系电话', kind: 'code', width: 14 },
  { header: '所在机构', kind: 'text', width: 24 },
  { header: '督导等级', kind: 'text', width: 10 },
  { header: '服务镇区', kind: 'text', width: 12 },
  { header: '尚需完成', kind: 'text', width: 60 },
];

type OutstandingInput = z.output<typeof outstandingList>;

/** Supervisors who still lack something this year, under the rules the year is judged by. */
function outstanding(ctx: Context, q: OutstandingInput) {
  const cycle = repo.findCycleByYear(ctx.db, q.year);
  const rc = cycle ? rulesOf(ctx, cycle) : currentRuleContext(ctx.db);
  const collator = new Intl.Collator('zh-CN');
  return evaluateRegister(ctx.db, q.year, rc)
    .filter(
      ({ row, evaluation }) =>
        evaluation.proposal !== 'pass' && (!q.regionId || row.regionId === q.regionId) && (!q.search || row.personName.includes(q.search)),
    )
    .map(({ row, evaluation }) => ({ ...row, needs: evaluation.reasons.join('；'), proposal: evaluation.proposal }))
    .sort((a, b) =>
      q.sortField === 'personName'
        ? collator.compare(a.personName, b.personName)
        : q.sortField === 'levelRank'
          ? b.levelRank - a.levelRank
          : collator.compare(a.regionName, b.regionName) || collator.compare(a.personName, b.personName),
    );
}

export const recertOperations = [
  defineOperation({
    name: 'recert.cycles',
    output: recertOutputs['recert.cycles'],
    title: '查看再审核年度',
    kind: 'query',
    permission: 'registry.read',
    input: z.object({}),
    handler: (_input, ctx) => repo.listCycles(ctx.db).map(({ frozenRules: _f, ...c }) => c),
  }),
  defineOperation({
    name: 'recert.create',
    output: recertOutputs['recert.create'],
    title: '新建再审核年度',
    kind: 'command',
    permission: 'registry.write',
    input: cycleCreate,
    handler: ({ year }, ctx) => {
      if (repo.findCycleByYear(ctx.db, year)) throw conflict(`${year}年度的再审核已经建立`, 'year');
      return { id: repo.insertCycle(ctx.db, year, ctx.clock.now(), ctx.actor.name) };
    },
  }),
  defineOperation({
    name: 'recert.deleteDraft',
    output: recertOutputs['recert.deleteDraft'],
    title: '删除再审核草稿',
    kind: 'command',
    permission: 'registry.write',
    input: byIdAtVersion,
    handler: ({ id, version }, ctx) => {
      const cycle = requireCycle(ctx, id);
      expectCycleVersion(ctx, cycle, version, '删除');
      if (cycle.status !== 'draft') throw invalid('只有尚未开启的草稿可以删除');
      repo.deleteDraftCycle(ctx.db, id);
      return { ok: true };
    },
  }),
  defineOperation({
    name: 'recert.get',
    output: recertOutputs['recert.get'],
    title: '查看再审核年度',
    kind: 'query',
    permission: 'registry.read',
    input: cyclePreview,
    handler: ({ cycleId }, ctx) => {
      const cycle = requireCycle(ctx, cycleId);
      const rc = rulesOf(ctx, cycle);
      const { frozenRules: _f, ...rest } = cycle;
      const common = { cycle: rest, ruleVersion: rc.version, ruleSummary: rc.summary };
      if (cycle.status === 'draft') {
        // What-if: the register judged now under the current rules; nothing is stored.
        return { ...common, preview: tally(evaluateRegister(ctx.db, cycle.year, rc)), undecided: 0 };
      }
      const reviews = repo.reviewsOfCycle(ctx.db, cycle.id);
      const counted = tallyOutcomes(
        reviews.map((r) => ({ outcome: r.decision ?? r.proposal, levelName: r.levelName, levelRank: r.levelRank, regionName: r.regionName })),
      );
      return { ...common, preview: counted, undecided: reviews.filter((r) => !r.decision).length };
    },
  }),
  defineOperation({
    name: 'recert.open',
    output: recertOutputs['recert.open'],
    title: '开启再审核',
    kind: 'command',
    permission: 'registry.write',
    input: byIdAtVersion,
    handler: ({ id, version }, ctx) => {
      expectCycleVersion(ctx, requireCycle(ctx, id), version, '开启');
      return { reviews: openCycle(ctx, id) };
    },
  }),
  defineOperation({
    name: 'recert.reviews',
    output: recertOutputs['recert.reviews'],
    title: '查看再审核名单',
    kind: 'query',
    permission: 'registry.read',
    input: reviewList,
    handler: (q, ctx) => {
      requireCycle(ctx, q.cycleId);
      const page = repo.listReviews(ctx.db, q);
      return { ...page, rows: page.rows.map(parseReview) };
    },
  }),
  defineOperation({
    name: 'recert.review',
    output: recertOutputs['recert.review'],
    title: '查看再审核记录',
    kind: 'query',
    permission: 'registry.read',
    input: byId,
    handler: ({ id }, ctx) => {
      const review = repo.getReview(ctx.db, id);
      if (!review) throw notFound('该审核记录', 'id');
      const cycle = requireCycle(ctx, review.cycleId);
      return { ...parseReview(review), year: cycle.year, cycleStatus: cycle.status, defaultDeadline: conditionDeadline(rulesOf(ctx, cycle).rules, cycle.year) };
    },
  }),
  defineOperation({
    name: 'recert.confirm',
    output: recertOutputs['recert.confirm'],
    title: '批量确认再审核建议',
    kind: 'command',
    permission: 'registry.write',
    input: bulkConfirm,
    handler: ({ cycleId, reviewIds, versions, reason }, ctx) => {
      const cycle = requireOpen(ctx, cycleId);
      if (versions && versions.length !== reviewIds.length) throw invalid('所选审核记录与其版本数目不一致，请刷新后重试', 'versions');
      // Every review as the list showed it, checked before any is confirmed: a stale one confirms none.
      expectVersions(
        ctx,
        'recert_review',
        reviewIds.map((id, i) => ({
          id,
          version: versions?.[i],
          current: () => parseReview(repo.getReview(ctx.db, id)!),
          currentSchema: recertOutputs['recert.decide'],
          what: `「${repo.getReview(ctx.db, id)?.personName ?? id}」的审核记录`,
          action: '确认',
        })),
      );
      const deadline = conditionDeadline(frozenRulesOf(cycle).rules, cycle.year);
      const now = ctx.clock.now();
      for (const id of reviewIds) {
        const review = repo.getReview(ctx.db, id);
        if (!review || review.cycleId !== cycleId) throw notFound('所选审核记录', 'reviewIds');
        if (review.decision)
          throw invalid(`「${review.personName}」已有结论（${RecertOutcome.label(review.decision)}）；如需改变，请打开其审核记录逐人决定`, 'reviewIds');
        const problem = reasonProblem(review.proposal, review.proposal, reason);
        if (problem) throw invalid(`「${review.personName}」${problem}`, 'reason');
        repo.decideReviewRow(ctx.db, id, {
          decision: review.proposal,
          reason,
          conditionDeadline: review.proposal === 'conditional' ? deadline : null,
          by: ctx.actor.name,
          at: now,
        });
      }
      return { confirmed: reviewIds.length };
    },
  }),
  defineOperation({
    name: 'recert.decide',
    output: recertOutputs['recert.decide'],
    title: '作出再审核结论',
    kind: 'command',
    permission: 'registry.write',
    input: decideReview,
    handler: ({ id, version, decision, reason, conditionDeadline: deadline }, ctx) => {
      const review = repo.getReview(ctx.db, id);
      if (!review) throw notFound('该审核记录', 'id');
      expectVersion(ctx, { table: 'recert_review', id, version, current: () => parseReview(review), currentSchema: recertOutputs['recert.decide'] });
      const cycle = requireOpen(ctx, review.cycleId);
      const problem = reasonProblem(review.proposal, decision, reason);
      if (problem) throw invalid(problem, 'reason');
      let due: string | null = null;
      if (decision === 'conditional') {
        due = deadline ?? conditionDeadline(frozenRulesOf(cycle).rules, cycle.year);
        if (due <= ctx.clock.today()) throw invalid('整改期限应晚于今天', 'conditionDeadline');
      }
      repo.decideReviewRow(ctx.db, id, { decision, reason, conditionDeadline: due, by: ctx.actor.name, at: ctx.clock.now() });
      return parseReview(repo.getReview(ctx.db, id)!);
    },
  }),
  defineOperation({
    name: 'recert.close',
    output: recertOutputs['recert.close'],
    title: '结束再审核',
    kind: 'command',
    permission: 'registry.write',
    input: byIdAtVersion,
    handler: ({ id, version }, ctx) => {
      expectCycleVersion(ctx, requireCycle(ctx, id), version, '结束');
      return closeCycle(ctx, id);
    },
  }),
  defineOperation({
    name: 'recert.export',
    output: recertOutputs['recert.export'],
    title: '导出再审核结果',
    kind: 'query',
    permission: 'export',
    input: reviewList.omit({ page: true, pageSize: true, sortField: true, sortDir: true }),
    handler: (filter, ctx) => {
      const cycle = requireCycle(ctx, filter.cycleId);
      if (cycle.status === 'draft') throw invalid('草稿尚无审核结果；请先开启');
      return {
        jobId: ctx.jobs.start('导出再审核结果', (job) =>
          streamedExport(
            ctx,
            {
              sheet: `${cycle.year}年度再审核`,
              fileName: `${cycle.year}年度督导资质再审核结果.xlsx`,
              columns: RECERT_RESULT_COLUMNS,
              read: (db) => ({ total: repo.countReviews(db, filter), rows: repo.iterateReviews(db, filter) }),
              cells: recertResultCells,
            },
            job,
          ),
        ),
      };
    },
  }),
  defineOperation({
    name: 'recert.outstanding',
    output: recertOutputs['recert.outstanding'],
    title: '查看本年度待完成督导',
    kind: 'query',
    permission: 'registry.read',
    input: outstandingList,
    handler: (q, ctx) => {
      const rows = outstanding(ctx, q);
      return { rows: rows.slice(q.page * q.pageSize, (q.page + 1) * q.pageSize), total: rows.length };
    },
  }),
  defineOperation({
    name: 'recert.outstandingExport',
    output: recertOutputs['recert.outstandingExport'],
    title: '导出本年度待完成督导',
    kind: 'query',
    permission: 'export',
    input: outstandingList,
    handler: (q, ctx) => {
      const rows = outstanding(ctx, q);
      return {
        jobId: ctx.jobs.start('导出待完成督导', (job) =>
          streamedExport(
            ctx,
            {
              sheet: `${q.year}年待完成`,
              fileName: `${q.year}年度督导待完成事项.xlsx`,
              columns: OUTSTANDING_COLUMNS,
              read: () => ({ total: rows.length, rows }),
              cells: (r) => [r.personName, r.phone, r.organizationName, r.levelName, r.regionName, r.needs],
            },
            job,
          ),
        ),
      };
    },
  }),
] as const;
