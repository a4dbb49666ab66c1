import { defineEnum, type ValueOf } from './enum.ts';

/** The roles an account can have: stored in users.role (db) and granted permissions in core/permissions.ts. */
export const Role = defineEnum([
  { value: 'admin', zh: '管理员', en: 'Administrator' },
  { value: 'staff', zh: '工作人员', en: 'Staff' },
  { value: 'coordinator', zh: '基地协调员', en: 'Base coordinator' },
  { value: 'auditor', zh: '审计', en: 'Auditor' },
]);
export type Role = ValueOf<typeof Role>;
export const ROLES = Role.values;
