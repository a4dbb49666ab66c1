/** Output schemas of core/services/sessions.ts (contract.ts `output`). */
import { z } from 'zod';
import { Attendance, EnrolmentStatus, SessionStatus } from '../../domain/index.ts';
import { jobRef, page, pii } from './marks.ts';

const sessionsListRowMentorsRow = z.object({ mentorId: z.number(), personId: z.number(), name: z.string(), role: z.string() });
const sessionsListRow = z.object({
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
});
const sessionsGetEnrolmentsRow = z.object({
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
  holdsPlace: z.boolean(),
  canWithdraw: z.boolean(),
});
const sessionsUpdate = z.object({
  session: sessionsListRow,
  enrolments: z.array(sessionsGetEnrolmentsRow),
  can: z.object({
    change: z.object({ allowed: z.boolean(), reason: z.string().nullable() }),
    enrol: z.object({ allowed: z.boolean(), reason: z.string().nullable() }),
    recordAttendance: z.object({ allowed: z.boolean(), reason: z.string().nullable() }),
  }),
  promoted: z.array(z.object({ enrolmentId: z.number(), name: z.string() })),
});
const sessionsCancelToNotifyRow = z.object({
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
});
const sessionsCancel = z.object({
  session: sessionsListRow,
  enrolments: z.array(sessionsGetEnrolmentsRow),
  can: z.object({
    change: z.object({ allowed: z.boolean(), reason: z.string().nullable() }),
    enrol: z.object({ allowed: z.boolean(), reason: z.string().nullable() }),
    recordAttendance: z.object({ allowed: z.boolean(), reason: z.string().nullable() }),
  }),
  toNotify: z.array(sessionsCancelToNotifyRow),
});
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
  'sessions.get': z.object({
    session: sessionsListRow,
    enrolments: z.array(sessionsGetEnrolmentsRow),
    can: z.object({
      change: z.object({ allowed: z.boolean(), reason: z.string().nullable() }),
      enrol: z.object({ allowed: z.boolean(), reason: z.string().nullable() }),
      recordAttendance: z.object({ allowed: z.boolean(), reason: z.string().nullable() }),
    }),
  }),
  'sessions.create': z.object({
    session: sessionsListRow,
    enrolments: z.array(sessionsGetEnrolmentsRow),
    can: z.object({
      change: z.object({ allowed: z.boolean(), reason: z.string().nullable() }),
      enrol: z.object({ allowed: z.boolean(), reason: z.string().nullable() }),
      recordAttendance: z.object({ allowed: z.boolean(), reason: z.string().nullable() }),
    }),
  }),
  'sessions.update': sessionsUpdate,
  'sessions.reschedule': z.object({
    session: sessionsListRow,
    enrolments: z.array(sessionsGetEnrolmentsRow),
    can: z.object({
      change: z.object({ allowed: z.boolean(), reason: z.string().nullable() }),
      enrol: z.object({ allowed: z.boolean(), reason: z.string().nullable() }),
      recordAttendance: z.object({ allowed: z.boolean(), reason: z.string().nullable() }),
    }),
  }),
  'sessions.cancel': sessionsCancel,
  'sessions.taughtBy': z.array(sessionsTaughtByRow),
};
