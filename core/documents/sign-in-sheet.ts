/** 签到表 of a session: who teaches, who attends (身份证号 always masked on paper), and the columns to sign. */
import type { Db } from '../../db/engine/types.ts';
import { sessionMentorNames, sessionTrainees, signInSession } from '../../db/repos/documents.ts';
import { formatTimeRange } from '../dates.ts';
import { maskIdNumber } from '../pii.ts';
import { AppError } from '../errors.ts';

export function signInSheet(db: Db, sessionId: number) {
  const session = signInSession(db, sessionId);
  if (!session) throw new AppError('NOT_FOUND', '班期不存在', 'sessionId');
  return {
    session: { ...session, timeRange: formatTimeRange(session.startsAt, session.endsAt) },
    mentors: sessionMentorNames(db, sessionId).map((m) => `${m.name}（${m.role === 'lead' ? '主讲' : '助教'}）`),
    // A printed sheet lies on a table for everyone to see: the 身份证号 is masked whoever prints it.
    trainees: sessionTrainees(db, sessionId).map((t, i) => ({
      no: i + 1,
      name: t.name,
      maskedIdNumber: maskIdNumber(t.idNumber),
      organizationName: t.organizationName,
    })),
  };
}
