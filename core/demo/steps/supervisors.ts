import { appointFields } from '../../schemas/supervisors.ts';
import { insertSupervisor, insertSupervisorEvent, supervisorLevels } from '../../../db/repos/supervisors.ts';
import { remember, type SeedStep } from '../context.ts';
import { checkEntryConditions, type CertificateLevel } from '../../supervision/entry-conditions.ts';

/** Quota per town (seed 000 七(六)1): 3 中级 + 2 初级. Most towns meet it, some fall short, a few exceed it. */
export const supervisorsStep: SeedStep = {
  name: '督导',
  run(ctx) {
    const levels = supervisorLevels(ctx.db);
    const byName = (name: string) => levels.find((l) => l.name === name) ?? levels[Math.min(1, levels.length - 1)]!;
    const [trainee, junior, middle, senior] = ['见习督导', '初级督导', '中级督导', '高级督导'].map(byName) as [
      (typeof levels)[number],
      (typeof levels)[number],
      (typeof levels)[number],
      (typeof levels)[number],
    ];
    const practiceStart = new Map(ctx.people.map((p) => [p.id, p.practiceStart]));
    const personById = new Map(ctx.people.map((p) => [p.id, p]));
    const peopleByTown = new Map<number, number[]>();
    for (const p of ctx.people)
      if (ctx.certificateLevel.has(p.id)) (peopleByTown.get(p.townIndex) ?? peopleByTown.set(p.townIndex, []).get(p.townIndex)!).push(p.id);
    const towns = ctx.spec.supervisedTowns === 'all' ? ctx.towns.length : Math.min(ctx.spec.supervisedTowns, ctx.towns.length);
    const thisYear = Number(ctx.today.slice(0, 4));
    let count = 0;
    for (let t = 0; t < towns; t++) {
      const plan = [middle, middle, middle, junior, junior];
      const roll = ctx.rng.next();
      if (roll < 0.2)
        plan.splice(ctx.rng.int(0, 4), ctx.rng.int(1, 3)); // short of quota
      else if (roll < 0.3) plan.push(ctx.rng.chance(0.5) ? senior : trainee); // one more than quota
      const candidates = [...(peopleByTown.get(t) ?? [])];
      for (const level of plan) {
        if (!candidates.length) break;
        const personId = candidates.splice(ctx.rng.int(0, candidates.length - 1), 1)[0]!;
        const appointedYear = ctx.rng.int(thisYear - 6, thisYear - 1);
        const statusRoll = ctx.rng.next();
        const status = statusRoll < 0.03 ? 'suspended' : statusRoll < 0.05 ? 'expired' : 'active';
        const input = appointFields.parse({
          personId,
          levelId: level.id,
          regionId: ctx.towns[t]!.id,
          appointedOn: `${appointedYear}-03-01`,
          validUntil: status === 'expired' ? `${thisYear - 1}-12-31` : `${thisYear}-12-31`,
          status,
        });
        const id = insertSupervisor(ctx.db, input, ctx.now);
        ctx.supervisorPeople.push(personById.get(personId)!);
        remember(ctx, 'supervisor', id);
        // Historical appointments predate the app's entry conditions: where one falls short, the record says so.
        const lower = levels[levels.indexOf(level) - 1] ?? null;
        const facts = {
          certificateLevels: [ctx.certificateLevel.get(personId) as CertificateLevel],
          practiceStart: practiceStart.get(personId) ?? null,
          daysAtLower: 0,
        };
        const unmet = checkEntryConditions(level, lower, facts, input.appointedOn).some((c) => !c.met);
        const overrideReason = unmet ? '历史聘任：早于本系统启用的准入条件' : null;
        const event = (kind: string, effectiveOn: string, eventStatus: typeof input.status, reason: string | null) =>
          remember(
            ctx,
            'supervisor_event',
            insertSupervisorEvent(
              ctx.db,
              {
                supervisorId: id,
                kind,
                effectiveOn,
                levelId: level.id,
                status: eventStatus,
                validUntil: input.validUntil,
                regionId: input.regionId,
                reason,
                overrideReason: kind === 'appointed' ? overrideReason : null,
                actorName: ctx.actorName,
              },
              ctx.now,
            ),
          );
        event('appointed', input.appointedOn, 'active', null);
        // The history explains every status that is not 在册.
        if (status === 'suspended') event('suspended', `${thisYear}-04-01`, 'suspended', '年度再审核未通过');
        if (status === 'expired') event('expired', `${thisYear}-01-01`, 'expired', '有效期届满未续聘');
        count++;
      }
    }
    ctx.progress(this.name, count, count);
  },
};
