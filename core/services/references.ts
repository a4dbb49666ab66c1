/** Checks that ids given in input point at existing records, naming the field when not. */
import type { Context } from '../contract.ts';
import { notFound } from '../errors.ts';
import { getOrganization } from '../../db/repos/organizations.ts';
import { getRegion } from '../../db/repos/regions.ts';
import { getPerson } from '../../db/repos/people.ts';
import { courseCategories } from '../../db/repos/bases.ts';

export function requireRegion(ctx: Context, id: number | null, field = 'regionId') {
  if (id === null) return null;
  const region = getRegion(ctx.db, id);
  if (!region) throw notFound('所选行政区划', field);
  return region;
}

export function requireOrganization(ctx: Context, id: number | null, field = 'organizationId') {
  if (id === null) return null;
  const organization = getOrganization(ctx.db, id);
  if (!organization) throw notFound('所选机构', field);
  return organization;
}

export function requirePerson(ctx: Context, id: number, field = 'personId') {
  const person = getPerson(ctx.db, id);
  if (!person) throw notFound('该人员', field);
  return person;
}

export function requireCourseCategory(ctx: Context, id: number, field = 'categoryId') {
  const category = courseCategories(ctx.db).find((c) => c.id === id);
  if (!category) throw notFound('所选课程类别', field);
  return category;
}
