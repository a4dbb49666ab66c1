/** Output schemas of core/services/sessions.ts (contract.ts `output`). */
import { z } from 'zod';
import { Attendance, EnrolmentStatus, SessionStatus } from '../../domain/index.ts';
import { jobRef, page, pii } from './marks.ts';

const sessionsListRowMentorsRow = z.object({ mentorId: z.number(), personId: z.number(), name: z.string(), role: z.string() });
/** A session as sessions.list and the session detail return it (attendance.complete too). */
export const sessionsListRow = z.object({
  id: z.number(),
  courseId: z.number(),
  baseId: z.number(),
  roomId: z.number().nullable(),
  startsAt: z.string(),
  endsAt: z.string(),
  capacity: z.number(),
  status: z.enum(SessionStatus.values),
  note: z.string().nullable(),
  cancelReason: z.string().nullable(),
  courseCode: z.string(),
  courseTitle: z.string(),
  categoryId: z.number(),
  categoryName: z.string(),
  creditHours: z.number(),
  baseName: z.string(),
  roomName: z.string().nullable(),
  roomSeats: z.number().nullable(),
  enrolledCount: z.number(),
  waitlistedCount: z.number(),
  unified: z.boolean(),
  mentors: z.array(sessionsListRowMentorsRow),
  version: z.number(),
});
/** An enrolment row as the session detail lists it (attendance.correct, sessions.cancel `toNotify`). */
export const enrolmentRow = z.object({
  id: z.number(),
  sessionId: z.number(),
  personId: z.number(),
  name: z.string(),
  idNumber: pii.idNumber(z.string()),
  phone: pii.phone(z.string()).nullable(),
  organizationName: z.string().nullable(),
  status: z.enum(EnrolmentStatus.values),
  attendance: z.enum(Attendance.values).nullable(),
  attendedHours: z.number().nullable(),
  queuedAt: z.string(),
  withdrawnAt: z.string().nullable(),
  creditedHours: z.number(),
  waitlistPosition: z.number().nullable(),
  version: z.number(),
});
const sessionsGetEnrolmentsRow = enrolmentRow.extend({ holdsPlace: z.boolean(), canWithdraw: z.boolean() });
const allowed = z.object({ allowed: z.boolean(), reason: z.string().nullable() });
/** The session detail: sessions.get, create and reschedule; update and cancel add to it. */
const sessionsGet = z.object({
  session: sessionsListRow,
  enrolments: z.array(sessionsGetEnrolmentsRow),
  can: z.object({ change: allowed, enrol: allowed, recordAttendance: allowed }),
});
const sessionsUpdate = sessionsGet.extend({ promoted: z.array(z.object({ enrolmentId: z.number(), name: z.string() })) });
const sessionsCancel = sessionsGet.extend({ toNotify: z.array(enrolmentRow) });
const sessionsTaughtByRow = z.object({
  id: z.number(),
  baseId: z.number(),
  baseName: z.string(),
  courseCode: z.string(),
  courseTitle: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  status: z.enum(SessionStatus.values),
  role: z.string(),
  creditHours: z.number(),
});

export const sessionsOutputs = {
  'sessions.list': page(sessionsListRow),
  'sessions.export': jobRef,
  'sessions.calendar': z.object({ rows: z.array(sessionsListRow), truncated: z.boolean() }),
  'sessions.get': sessionsGet,
  'sessions.create': sessionsGet,
  'sessions.update': sessionsUpdate,
  'sessions.reschedule': sessionsGet,
  'sessions.cancel': sessionsCancel,
  'sessions.taughtBy': z.array(sessionsTaughtByRow),
};
