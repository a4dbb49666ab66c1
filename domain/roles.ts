/** The roles an account can have: stored in users.role (db) and granted permissions in core/permissions.ts. */
export const ROLES = ['admin', 'staff', 'coordinator', 'auditor'] as const;
export type Role = (typeof ROLES)[number];
