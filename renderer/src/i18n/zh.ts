/**
 * Simplified Chinese, the source language: each feature's messages (zh/<feature>.ts) and the labels
 * of the vocabularies domain/ defines (domain-labels.ts). Every key must exist in en.ts (the typecheck
 * and tests/unit/i18n.test.ts check), and no key may be defined twice (the test checks).
 */
import { domainLabels } from './domain-labels.ts';
import { messages as common } from './zh/common.ts';
import { messages as regions } from './zh/regions.ts';
import { messages as organizations } from './zh/organizations.ts';
import { messages as people } from './zh/people.ts';
import { messages as supervisors } from './zh/supervisors.ts';
import { messages as importing } from './zh/import.ts';
import { messages as users } from './zh/users.ts';
import { messages as audit } from './zh/audit.ts';
import { messages as backup } from './zh/backup.ts';
import { messages as bases } from './zh/bases.ts';
import { messages as sessions } from './zh/sessions.ts';
import { messages as compliance } from './zh/compliance.ts';
import { messages as recert } from './zh/recert.ts';
import { messages as evaluations } from './zh/evaluations.ts';
import { messages as connection } from './zh/connection.ts';
import { messages as serverSettings } from './zh/server-settings.ts';
import { messages as onlineUsers } from './zh/online-users.ts';
import { messages as live } from './zh/live.ts';
import { messages as conflicts } from './zh/conflicts.ts';
import { messages as home } from './zh/home.ts';
import { messages as documents } from './zh/documents.ts';
import { messages as supervisionWork } from './zh/supervision-work.ts';

/** Each feature's own messages, by feature (the test counts them to find a key defined twice). */
export const zhFeatures = {
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

export const zh = {
  ...domainLabels('zh'),
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

export type MessageKey = keyof typeof zh;
