/** Output schemas of core/services/attendance.ts (contract.ts `output`). */
import { z } from 'zod';
import { Attendance, EnrolmentStatus, SessionStatus } from '../../domain/index.ts';
import { pii } from './marks.ts';

const attendanceCompleteSessionMentorsRow = z.object({ mentorId: z.number(), personId: z.number(), name: z.string(), role: z.string() });
const attendanceCompleteSession = z.object({
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
  mentors: z.array(attendanceCompleteSessionMentorsRow),
});
const attendanceCorrectEnrolment = z.object({
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
const trainingOfPersonRowsRow = z.object({
  id: z.number(),
  personId: z.number(),
  categoryId: z.number(),
  categoryName: z.string(),
  hours: z.number(),
  earnedOn: z.string(),
  kind: z.string(),
  sessionId: z.number().nullable(),
  enrolmentId: z.number().nullable(),
  note: z.string().nullable(),
  recordedAt: z.string(),
  provider: z.string().nullable(),
  verifiedAt: z.string().nullable(),
  verifiedBy: z.string().nullable(),
  importId: z.number().nullable(),
  importFileName: z.string().nullable(),
  importFileSha256: z.string().nullable(),
  courseCode: z.string().nullable(),
  courseTitle: z.string().nullable(),
  baseName: z.string().nullable(),
  sessionStartsAt: z.string().nullable(),
  counted: z.boolean(),
  countsToward: z.string(),
});
const trainingOfPerson = z.object({
  rows: z.array(trainingOfPersonRowsRow),
  total: z.number(),
  totals: z.array(z.object({ categoryName: z.string(), hours: z.number() })),
  totalHours: z.number(),
});

export const attendanceOutputs = {
  'attendance.complete': z.object({ session: attendanceCompleteSession, trainees: z.number(), creditedHours: z.number() }),
  'attendance.correct': z.object({ enrolment: attendanceCorrectEnrolment, delta: z.number() }),
  'training.ofPerson': trainingOfPerson,
};
