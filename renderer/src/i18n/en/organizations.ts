import type { messages as zh } from '../zh/organizations.ts';

/** English · organizations: the same keys as zh/organizations.ts (a missing or extra key fails the typecheck). */
export const messages: Record<keyof typeof zh, string> = {
  'organization.title': 'Organizations',
  'organization.create': 'New organization',
  'organization.edit': 'Edit organization',
  'organization.name': 'Name',
  'organization.kind': 'Type',
  'organization.creditCode': 'Unified social credit code',
  'organization.region': 'Region',
  'organization.address': 'Address',
  'organization.contactName': 'Contact person',
  'organization.contactPhone': 'Contact phone',
  'organization.peopleCount': 'People',
  'organization.searchPlaceholder': 'Part of the name',
  'organization.empty': 'No organizations yet: add a social work agency, public institution or community',
};
