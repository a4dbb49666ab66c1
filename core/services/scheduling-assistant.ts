/**
 * The scheduling assistant (issue 24): free slots for a course (core/training/slots.ts) and recurring
 * series checked all at once and saved all or nothing (core/training/series.ts). Both use the
 * session save's own conflict check.
 */
import { defineOperation } from '../contract.ts';
import { baseOfCourse } from '../../db/repos/base-of.ts';
import { findSlotsInput, seriesInput } from '../schemas/scheduling-assistant.ts';
import { schedulingAssistantOutputs } from '../outputs/scheduling-assistant.ts';
import { findSlots } from '../training/slots.ts';
import { checkSeries, createSeries } from '../training/series.ts';

const courseScope = { base: ({ courseId }: { courseId: number }, db: Parameters<typeof baseOfCourse>[0]) => baseOfCourse(db, courseId) };

export const schedulingAssistantOperations = [
  defineOperation({
    name: 'sessions.findSlots',
    output: schedulingAssistantOutputs['sessions.findSlots'],
    title: '查找空闲时段',
    kind: 'query',
    permission: 'bases.read',
    input: findSlotsInput,
    scope: { base: ({ baseId, courseId }, db) => [baseOfCourse(db, courseId), baseId] },
    handler: (input, ctx) => findSlots(ctx, input),
  }),
  defineOperation({
    name: 'sessions.checkSeries',
    output: schedulingAssistantOutputs['sessions.checkSeries'],
    title: '检查重复班期',
    kind: 'query',
    permission: 'bases.read',
    input: seriesInput,
    scope: courseScope,
    handler: (input, ctx) => checkSeries(ctx, input),
  }),
  defineOperation({
    name: 'sessions.createSeries',
    output: schedulingAssistantOutputs['sessions.createSeries'],
    title: '新建重复班期',
    kind: 'command',
    permission: 'bases.write',
    input: seriesInput,
    scope: courseScope,
    handler: (input, ctx) => ({ ids: createSeries(ctx, input) }),
  }),
] as const;
