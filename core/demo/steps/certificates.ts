import { certificateCreate } from '../../schemas/certificates.ts';
import { insertCertificate } from '../../../db/repos/certificates.ts';
import { remember, type SeedStep } from '../context.ts';
import { weighted } from '../random.ts';
import { registrationEnd } from '../../supervision/registration.ts';

const LEVELS = weighted([
  ['assistant', 60],
  ['social_worker', 27],
  ['worker', 10],
  ['senior', 3],
] as const);

/** Certificates with a realistic spread of levels, issue dates and (mostly current) registrations. */
export const certificatesStep: SeedStep = {
  name: '职业水平证书',
  run(ctx) {
    const thisYear = Number(ctx.today.slice(0, 4));
    let serial = 0;
    for (const person of ctx.people) {
      if (!person.practiceStart || !ctx.rng.chance(0.75)) continue;
      const firstYear = Number(person.practiceStart.slice(0, 4)) + 1;
      if (firstYear > thisYear - 1) continue;
      const year = ctx.rng.int(Math.max(firstYear, 2008), thisYear - 1);
      const issuedOn = `${year}-${ctx.rng.pick(['06-20', '07-15', '12-01'])}`;
      if (issuedOn >= ctx.today) continue;
      const level = ctx.rng.weighted(LEVELS);
      // Registrations run in 3-year periods from the issue date; most holders re-registered in time.
      let periods = 1;
      while (registrationEnd(issuedOn, 3 * periods) < ctx.today) periods++;
      if (periods > 1 && ctx.rng.chance(0.12)) periods--; // this one lapsed
      const input = certificateCreate.parse({
        personId: person.id,
        level,
        number: `${level === 'assistant' ? 'ZL' : level === 'worker' ? 'GY' : level === 'senior' ? 'GJ' : 'ZS'}${year}${String(++serial).padStart(7, '0')}`,
        issuedOn,
        registrationValidUntil: registrationEnd(issuedOn, 3 * periods),
      });
      remember(
        ctx,
        'certificate',
        insertCertificate(ctx.db, { ...input, registrationValidUntil: input.registrationValidUntil!, registrationSource: 'entered' }, ctx.now),
      );
      ctx.certificateLevel.set(person.id, level);
    }
    ctx.progress(this.name, ctx.certificateLevel.size, ctx.certificateLevel.size);
  },
};
