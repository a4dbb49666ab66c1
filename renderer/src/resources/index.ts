/**
 * Every screen of the app, in navigation order (grouped by job, docs/design.md §7): the routes
 * (App.tsx) and the navigation (layout/Navigation.tsx) are built from this list. The first is
 * the screen after signing in.
 */
import type { MessageKey } from '../i18n/index.tsx';
import type { Resource } from './declare.ts';
import { home } from './home/resource.ts';
import { supervisors } from './supervisors/resource.ts';
import { people } from './people/resource.ts';
import { certificates } from './certificates/resource.ts';
import { coverage } from './coverage/resource.ts';
import { supervisionWork } from './supervision-work/resource.ts';
import { compliance } from './compliance/resource.ts';
import { recertCycles, recertOutstanding } from './recert/resource.ts';
import { bases } from './bases/resource.ts';
import { attendanceDue, sessions } from './sessions/resource.ts';
import { evaluations } from './evaluations/resource.ts';
import { documents } from './documents/resource.ts';
import { regions } from './regions/resource.ts';
import { organizations } from './organizations/resource.ts';
import { rules } from './rules/resource.ts';
import { levels } from './levels/resource.ts';
import { users } from './users/resource.ts';
import { annualReport, auditLog } from './audit/resource.ts';
import { backup } from './backup/resource.ts';
import { serverSettings } from './server-settings/resource.ts';

export type { Resource } from './declare.ts';

export const RESOURCES: readonly Resource[] = [
  home,
  supervisors,
  people,
  certificates,
  coverage,
  supervisionWork,
  compliance,
  recertCycles,
  recertOutstanding,
  documents,
  bases,
  sessions,
  attendanceDue,
  evaluations,
  annualReport,
  auditLog,
  regions,
  organizations,
  rules,
  levels,
  users,
  backup,
  serverSettings,
];

/** The screen shown after signing in. */
export const FIRST_RESOURCE: Resource = RESOURCES[0]!;

/** The navigation's groups in order, each with its resources in order. */
export function navigationGroups(resources: readonly Resource[] = RESOURCES): { group: MessageKey; items: Resource[] }[] {
  const groups = new Map<MessageKey, Resource[]>();
  for (const r of resources) groups.set(r.nav.group, [...(groups.get(r.nav.group) ?? []), r]);
  return [...groups].map(([group, items]) => ({ group, items }));
}
