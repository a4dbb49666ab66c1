/** Output schemas of core/services/organizations.ts (contract.ts `output`). */
import { z } from 'zod';
import { OrganizationKind } from '../../domain/index.ts';
import { page, pii } from './marks.ts';

const organizationsListRow = z.object({
  id: z.number(),
  name: z.string(),
  kind: z.enum(OrganizationKind.values),
  creditCode: z.string().nullable(),
  regionId: z.number().nullable(),
  regionName: z.string().nullable(),
  address: z.string().nullable(),
  contactName: z.string().nullable(),
  contactPhone: pii.phone(z.string()).nullable(),
  peopleCount: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number(),
});

export const organizationsOutputs = {
  'organizations.list': page(organizationsListRow),
  'organizations.options': z.array(z.object({ id: z.number(), name: z.string() })),
  'organizations.get': organizationsListRow,
  'organizations.create': organizationsListRow,
  'organizations.update': organizationsListRow,
};
