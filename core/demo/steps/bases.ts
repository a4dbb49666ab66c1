import { baseFields, courseFields } from '../../schemas/bases.ts';
import { insertBase, insertRoom } from '../../../db/repos/bases.ts';
import { insertMentor, setSpecialties } from '../../../db/repos/mentors.ts';
import { insertCourse } from '../../../db/repos/courses.ts';
import { prepared } from '../../../db/statements.ts';
import { remember, type BaseInfo, type SeedStep } from '../context.ts';
import { addDays } from '../../dates.ts';

/** Course titles per default category (migration 0008, from seed 000); a category an admin added gets the generic list. */
const TITLES: Record<string, string[]> = {
  社工知识普及培训: ['社会工作基础知识', '社会工作伦理与价值', '社区服务入门', '志愿服务管理'],
  考前公益培训: ['社会工作综合能力考前辅导', '社会工作实务考前辅导', '社会工作法规与政策考前辅导'],
  社会工作师高级研修培训: ['高级个案管理研修', '社会政策分析研修', '社会工作研究方法研修'],
  社会工作骨干人才培训: ['项目设计与评估', '机构督导与团队建设', '社区营造实务'],
  社会工作行政能力培训: ['社会组织财务管理', '项目申报与管理', '服务标准化建设'],
};
const GENERIC = [
  '个案工作实务',
  '小组工作实务',
  '社区工作实务',
  '督导实务',
  '精神健康社会工作',
  '禁毒社会工作',
  '青少年服务',
  '长者服务',
  '婚姻家庭服务',
  '残障康复服务',
];
const ROOM_NAMES = ['一号培训室', '二号培训室', '多功能厅', '小组活动室'];
const HOURS = [3, 3, 3, 6, 6, 12] as const;

/** Bases in towns that have organizations, each with rooms, a mentor pool and a course catalogue. */
export const basesStep: SeedStep = {
  name: '实训基地',
  run(ctx) {
    const categories = prepared(ctx.db, 'SELECT id, name FROM course_category ORDER BY rank').all() as { id: number; name: string }[];
    const fields = prepared(ctx.db, 'SELECT id FROM service_field ORDER BY rank').pluck().all() as number[];
    const certified = [...ctx.certificateLevel.keys()];
    const thisYear = Number(ctx.today.slice(0, 4));
    const towns = ctx.towns.map((t, i) => ({ ...t, index: i })).filter((t) => (ctx.organizationsByTown[t.index] ?? []).length > 0);
    const count = Math.min(ctx.spec.bases, towns.length * 2);
    const mentorsPerBase = ctx.spec.mentors / count;
    const coursesPerBase = ctx.spec.courses / count;
    const usedNames = new Set<string>();
    for (let b = 0; b < count; b++) {
      const town = towns[(b * 7919) % towns.length]!;
      let name = `${town.name}社会工作实训基地`;
      for (let n = 2; usedNames.has(name); n++) name = `${town.name}社会工作实训基地（${n}）`;
      usedNames.add(name);
      const demonstration = ctx.rng.chance(0.15);
      const roll = ctx.rng.next();
      const input = baseFields.parse({
        name,
        organizationId: ctx.rng.pick(ctx.organizationsByTown[town.index]!),
        regionId: town.id,
        address: `${town.name}${ctx.rng.pick(['民生路', '中山路', '康华路', '兴中道'])}${ctx.rng.int(1, 300)}号`,
        capacity: ctx.rng.int(60, 300),
        grade: demonstration ? 'demonstration' : 'ordinary',
        accreditationStatus: roll < 0.05 ? 'provisional' : 'accredited',
        // A few expire within three months: the 认定即将到期 list is not empty.
        accreditedUntil: roll < 0.1 ? addDays(ctx.today, ctx.rng.int(10, 85)) : `${thisYear + ctx.rng.int(1, 3)}-12-31`,
      });
      const { coordinatorIds: _none, ...fieldsOfBase } = input;
      const id = insertBase(ctx.db, fieldsOfBase, ctx.now);
      remember(ctx, 'training_base', id);
      const base: BaseInfo = { id, name, demonstration, rooms: [], mentors: [], courses: [] };
      for (let r = 0, rooms = ctx.rng.int(1, 3); r < rooms; r++) {
        const seats = ctx.rng.pick([30, 40, 40, 50, 60, 80]);
        const roomId = insertRoom(ctx.db, { baseId: id, name: ROOM_NAMES[r]!, seats }, ctx.now);
        remember(ctx, 'room', roomId);
        base.rooms.push({ id: roomId, seats });
      }
      const pool = new Set<number>();
      for (let m = 0, mentors = Math.max(2, Math.round(mentorsPerBase * (0.6 + ctx.rng.next() * 0.8))); m < mentors && certified.length; m++) {
        const personId = ctx.rng.pick(certified);
        if (pool.has(personId)) continue;
        pool.add(personId);
        // Everyone in a pool joined before the five years of sessions; a few have left since.
        const active = ctx.rng.chance(0.95);
        const mentorId = insertMentor(
          ctx.db,
          {
            baseId: id,
            personId,
            joinedOn: `${thisYear - 6}-01-01`,
            validUntil: active ? null : `${thisYear - 5}-12-31`,
            status: active ? 'active' : 'inactive',
          },
          ctx.now,
        );
        remember(ctx, 'mentor', mentorId);
        setSpecialties(ctx.db, mentorId, [...new Set([ctx.rng.pick(fields), ctx.rng.pick(fields)])]);
        if (active) base.mentors.push({ id: mentorId, personId });
      }
      for (let c = 0, courses = Math.max(2, Math.round(coursesPerBase)); c < courses; c++) {
        const category = categories[c % categories.length]!;
        const creditHours = ctx.rng.pick(HOURS);
        const defaultCapacity = ctx.rng.pick([30, 40, 40, 50, 60]);
        const course = courseFields.parse({
          baseId: id,
          code: `K${String(b + 1).padStart(3, '0')}-${String(c + 1).padStart(2, '0')}`,
          title: ctx.rng.pick(TITLES[category.name] ?? GENERIC),
          categoryId: category.id,
          creditHours,
          defaultCapacity,
          syllabus: null,
          status: ctx.rng.chance(0.05) ? 'retired' : 'active',
        });
        const courseId = insertCourse(ctx.db, { ...course, syllabus: course.syllabus ?? null }, ctx.now);
        remember(ctx, 'course', courseId);
        if (course.status === 'active') base.courses.push({ id: courseId, categoryId: category.id, creditHours, defaultCapacity });
      }
      if (base.mentors.length) ctx.bases.push(base);
      ctx.progress(this.name, b + 1, count);
    }
  },
};
