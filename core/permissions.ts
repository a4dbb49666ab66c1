/**
 * Who may do what. Every operation names one permission; roles grant sets of them.
 * Signed-in users act with their role (core/app.ts resolves the session); `core.call` without
 * an actor (tests, trusted callers) acts as the local administrator; no session → only `public`.
 */
import type { Role } from '../domain/roles.ts';

export { ROLES, type Role } from '../domain/roles.ts';

export const PERMISSIONS = [
  'registry.read', // people, organizations, regions, certificates, supervisors
  'registry.write',
  'config.write', // regions, supervisor ladder, rules
  // accounts, audit log, backups
  'public', // no session needed: first-run setup, login
  'self', // any signed-in user: who am I, log out, change own password
  'pii.read', // 身份证号 and phone numbers in full (others see them masked, in core)
  'export', // Excel/CSV exports
  'users.manage',
  'audit.read',
  'audit.verify',
  'backup.manage',
  // training bases (coordinators are further limited to their own bases, core/services/base-access.ts)
  'bases.read',
  'bases.write',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** The one table of who may do what; the role × operation matrix test prints it per operation. */
const GRANTS: Record<Role | 'anonymous', readonly Permission[]> = {
  admin: PERMISSIONS,
  staff: ['registry.read', 'registry.write', 'public', 'self', 'pii.read', 'export', 'audit.read', 'bases.read', 'bases.write'],
  coordinator: ['registry.read', 'public', 'self', 'bases.read', 'bases.write'],
  auditor: ['registry.read', 'public', 'self', 'export', 'audit.read', 'audit.verify', 'bases.read'],
  anonymous: ['public'],
};

export function roleAllows(role: Role | 'anonymous', permission: Permission): boolean {
  return GRANTS[role].includes(permission);
}

export interface Actor {
  id: number | null;
  name: string;
  role: Role | 'anonymous';
  /** For role coordinator: the training bases assigned to this user (core/services/base-access.ts). */
  baseIds?: number[];
}

/** A caller without a session: only `public` operations (first-run setup, login). */
export const ANONYMOUS: Actor = { id: null, name: '未登录', role: 'anonymous' };

/** The single local user of a desktop install before accounts exist. */
export const LOCAL_ADMIN: Actor = { id: null, name: '本机管理员', role: 'admin' };
