/**
 * A recurring series of sessions (「每周二 14:00–17:00，共 6 周」): the same course, room, mentors and
 * capacity at several times. Checked all at once before saving (every occurrence through the save's
 * own check, `evaluateSessionPlan`, with all its conflicts, and against the series' other
 * occurrences, which share the room and the mentors), then saved all or nothing: the save is one
 * command, one transaction, and the first refusal undoes the occurrences already inserted.
 */
import type { Context } from '../contract.ts';
import { AppError, conflict, invalid, notFound } from '../errors.ts';
import { formatTimeRange } from '../dates.ts';
import { getCourse, type CourseRow } from '../../db/repos/courses.ts';
import { insertSession, setSessionMentors, type SessionFields } from '../../db/repos/sessions.ts';
import { overlaps, type Interval } from '../../domain/index.ts';
import { checkSessionPlan, evaluateSessionPlan, type SessionPlan } from './scheduling.ts';

export interface SeriesInput extends Omit<SessionPlan, 'baseId' | 'startsAt' | 'endsAt'> {
  courseId: number;
  occurrences: Interval[];
  unified: boolean;
  status: SessionFields['status'];
  note: string | null;
}

export interface OccurrenceCheck extends Interval {
  /** 1-based, as the list shows it (第 3 次). */
  number: number;
  problems: { code: string; message: string; field: string | null }[];
}

function requireActiveCourse(ctx: Context, courseId: number): CourseRow {
  const course = getCourse(ctx.db, courseId);
  if (!course) throw notFound('所选课程', 'courseId');
  if (course.status !== 'active') throw invalid(`课程「${course.title}」已停用，不能再开班`, 'courseId');
  return course;
}

const planOf = (input: SeriesInput, baseId: number, t: Interval): SessionPlan => ({
  baseId,
  roomId: input.roomId,
  startsAt: t.startsAt,
  endsAt: t.endsAt,
  capacity: input.capacity,
  leadMentorIds: input.leadMentorIds,
  assistantMentorIds: input.assistantMentorIds,
});

/** The occurrences of the series that overlap the `index`th (they share its room and mentors). */
const overlappingOthers = (occurrences: Interval[], index: number) =>
  occurrences.flatMap((o, j) => (j !== index && overlaps(o, occurrences[index]!) ? [j + 1] : []));

/** Every occurrence with every conflict it would meet; nothing is written. */
export function checkSeries(ctx: Context, input: SeriesInput): { occurrences: OccurrenceCheck[]; ok: boolean } {
  const course = requireActiveCourse(ctx, input.courseId);
  const occurrences = input.occurrences.map((t, index) => {
    const problems = evaluateSessionPlan(ctx, planOf(input, course.baseId, t), null, true).problems.map((e) => ({
      code: e.code,
      message: e.message,
      field: e.field ?? null,
    }));
    for (const other of overlappingOthers(input.occurrences, index)) {
      problems.push({
        code: 'CONFLICT',
        message: `与本系列第 ${other} 次（${formatTimeRange(input.occurrences[other - 1]!.startsAt, input.occurrences[other - 1]!.endsAt)}）时间重叠`,
        field: 'occurrences',
      });
    }
    return { number: index + 1, ...t, problems };
  });
  return { occurrences, ok: occurrences.every((o) => o.problems.length === 0) };
}

/** Saves every occurrence or none: a refusal names the occurrence and undoes the command's transaction. */
export function createSeries(ctx: Context, input: SeriesInput): number[] {
  const course = requireActiveCourse(ctx, input.courseId);
  const ids: number[] = [];
  input.occurrences.forEach((t, index) => {
    const where = `第 ${index + 1} 次（${formatTimeRange(t.startsAt, t.endsAt)}）`;
    let mentors;
    try {
      // The occurrences saved before this one are in the database now, so the check sees them too.
      mentors = checkSessionPlan(ctx, planOf(input, course.baseId, t), null);
    } catch (e) {
      if (e instanceof AppError) throw new AppError(e.code, `${where}：${e.message}。整个系列未保存，请调整该次后再保存`, e.field);
      throw e;
    }
    const { roomId, capacity, unified, status, note } = input;
    const id = insertSession(ctx.db, { courseId: course.id, baseId: course.baseId, roomId, capacity, unified, status, note, ...t }, ctx.clock.now());
    setSessionMentors(ctx.db, id, mentors);
    ids.push(id);
  });
  if (!ids.length) throw conflict('系列中没有班期', 'occurrences');
  return ids;
}
