/** English, the second language: each feature's messages (en/<feature>.ts, typed against zh/<feature>.ts) and the domain labels. */
import { domainLabels } from './domain-labels.ts';
import type { MessageKey } from './zh.ts';
import { messages as common } from './en/common.ts';
import { messages as regions } from './en/regions.ts';
import { messages as organizations } from './en/organizations.ts';
import { messages as people } from './en/people.ts';
import { messages as supervisors } from './en/supervisors.ts';
import { messages as importing } from './en/import.ts';
import { messages as users } from './en/users.ts';
import { messages as audit } from './en/audit.ts';
import { messages as backup } from './en/backup.ts';
import { messages as bases } from './en/bases.ts';
import { messages as sessions } from './en/sessions.ts';
import { messages as compliance } from './en/compliance.ts';
import { messages as recert } from './en/recert.ts';
import { messages as evaluations } from './en/evaluations.ts';
import { messages as connection } from './en/connection.ts';
import { messages as serverSettings } from './en/server-settings.ts';
import { messages as onlineUsers } from './en/online-users.ts';
import { messages as live } from './en/live.ts';
import { messages as conflicts } from './en/conflicts.ts';
import { messages as home } from './en/home.ts';
import { messages as documents } from './en/documents.ts';
import { messages as supervisionWork } from './en/supervision-work.ts';

export const enFeatures = {
  common,
  regions,
  organizations,
  people,
  supervisors,
  importing,
  users,
  audit,
  backup,
  bases,
  sessions,
  compliance,
  recert,
  evaluations,
  connection,
  serverSettings,
  onlineUsers,
  live,
  conflicts,
  home,
  documents,
  supervisionWork,
};

/** Typed so that a missing key fails the typecheck. */
export const en: Record<MessageKey, string> = {
  ...domainLabels('en'),
  ...common,
  ...regions,
  ...organizations,
  ...people,
  ...supervisors,
  ...importing,
  ...users,
  ...audit,
  ...backup,
  ...bases,
  ...sessions,
  ...compliance,
  ...recert,
  ...evaluations,
  ...connection,
  ...serverSettings,
  ...onlineUsers,
  ...live,
  ...conflicts,
  ...home,
  ...documents,
  ...supervisionWork,
};
