import { organizationFields } from '../../schemas/organizations.ts';
import { findOrganizationByName, insertOrganization } from '../../../db/repos/organizations.ts';
import { remember, type SeedStep } from '../context.ts';

const KINDS = [
  ['社会工作服务中心', 'social_work_agency'],
  ['社工服务社', 'social_work_agency'],
  ['社区服务中心', 'community'],
  ['家庭综合服务中心', 'social_work_agency'],
  ['长者服务中心', 'public_institution'],
] as const;
const BRANDS = '启航,同心,阳光,和谐,博爱,惠民,善德,益众,悦心,仁爱,乐群,明德,新航,安康,睦邻'.split(',');

export const organizationsStep: SeedStep = {
  name: '机构',
  run(ctx) {
    ctx.towns.forEach((town, index) => {
      const ids: number[] = [];
      for (let i = 0; i < ctx.spec.organizationsPerTown; i++) {
        const [suffix, kind] = KINDS[(index + i) % KINDS.length]!;
        const name = `${town.name}${BRANDS[(index * 7 + i) % BRANDS.length]}${suffix}`;
        const existing = findOrganizationByName(ctx.db, name);
        const id =
          existing?.id ??
          insertOrganization(
            ctx.db,
            organizationFields.parse({ name, kind, regionId: town.id, contactName: '联络员', contactPhone: `0760-8${String(ctx.rng.int(1000000, 9999999))}` }),
            ctx.now,
          );
        if (!existing) remember(ctx, 'organization', id);
        ids.push(id);
        ctx.organizationIds.push(id);
      }
      ctx.organizationsByTown[index] = ids;
    });
    ctx.progress(this.name, ctx.organizationIds.length, ctx.organizationIds.length);
  },
};
