import { z } from 'zod';
import { addDays } from '../dates.ts';
import { defineOperation, type Context } from '../contract.ts';
import { conflict, invalid, notFound } from '../errors.ts';
import { byId } from '../schemas/common.ts';
import {
  baseExport,
  baseFields,
  baseList,
  baseUpdate,
  courseFields,
  courseUpdate,
  mentorFields,
  mentorUpdate,
  roomFields,
  roomUpdate,
  STAFF_ONLY_BASE_FIELDS,
  type StaffOnlyBaseField,
} from '../schemas/bases.ts';
import { roleAllows } from '../permissions.ts';
import { AppError } from '../errors.ts';
import * as bases from '../../db/repos/bases.ts';
import * as mentors from '../../db/repos/mentors.ts';
import * as courses from '../../db/repos/courses.ts';
import { getSupervisorLevel } from '../../db/repos/supervisors.ts';
import { requireCourseCategory, requireOrganization, requirePerson, requireRegion } from './references.ts';
import { scopeById, visibleBaseIds } from './base-access.ts';
import { baseOfCourse, baseOfMentor, baseOfRoom } from '../../db/repos/base-of.ts';
import { exportBases } from '../excel/training-exports.ts';
import { basesOutputs } from '../outputs/bases.ts';
import { expectVersion } from '../versions.ts';

/** Which bases a list shows: the caller's own (a coordinator) and, if asked, those whose accreditation ends within so many days. */
function baseScope(ctx: Context, expiringWithinDays: number | undefined) {
  return { onlyIds: visibleBaseIds(ctx), accreditedThrough: expiringWithinDays === undefined ? undefined : addDays(ctx.clock.today(), expiringWithinDays) };
}

/** The base, if it exists (the caller's access to it is the operation's declared scope). */
export function requireBase(ctx: Context, baseId: number, field = 'baseId') {
  const base = bases.getBase(ctx.db, baseId);
  if (!base) throw notFound('该实训基地', field);
  return base;
}

/** Declared scope of an operation whose input names the base as `baseId`. */
export const baseIdScope = { base: ({ baseId }: { baseId: number }) => baseId };

function checkBase(ctx: Context, f: z.output<typeof baseFields>, selfId?: number) {
  const same = bases.findBaseByName(ctx.db, f.name);
  if (same && same.id !== selfId) throw conflict(`已有名为「${f.name}」的实训基地`, 'name');
  requireOrganization(ctx, f.organizationId);
  requireRegion(ctx, f.regionId);
  for (const personId of f.coordinatorIds) requirePerson(ctx, personId, 'coordinatorIds');
  if ((f.accreditationStatus === 'accredited' || f.accreditationStatus === 'provisional') && !f.accreditedUntil) {
    throw invalid('已认定或试运行的基地须填写认定有效期至', 'accreditedUntil');
  }
}

/**
 * Grade, accreditation and who coordinates a base are the association's decision: a
 * caller who may not set bases up (a coordinator) may not send them at all; anyone leaving them out
 * keeps what is recorded.
 */
function withStaffDecisions(ctx: Context, id: number, f: Omit<z.output<typeof baseUpdate>, 'id' | 'version'>): z.output<typeof baseFields> {
  const sent = (Object.keys(STAFF_ONLY_BASE_FIELDS) as StaffOnlyBaseField[]).filter((field) => f[field] !== undefined);
  if (sent.length && !roleAllows(ctx.actor.role, 'registry.write')) {
    const field = sent[0]!;
    throw new AppError(
      'FORBIDDEN',
      `「${STAFF_ONLY_BASE_FIELDS[field]}」由协会工作人员${field === 'coordinatorIds' ? '指定' : '认定'}，基地协调员不能修改`,
      field,
    );
  }
  const current = bases.getBase(ctx.db, id)!;
  return {
    ...f,
    grade: f.grade ?? current.grade,
    accreditationStatus: f.accreditationStatus ?? current.accreditationStatus,
    accreditedUntil: f.accreditedUntil === undefined ? current.accreditedUntil : f.accreditedUntil,
    coordinatorIds: f.coordinatorIds ?? bases.baseCoordinators(ctx.db, id).map((c) => c.personId),
  };
}

function detail(ctx: Context, id: number) {
  const base = requireBase(ctx, id, 'id');
  return {
    base,
    coordinators: bases.baseCoordinators(ctx.db, id),
    rooms: bases.roomsOfBase(ctx.db, id),
    mentors: mentors.mentorsOfBase(ctx.db, id),
    courses: courses.coursesOfBase(ctx.db, id),
  };
}

function checkMentorDates(f: { joinedOn: string; validUntil: string | null }) {
  if (f.validUntil !== null && f.validUntil < f.joinedOn) throw invalid('有效期至不能早于加入日期', 'validUntil');
}

function requireFields(ctx: Context, ids: number[]) {
  const known = new Set(bases.serviceFields(ctx.db).map((f) => f.id));
  if (ids.some((id) => !known.has(id))) throw notFound('所选专长领域', 'specialtyIds');
}

function checkCourse(ctx: Context, baseId: number, f: Omit<z.output<typeof courseFields>, 'baseId'>, selfId?: number) {
  const same = courses.findCourseByCode(ctx.db, baseId, f.code);
  if (same && same.id !== selfId) throw conflict(`本基地已有课程编号 ${f.code}`, 'code');
  requireCourseCategory(ctx, f.categoryId);
  if (f.targetSupervisorLevelId !== null && !getSupervisorLevel(ctx.db, f.targetSupervisorLevelId)) throw notFound('所选督导等级', 'targetSupervisorLevelId');
}

const read = 'bases.read' as const;
const write = 'bases.write' as const;

export const baseOperations = [
  defineOperation({
    name: 'bases.list',
    output: basesOutputs['bases.list'],
    title: '查询实训基地',
    kind: 'query',
    permission: read,
    input: baseList,
    scope: 'visibleBases',
    handler: ({ expiringWithinDays, ...query }, ctx) => bases.listBases(ctx.db, { ...query, ...baseScope(ctx, expiringWithinDays) }),
  }),
  defineOperation({
    name: 'bases.export',
    output: basesOutputs['bases.export'],
    title: '导出实训基地',
    kind: 'query',
    permission: 'export',
    input: baseExport,
    scope: 'visibleBases',
    handler: ({ expiringWithinDays, ...query }, ctx) => ({
      jobId: ctx.jobs.start('导出实训基地', (job) => exportBases(ctx, { ...query, ...baseScope(ctx, expiringWithinDays), page: 0, pageSize: 0 }, job)),
    }),
  }),
  defineOperation({
    name: 'bases.get',
    output: basesOutputs['bases.get'],
    title: '查看实训基地',
    kind: 'query',
    permission: read,
    input: byId,
    scope: { base: ({ id }) => id },
    handler: ({ id }, ctx) => detail(ctx, id),
  }),
  defineOperation({
    name: 'bases.lists',
    output: basesOutputs['bases.lists'],
    title: '读取专长领域与课程类别',
    kind: 'query',
    permission: read,
    input: z.object({}),
    scope: 'none', // the shared vocabulary
    handler: (_input, { db }) => ({ serviceFields: bases.serviceFields(db), courseCategories: bases.courseCategories(db) }),
  }),
  defineOperation({
    name: 'bases.create',
    output: basesOutputs['bases.create'],
    title: '新增实训基地',
    kind: 'command',
    permission: 'registry.write', // the association's staff set bases up; coordinators then run them
    input: baseFields,
    scope: 'none', // a new base; only staff may set one up
    handler: ({ coordinatorIds, ...f }, ctx) => {
      checkBase(ctx, { ...f, coordinatorIds });
      const id = bases.insertBase(ctx.db, f, ctx.clock.now());
      bases.setBaseCoordinators(ctx.db, id, coordinatorIds);
      return detail(ctx, id);
    },
  }),
  defineOperation({
    name: 'bases.update',
    output: basesOutputs['bases.update'],
    title: '修改实训基地',
    kind: 'command',
    permission: write,
    input: baseUpdate,
    scope: { base: ({ id }) => id },
    handler: ({ id, version, ...sent }, ctx) => {
      requireBase(ctx, id, 'id');
      expectVersion(ctx, { table: 'training_base', id, version, current: () => detail(ctx, id) });
      const { coordinatorIds, ...f } = withStaffDecisions(ctx, id, sent);
      checkBase(ctx, { ...f, coordinatorIds }, id);
      bases.updateBase(ctx.db, id, f, ctx.clock.now());
      if (sent.coordinatorIds !== undefined) bases.setBaseCoordinators(ctx.db, id, coordinatorIds);
      return detail(ctx, id);
    },
  }),
  defineOperation({
    name: 'rooms.create',
    output: basesOutputs['rooms.create'],
    title: '新增教室',
    kind: 'command',
    permission: write,
    input: roomFields,
    scope: baseIdScope,
    handler: (f, ctx) => {
      requireBase(ctx, f.baseId);
      if (bases.findRoom(ctx.db, f.baseId, f.name)) throw conflict(`本基地已有名为「${f.name}」的教室`, 'name');
      return bases.getRoom(ctx.db, bases.insertRoom(ctx.db, f, ctx.clock.now()))!;
    },
  }),
  defineOperation({
    name: 'rooms.update',
    output: basesOutputs['rooms.update'],
    title: '修改教室',
    kind: 'command',
    permission: write,
    input: roomUpdate,
    scope: scopeById(baseOfRoom),
    handler: ({ id, version, ...f }, ctx) => {
      const room = bases.getRoom(ctx.db, id);
      if (!room) throw notFound('该教室', 'id');
      expectVersion(ctx, { table: 'room', id, version, current: () => room });
      requireBase(ctx, room.baseId);
      const same = bases.findRoom(ctx.db, room.baseId, f.name);
      if (same && same.id !== id) throw conflict(`本基地已有名为「${f.name}」的教室`, 'name');
      bases.updateRoom(ctx.db, id, f, ctx.clock.now());
      return bases.getRoom(ctx.db, id)!;
    },
  }),
  defineOperation({
    name: 'mentors.add',
    output: basesOutputs['mentors.add'],
    title: '加入导师库',
    kind: 'command',
    permission: write,
    input: mentorFields,
    scope: baseIdScope,
    handler: ({ specialtyIds, ...f }, ctx) => {
      const base = requireBase(ctx, f.baseId);
      const person = requirePerson(ctx, f.personId);
      if (mentors.findMentor(ctx.db, f.baseId, f.personId)) throw conflict(`「${person.name}」已在「${base.name}」的导师库中`, 'personId');
      checkMentorDates(f);
      requireFields(ctx, specialtyIds);
      const id = mentors.insertMentor(ctx.db, f, ctx.clock.now());
      mentors.setSpecialties(ctx.db, id, specialtyIds);
      return mentors.getMentor(ctx.db, id)!;
    },
  }),
  defineOperation({
    name: 'mentors.update',
    output: basesOutputs['mentors.update'],
    title: '修改导师',
    kind: 'command',
    permission: write,
    input: mentorUpdate,
    scope: scopeById(baseOfMentor),
    handler: ({ id, version, specialtyIds, ...f }, ctx) => {
      const mentor = mentors.getMentor(ctx.db, id);
      if (!mentor) throw notFound('该导师', 'id');
      expectVersion(ctx, { table: 'mentor', id, version, current: () => mentor });
      requireBase(ctx, mentor.baseId);
      checkMentorDates(f);
      requireFields(ctx, specialtyIds);
      mentors.updateMentor(ctx.db, id, f, ctx.clock.now());
      mentors.setSpecialties(ctx.db, id, specialtyIds);
      return mentors.getMentor(ctx.db, id)!;
    },
  }),
  defineOperation({
    name: 'mentors.ofPerson',
    output: basesOutputs['mentors.ofPerson'],
    title: '查看导师任职',
    kind: 'query',
    permission: read,
    input: z.object({ personId: z.number().int().positive() }),
    scope: 'visibleBases',
    handler: ({ personId }, ctx) => {
      const visible = visibleBaseIds(ctx);
      return mentors.mentorshipsOfPerson(ctx.db, personId).filter((m) => !visible || visible.includes(m.baseId));
    },
  }),
  defineOperation({
    name: 'courses.create',
    output: basesOutputs['courses.create'],
    title: '新增实训课程',
    kind: 'command',
    permission: write,
    input: courseFields,
    scope: baseIdScope,
    handler: ({ baseId, ...f }, ctx) => {
      requireBase(ctx, baseId);
      checkCourse(ctx, baseId, f);
      return courses.getCourse(ctx.db, courses.insertCourse(ctx.db, { ...f, baseId }, ctx.clock.now()))!;
    },
  }),
  defineOperation({
    name: 'courses.update',
    output: basesOutputs['courses.update'],
    title: '修改实训课程',
    kind: 'command',
    permission: write,
    input: courseUpdate,
    scope: scopeById(baseOfCourse),
    handler: ({ id, version, ...f }, ctx) => {
      const course = courses.getCourse(ctx.db, id);
      if (!course) throw notFound('该课程', 'id');
      expectVersion(ctx, { table: 'course', id, version, current: () => course });
      requireBase(ctx, course.baseId);
      checkCourse(ctx, course.baseId, f, id);
      courses.updateCourse(ctx.db, id, f, ctx.clock.now());
      return courses.getCourse(ctx.db, id)!;
    },
  }),
] as const;
