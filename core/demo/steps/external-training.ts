import { insertRecord, verifyRecord } from '../../../db/repos/training-records.ts';
import { prepared } from '../../../db/statements.ts';
import { addDays } from '../../dates.ts';
import { remember, type SeedStep } from '../context.ts';

const PROVIDERS = ['广东省社会工作师联合会', '中山大学社会工作系', '广州市社会工作协会', '深圳市社会工作者协会', '华南师范大学社会工作培训中心'];

/** 外部培训: one in twenty people also trained elsewhere in the last five years; most of it verified by staff. */
export const externalTrainingStep: SeedStep = {
  name: '外部培训',
  run(ctx) {
    const categories = prepared(ctx.db, 'SELECT id FROM course_category ORDER BY rank').pluck().all() as number[];
    if (!categories.length) return;
    let made = 0;
    for (const person of ctx.people) {
      if (!ctx.rng.chance(0.05)) continue;
      const earnedOn = addDays(ctx.today, -ctx.rng.int(10, 5 * 365));
      const id = insertRecord(
        ctx.db,
        {
          personId: person.id,
          categoryId: ctx.rng.pick(categories),
          hours: ctx.rng.pick([3, 6, 6, 12, 24]),
          earnedOn,
          kind: 'external',
          sessionId: null,
          enrolmentId: null,
          provider: ctx.rng.pick(PROVIDERS),
          note: `结业证书编号 W${earnedOn.replace(/-/g, '')}${String(person.id).padStart(6, '0')}`,
        },
        ctx.now,
      );
      if (ctx.rng.chance(0.7)) verifyRecord(ctx.db, id, ctx.actorName, ctx.now);
      remember(ctx, 'training_record', id);
      made++;
    }
    ctx.progress(this.name, made, made);
  },
};
