import type { Output } from '../../api/client.ts';
import type { Session } from './SessionForm.tsx';

export type Enrolment = Output<'sessions.get'>['enrolments'][number];
/** What core allows on the session now, with the reason when it does not. */
export type SessionCan = Output<'sessions.get'>['can'];

/** What a tab of a session's page (报名, 考勤) is given by the page. */
export interface SessionTabProps {
  session: Session;
  enrolments: Enrolment[];
  can: SessionCan;
  canWrite: boolean;
  /** After a change: the page reloads and shows the message. */
  onChanged(message: string): void;
}
