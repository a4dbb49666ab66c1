import { personFields } from '../../schemas/people.ts';
import { birthDateOf, checkCharFor, sexOf } from '../../idcard.ts';
import { insertPerson } from '../../../db/repos/people.ts';
import { givenName, SURNAMES } from '../names.ts';
import { remember, type SeedStep } from '../context.ts';

const EDUCATION = [
  ['associate', 25],
  ['bachelor', 55],
  ['master', 12],
  ['vocational', 6],
  ['secondary', 2],
] as const;
const MAJORS = ['社会工作', '社会工作', '社会工作', '心理学', '社会学', '公共事业管理', '教育学', '法学'];

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** People with valid, unique 身份证号 whose region code is where they live. */
export const peopleStep: SeedStep = {
  name: '人员',
  run(ctx) {
    const total = ctx.spec.people;
    const usedIds = new Set<string>();
    const thisYear = Number(ctx.today.slice(0, 4));
    const educationTotal = EDUCATION.reduce((s, [, w]) => s + w, 0);
    for (let i = 0; i < total; i++) {
      const townIndex = i % ctx.towns.length;
      const town = ctx.towns[townIndex]!;
      const year = ctx.rng.int(1962, 2002);
      const birth = `${year}${pad(ctx.rng.int(1, 12))}${pad(ctx.rng.int(1, 28))}`;
      let idNumber: string;
      do {
        const first17 = `${town.idPrefix}${birth}${pad(ctx.rng.int(0, 999), 3)}`;
        idNumber = first17 + checkCharFor(first17);
      } while (usedIds.has(idNumber));
      usedIds.add(idNumber);
      const sex = sexOf(idNumber);
      const startYear = Math.min(thisYear, year + ctx.rng.int(21, 30));
      const practiceStart = ctx.rng.chance(0.95) ? `${startYear}-${pad(ctx.rng.int(1, 12))}-01` : null;
      let r = ctx.rng.next() * educationTotal;
      const education = EDUCATION.find(([, w]) => (r -= w) < 0)?.[0] ?? 'bachelor';
      const organizations = ctx.organizationsByTown[townIndex] ?? [];
      const input = personFields.parse({
        idNumber,
        name: ctx.rng.weighted(SURNAMES) + givenName(() => ctx.rng.next(), sex),
        phone: `1${ctx.rng.pick(['3', '5', '7', '8', '9'])}${pad(ctx.rng.int(0, 999999999), 9)}`,
        education,
        major: ctx.rng.pick(MAJORS),
        organizationId: organizations.length ? ctx.rng.pick(organizations) : null,
        regionId: town.id,
        practiceStart: practiceStart && practiceStart <= ctx.today ? practiceStart : null,
        jobGrade: null,
      });
      const birthDate = birthDateOf(idNumber);
      const id = insertPerson(ctx.db, { ...input, sex, birthDate }, ctx.now);
      remember(ctx, 'person', id);
      ctx.people.push({ id, townIndex, birthDate, practiceStart: input.practiceStart });
      if (i % 5000 === 4999) ctx.progress(this.name, i + 1, total);
    }
    ctx.progress(this.name, total, total);
  },
};
