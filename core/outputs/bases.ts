/** Output schemas of core/services/bases.ts (contract.ts `output`). */
import { z } from 'zod';
import { AccreditationStatus, BaseGrade, CertificateLevel, CourseStatus, MentorStatus } from '../../domain/index.ts';
import { jobRef, page, pii } from './marks.ts';

const basesListRow = z.object({
  id: z.number(),
  name: z.string(),
  organizationId: z.number(),
  organizationName: z.string(),
  regionId: z.number(),
  regionName: z.string(),
  address: z.string().nullable(),
  capacity: z.number().nullable(),
  facilities: z.string().nullable(),
  grade: z.enum(BaseGrade.values),
  accreditationStatus: z.enum(AccreditationStatus.values),
  accreditedUntil: z.string().nullable(),
  rooms: z.number(),
  mentors: z.number(),
  courses: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number(),
});
const basesGetRoomsRow = z.object({ id: z.number(), baseId: z.number(), name: z.string(), seats: z.number(), version: z.number() });
const basesGetMentorsRow = z.object({
  id: z.number(),
  baseId: z.number(),
  baseName: z.string(),
  personId: z.number(),
  personName: z.string(),
  idNumber: pii.idNumber(z.string()),
  phone: pii.phone(z.string()).nullable(),
  joinedOn: z.string(),
  validUntil: z.string().nullable(),
  status: z.enum(MentorStatus.values),
  specialtyIds: z.array(z.number()),
  specialties: z.array(z.string()),
  version: z.number(),
});
const basesGetCoursesRow = z.object({
  id: z.number(),
  baseId: z.number(),
  code: z.string(),
  title: z.string(),
  categoryId: z.number(),
  categoryName: z.string(),
  creditHours: z.number(),
  targetCertificateLevel: z.enum(CertificateLevel.values).nullable(),
  targetSupervisorLevelId: z.number().nullable(),
  targetSupervisorLevelName: z.string().nullable(),
  defaultCapacity: z.number().nullable(),
  syllabus: z.string().nullable(),
  status: z.enum(CourseStatus.values),
  version: z.number(),
});
const basesGet = z.object({
  base: basesListRow,
  coordinators: z.array(z.object({ personId: z.number(), name: z.string() })),
  rooms: z.array(basesGetRoomsRow),
  mentors: z.array(basesGetMentorsRow),
  courses: z.array(basesGetCoursesRow),
});

export const basesOutputs = {
  'bases.list': page(basesListRow),
  'bases.export': jobRef,
  'bases.get': basesGet,
  'bases.lists': z.object({
    serviceFields: z.array(z.object({ id: z.number(), name: z.string() })),
    courseCategories: z.array(z.object({ id: z.number(), name: z.string() })),
  }),
  'bases.create': basesGet,
  'bases.update': basesGet,
  'rooms.create': basesGetRoomsRow,
  'rooms.update': basesGetRoomsRow,
  'mentors.add': basesGetMentorsRow,
  'mentors.update': basesGetMentorsRow,
  'mentors.ofPerson': z.array(basesGetMentorsRow),
  'courses.create': basesGetCoursesRow,
  'courses.update': basesGetCoursesRow,
};
