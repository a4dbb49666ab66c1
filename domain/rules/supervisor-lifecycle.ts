/** Which supervisor status changes are allowed and the event each records; core explains refusals, the renderer offers only these. */
import type { SupervisorStatus } from '../vocabulary.ts';

export type EventKind =
  | 'appointed'
  | 'reappointed'
  | 'promoted'
  | 'demoted'
  | 'suspended'
  | 'reinstated'
  | 'expired'
  | 'revoked'
  | 'validity_changed'
  | 'region_changed'
  /** 年度再审核 passed or passed with conditions (a failure records 'suspended'). */
  | 'reviewed';

export const STATUS_TRANSITIONS: Readonly<Record<SupervisorStatus, Partial<Record<SupervisorStatus, EventKind>>>> = {
  active: { suspended: 'suspended', expired: 'expired', revoked: 'revoked' },
  suspended: { active: 'reinstated', revoked: 'revoked' },
  expired: { active: 'reinstated', revoked: 'revoked' },
  revoked: {},
};

export const transitionEvent = (from: SupervisorStatus, to: SupervisorStatus): EventKind | undefined =>
  from === to ? undefined : STATUS_TRANSITIONS[from][to];

export function allowedTargets(from: SupervisorStatus): SupervisorStatus[] {
  return Object.keys(STATUS_TRANSITIONS[from]) as SupervisorStatus[];
}
