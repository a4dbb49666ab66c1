/** Why a supervisor status change is refused; which changes are allowed and the event each records is defined once in domain/. */
import { allowedTargets, transitionEvent, type EventKind } from '../../domain/index.ts';
import { SupervisorStatus } from '../../domain/vocabulary.ts';

export { allowedTargets, type EventKind };

const REFUSALS: Partial<Record<`${SupervisorStatus}>${SupervisorStatus}`, string>> = {
  'revoked>active': '已注销的督导不能直接恢复在册：注销是聘任的终止。如需再次聘任，请在督导库中重新“聘任督导”，系统会重新核对准入条件',
  'revoked>suspended': '已注销的督导不能再暂停：注销是聘任的终止',
  'revoked>expired': '已注销的督导不能改为过期：注销是聘任的终止',
  'suspended>expired': '暂停中的督导不能直接改为过期：请先恢复在册或办理注销',
  'expired>suspended': '已过期的督导不能暂停：请先续聘恢复在册或办理注销',
};

/** The event a status change records, or why it is refused. */
export function statusTransition(from: SupervisorStatus, to: SupervisorStatus): { kind: EventKind } | { refusal: string } {
  if (from === to) return { refusal: `状态已是“${SupervisorStatus.label(to)}”，无需变更` };
  const kind = transitionEvent(from, to);
  if (kind) return { kind };
  return { refusal: REFUSALS[`${from}>${to}`] ?? `不能从“${SupervisorStatus.label(from)}”变更为“${SupervisorStatus.label(to)}”` };
}
