import { prepared } from '../../../db/statements.ts';
import { timeHeldBy } from '../../../db/repos/sessions.ts';
import { addDays } from '../../dates.ts';
import { remember, type SeedStep } from '../context.ts';

const TOPICS = [
  '个案评估与服务计划',
  '小组工作设计',
  '社区需求调研',
  '危机介入',
  '服务成效评估',
  '专业伦理困境',
  '督导对象职业倦怠',
  '项目中期评估',
  '台账与文书规范',
  '资源链接',
];
/**
 * Evening hours (wall clock, like training sessions): sessions mostly run 09:00–12:00 and 14:00–17:00. A session
 * may span several days, though, so each record is still checked against the person's held time before it is written.
 */
const SLOTS: [string, string, number][] = [
  ['19:00', '20:00', 60],
  ['19:00', '20:30', 90],
  ['19:00', '21:00', 120],
];

interface Relationship {
  id: number;
  personId: number | null;
  organizationId: number | null;
  startsOn: string;
  endsOn: string | null;
}

/**
 * 督导工作 (issue 22): each supervisor on the register has 3–10 督导对象 (social workers of their
 * town, and now and then a whole organization), and gives 10–30 supervisions over the last year,
 * one an evening at most; about one in ten gives little or none (below any minimum the rules set).
 */
export const supervisionWorkStep: SeedStep = {
  name: '督导工作',
  run(ctx) {
    const supervisors = prepared(ctx.db, "SELECT id, region_id, appointed_on, person_id FROM supervisor WHERE status IN ('active', 'suspended') ORDER BY id")
      .raw()
      .all() as [number, number, string, number][];
    const personOf = new Map(supervisors.map(([id, , , personId]) => [id, personId]));
    const townOf = new Map(ctx.towns.map((t, i) => [t.id, i]));
    const peopleByTown = new Map<number, number[]>();
    for (const p of ctx.people) (peopleByTown.get(p.townIndex) ?? peopleByTown.set(p.townIndex, []).get(p.townIndex)!).push(p.id);
    const relationship = prepared(
      ctx.db,
      `INSERT INTO supervision_relationship (supervisor_id, person_id, organization_id, form, starts_on, ends_on, agreement_ref, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const record = prepared(
      ctx.db,
      `INSERT INTO supervision_record (supervisor_id, starts_at, ends_at, minutes, form, topic, summary, created_at, updated_at, created_by)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const subject = prepared(ctx.db, 'INSERT INTO supervision_record_subject (record_id, relationship_id) VALUES (?, ?)');
    const yearAgo = addDays(ctx.today, -365);
    const planned: { supervisorId: number; startsAt: string; endsAt: string; minutes: number; form: string; topic: string; subjects: number[] }[] = [];
    for (const [supervisorId, regionId, appointedOn] of supervisors) {
      const town = townOf.get(regionId) ?? 0;
      const people = peopleByTown.get(town) ?? [];
      const organizations = ctx.organizationsByTown[town] ?? [];
      const relationships: Relationship[] = [];
      const wanted = ctx.rng.int(3, 10);
      for (let k = 0; k < wanted * 2 && relationships.length < wanted; k++) {
        const organizational = organizations.length > 0 && ctx.rng.chance(0.15);
        const personId = organizational || people.length === 0 ? null : ctx.rng.pick(people);
        const organizationId = personId === null ? (organizations.length ? ctx.rng.pick(organizations) : null) : null;
        if (personId === null && organizationId === null) break;
        if (relationships.some((r) => r.personId === personId && r.organizationId === organizationId)) continue;
        const startsOn = addDays(appointedOn > yearAgo ? appointedOn : yearAgo, -ctx.rng.int(0, 400));
        const begins = startsOn < appointedOn ? appointedOn : startsOn;
        const endsOn = ctx.rng.chance(0.1) ? addDays(ctx.today, -ctx.rng.int(30, 200)) : null;
        const ended = endsOn !== null && endsOn < begins ? null : endsOn;
        const form = organizationId !== null ? 'organizational' : ctx.rng.chance(0.3) ? 'group' : 'individual';
        const id = Number(
          relationship.run(
            supervisorId,
            personId,
            organizationId,
            form,
            begins,
            ended,
            `督导协议 ${begins.slice(0, 4)}-${supervisorId}-${k + 1}`,
            ctx.now,
            ctx.now,
          ).lastInsertRowid,
        );
        remember(ctx, 'supervision_relationship', id);
        relationships.push({ id, personId, organizationId, startsOn: begins, endsOn: ended });
      }
      if (relationships.length === 0) continue;
      const given = ctx.rng.chance(0.1) ? ctx.rng.int(0, 5) : ctx.rng.int(10, 30);
      const days = new Set<string>();
      for (let k = 0; k < given * 3 && days.size < given; k++) days.add(addDays(ctx.today, -ctx.rng.int(1, 365)));
      for (const day of [...days].sort()) {
        const current = relationships.filter((r) => r.startsOn <= day && (r.endsOn === null || r.endsOn >= day));
        if (current.length === 0) continue;
        const first = ctx.rng.pick(current);
        const people = current.filter((r) => r.personId !== null);
        const present =
          first.organizationId !== null
            ? [first]
            : ctx.rng.chance(0.3) && people.length > 1
              ? people.slice(0, ctx.rng.int(2, Math.min(4, people.length)))
              : [first];
        const form = first.organizationId !== null ? 'organizational' : present.length > 1 ? 'group' : 'individual';
        const [from, to, minutes] = ctx.rng.pick(SLOTS);
        planned.push({
          supervisorId,
          startsAt: `${day}T${from}`,
          endsAt: `${day}T${to}`,
          minutes,
          form,
          topic: ctx.rng.pick(TOPICS),
          subjects: present.map((r) => r.id),
        });
      }
    }
    // Written in the order they happened, as staff record them (and as a month's sheet is imported).
    planned.sort((a, b) => (a.startsAt < b.startsAt ? -1 : a.startsAt > b.startsAt ? 1 : a.supervisorId - b.supervisorId));
    let records = 0;
    for (const p of planned) {
      // The one time rule the save applies: nothing the supervisor teaches, attends or supervises meanwhile.
      if (timeHeldBy(ctx.db, [personOf.get(p.supervisorId)!], { startsAt: p.startsAt, endsAt: p.endsAt, excludeId: null })) continue;
      records++;
      const summary = `围绕“${p.topic}”进行${p.form === 'group' ? '团体' : ''}督导`;
      const id = Number(record.run(p.supervisorId, p.startsAt, p.endsAt, p.minutes, p.form, p.topic, summary, ctx.now, ctx.now, ctx.actorName).lastInsertRowid);
      for (const relationshipId of p.subjects) subject.run(id, relationshipId);
      remember(ctx, 'supervision_record', id);
    }
    ctx.progress(this.name, records, records);
  },
};
