/**
 * Every operation of the application, in one list. The renderer's typed client reads
 * this file's *types* only; the shells pass calls to `dispatch` with `registry`.
 */
import type { OperationMap } from './contract.ts';
import type { Registry } from './dispatch.ts';
import { PROGRAM_OPERATION_TITLES } from '../domain/index.ts';
import { certificateOperations } from './services/certificates.ts';
import { organizationOperations } from './services/organizations.ts';
import { peopleOperations } from './services/people.ts';
import { regionOperations } from './services/regions.ts';
import { supervisorOperations } from './services/supervisors.ts';
import { systemOperations } from './services/system.ts';
import { demoOperations } from './services/demo.ts';
import { levelOperations } from './services/levels.ts';
import { coverageOperations } from './services/coverage.ts';
import { excelOperations } from './services/excel.ts';
import { authOperations, userOperations } from './services/auth.ts';
import { onlineUsersOperations } from './services/online-users.ts';
import { auditOperations } from './services/audit.ts';
import { backupOperations } from './services/backup.ts';
import { baseOperations } from './services/bases.ts';
import { sessionOperations } from './services/sessions.ts';
import { enrolmentOperations } from './services/enrolments.ts';
import { attendanceOperations } from './services/attendance.ts';
import { trainingOperations } from './services/training.ts';
import { trainingRuleOperations } from './services/training-rules.ts';
import { complianceOperations } from './services/compliance.ts';
import { recertOperations } from './recert/operations.ts';
import { evaluationOperations } from './services/evaluations.ts';
import { annualAuditOperations } from './services/annual-audit.ts';
import { homeOperations } from './home/operations.ts';
import { documentOperations } from './documents/operations.ts';
import { supervisionWorkOperations } from './supervision-work/operations.ts';

export const operations = [
  ...systemOperations,
  ...regionOperations,
  ...organizationOperations,
  ...peopleOperations,
  ...certificateOperations,
  ...supervisorOperations,
  ...levelOperations,
  ...coverageOperations,
  ...excelOperations,
  ...demoOperations,
  ...authOperations,
  ...userOperations,
  ...onlineUsersOperations,
  ...auditOperations,
  ...backupOperations,
  ...baseOperations,
  ...sessionOperations,
  ...enrolmentOperations,
  ...attendanceOperations,
  ...trainingOperations,
  ...trainingRuleOperations,
  ...complianceOperations,
  ...recertOperations,
  ...evaluationOperations,
  ...annualAuditOperations,
  ...homeOperations,
  ...documentOperations,
  ...supervisionWorkOperations,
] as const;

export type Api = OperationMap<typeof operations>;
export type OperationName = keyof Api & string;

export const registry: Registry = Object.freeze(Object.fromEntries(operations.map((op) => [op.name, op])));

/** The Chinese title of an operation the log names: the program's own (seed, restore at start…) or a declared one's `title`. */
export function operationTitle(name: string): string {
  return PROGRAM_OPERATION_TITLES[name] ?? registry[name]?.title ?? name;
}
