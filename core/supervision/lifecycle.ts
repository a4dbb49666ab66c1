/** Which status changes are allowed, the event each one records, and why the others are refused. */
import type { SupervisorStatus } from '../../db/repos/supervisors.ts';

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

export const STATUS_LABELS: Record<SupervisorStatus, string> = { active: '在册', suspended: '暂停', expired: '过期', revoked: '注销' };

const TRANSITIONS: Record<SupervisorStatus, Partial<Record<SupervisorStatus, EventKind>>> = {
  active: { suspended: 'suspended', expired: 'expired', revoked: 'revoked' },
  suspended: { active: 'reinstated', revoked: 'revoked' },
  expired: { active: 'reinstated', revoked: 'revoked' },
  revoked: {},
};

const REFUSALS: Partial<Record<`${SupervisorStatus}>${SupervisorStatus}`, string>> = {
  'revoked>active': '已注销的督导不能直接恢复在册：注销是聘任的终止。如需再次聘任，请在督导库中重新“聘任督导”，系统会重新核对准入条件',
  'revoked>suspended': '已注销的督导不能再暂停：注销是聘任的终止',
  'revoked>expired': '已注销的督导不能改为过期：注销是聘任的终止',
  'suspended>expired': '暂停中的督导不能直接改为过期：请先恢复在册或办理注销',
  'expired>suspended': '已过期的督导不能暂停：请先续聘恢复在册或办理注销',
};

/** The event a status change records, or why it is refused. */
export function statusTransition(from: SupervisorStatus, to: SupervisorStatus): { kind: EventKind } | { refusal: string } {
  if (from === to) return { refusal: `状态已是“${STATUS_LABELS[to]}”，无需变更` };
  const kind = TRANSITIONS[from][to];
  if (kind) return { kind };
  return { refusal: REFUSALS[`${from}>${to}`] ?? `不能从“${STATUS_LABELS[from]}”变更为“${STATUS_LABELS[to]}”` };
}

export function allowedTargets(from: SupervisorStatus): SupervisorStatus[] {
  return Object.keys(TRANSITIONS[from]) as SupervisorStatus[];
}
