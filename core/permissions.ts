/**
 * Who may do what. Every operation names one permission; roles grant sets of them.
 * Accounts and login arrive later; until then the local user acts as administrator.
 */
export const ROLES = ['admin', 'staff', 'coordinator', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  'registry.read', // people, organizations, regions, certificates, supervisors
  'registry.write',
  'config.write', // regions, supervisor ladder, rules
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const GRANTS: Record<Role, readonly Permission[]> = {
  admin: PERMISSIONS,
  staff: ['registry.read', 'registry.write'],
  coordinator: ['registry.read'],
  auditor: ['registry.read'],
};

export function roleAllows(role: Role, permission: Permission): boolean {
  return GRANTS[role].includes(permission);
}

export interface Actor {
  id: number | null;
  name: string;
  role: Role;
}

/** The single local user of a desktop install before accounts exist. */
export const LOCAL_ADMIN: Actor = { id: null, name: '本机管理员', role: 'admin' };
