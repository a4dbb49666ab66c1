/**
 * Which kinds of records each service's queries show: a change notice about one of them makes an
 * open screen that asked that service refetch (useCall, ServerDataGrid). Generous on purpose: a
 * refetch too many costs one query; one too few leaves a screen out of date.
 */
import { CHANGE_KINDS, type ChangeKind } from '../../../domain/change-kinds.ts';

const REGISTRY: readonly ChangeKind[] = ['people', 'organizations', 'regions', 'certificates', 'supervisors'];
const BASE: readonly ChangeKind[] = ['bases', 'courses', 'mentors', 'sessions', 'enrolments'];

const BY_SERVICE: Readonly<Record<string, readonly ChangeKind[]>> = {
  people: [...REGISTRY, 'training', 'mentors', 'enrolments'],
  certificates: ['certificates', 'people', 'rules'],
  supervisors: ['supervisors', 'people', 'regions', 'certificates', 'rules', 'recertCycles', 'recertReviews', 'training'],
  organizations: ['organizations', 'people'],
  regions: ['regions', 'people', 'organizations'],
  coverage: ['supervisors', 'regions', 'people'],
  supervision: ['supervisors', 'people', 'organizations', 'rules'],
  quotas: ['regions', 'supervisors'],
  levels: ['rules', 'supervisors'],
  rules: ['rules'],
  bases: [...BASE, 'evaluations', 'organizations', 'regions', 'users'],
  rooms: BASE,
  courses: [...BASE, 'rules'],
  mentors: [...BASE, 'people'],
  sessions: [...BASE, 'people'],
  enrolments: [...BASE, 'people'],
  attendance: [...BASE, 'training'],
  training: ['training', 'people', 'enrolments', 'rules'],
  // Heavier answers (compliance over everyone, a cycle's what-if preview) follow only what moves them:
  // training recorded during an open cycle re-evaluates its reviews, which are named as recertReviews.
  compliance: ['training', 'certificates', 'rules'],
  recert: ['recertCycles', 'recertReviews', 'supervisors', 'rules'],
  evaluations: ['evaluations', 'bases', 'sessions', 'enrolments', 'mentors', 'courses'],
  users: ['users', 'bases'],
  audit: CHANGE_KINDS, // every change adds to the log
  home: CHANGE_KINDS, // 工作台 counts a little of everything
};

/** The kinds an operation's answer depends on (none for accounts, jobs, backups, the example-data state). */
export function kindsOf(operation: string): readonly ChangeKind[] {
  const service = operation.slice(0, operation.indexOf('.'));
  return Object.hasOwn(BY_SERVICE, service) ? BY_SERVICE[service]! : [];
}
