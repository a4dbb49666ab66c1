/**
 * 年度资质再审核认证: a cycle per year. Draft → what-if preview under the current rules; open →
 * rules frozen, one review per supervisor with facts and a proposal; humans decide; close →
 * decisions applied at once as supervisor events, and the cycle is read-only from then on.
 * The operations only: what they do is in the files beside this one.
 */
import { z } from 'zod';
import { defineOperation } from '../contract.ts';
import { byId, byIdAtVersion } from '../schemas/common.ts';
import { bulkConfirm, cycleCreate, cyclePreview, decideReview, outstandingList, reviewList } from '../schemas/recert.ts';
import { recertOutputs } from '../outputs/recert.ts';
import { createCycle, deleteDraft } from './cycle-commands.ts';
import { startCycleJob } from './cycle-jobs.ts';
import { confirmProposals, decide } from './review-commands.ts';
import { cycleOverview, listCycles, outstanding, reviewDetail, reviewPage } from './queries.ts';
import { exportOutstanding, exportResults } from './exports.ts';

export const recertOperations = [
  defineOperation({
    name: 'recert.cycles',
    output: recertOutputs['recert.cycles'],
    title: '查看再审核年度',
    kind: 'query',
    permission: 'registry.read',
    input: z.object({}),
    handler: (_input, ctx) => listCycles(ctx),
  }),
  defineOperation({
    name: 'recert.create',
    output: recertOutputs['recert.create'],
    title: '新建再审核年度',
    kind: 'command',
    permission: 'registry.write',
    input: cycleCreate,
    handler: ({ year }, ctx) => createCycle(ctx, year),
  }),
  defineOperation({
    name: 'recert.deleteDraft',
    output: recertOutputs['recert.deleteDraft'],
    title: '删除再审核草稿',
    kind: 'command',
    permission: 'registry.write',
    input: byIdAtVersion,
    handler: ({ id, version }, ctx) => deleteDraft(ctx, id, version),
  }),
  defineOperation({
    name: 'recert.get',
    output: recertOutputs['recert.get'],
    title: '查看再审核年度',
    kind: 'query',
    permission: 'registry.read',
    input: cyclePreview,
    handler: ({ cycleId }, ctx) => cycleOverview(ctx, cycleId),
  }),
  defineOperation({
    name: 'recert.open',
    output: recertOutputs['recert.open'],
    title: '开启再审核',
    kind: 'command',
    permission: 'registry.write',
    input: byIdAtVersion,
    // A job (core/recert/cycle-jobs.ts): refused at once when the cycle cannot be opened; its result: { reviews }.
    handler: (input, ctx) => startCycleJob(ctx, 'recert.open', input),
  }),
  defineOperation({
    name: 'recert.reviews',
    output: recertOutputs['recert.reviews'],
    title: '查看再审核名单',
    kind: 'query',
    permission: 'registry.read',
    input: reviewList,
    handler: (q, ctx) => reviewPage(ctx, q),
  }),
  defineOperation({
    name: 'recert.review',
    output: recertOutputs['recert.review'],
    title: '查看再审核记录',
    kind: 'query',
    permission: 'registry.read',
    input: byId,
    handler: ({ id }, ctx) => reviewDetail(ctx, id),
  }),
  defineOperation({
    name: 'recert.confirm',
    output: recertOutputs['recert.confirm'],
    title: '批量确认再审核建议',
    kind: 'command',
    permission: 'registry.write',
    input: bulkConfirm,
    handler: (input, ctx) => confirmProposals(ctx, input),
  }),
  defineOperation({
    name: 'recert.decide',
    output: recertOutputs['recert.decide'],
    title: '作出再审核结论',
    kind: 'command',
    permission: 'registry.write',
    input: decideReview,
    handler: (input, ctx) => decide(ctx, input),
  }),
  defineOperation({
    name: 'recert.close',
    output: recertOutputs['recert.close'],
    title: '结束再审核',
    kind: 'command',
    permission: 'registry.write',
    input: byIdAtVersion,
    // A job (core/recert/cycle-jobs.ts): refused at once while anyone is undecided; its result: { pass, conditional, fail }.
    handler: (input, ctx) => startCycleJob(ctx, 'recert.close', input),
  }),
  defineOperation({
    name: 'recert.export',
    output: recertOutputs['recert.export'],
    title: '导出再审核结果',
    kind: 'query',
    permission: 'export',
    input: reviewList.omit({ page: true, pageSize: true, sortField: true, sortDir: true }),
    handler: (filter, ctx) => exportResults(ctx, filter),
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
    handler: (q, ctx) => exportOutstanding(ctx, q),
  }),
] as const;
