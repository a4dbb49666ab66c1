import type { messages as zh } from '../zh/online-users.ts';

/** English · online users: the same keys as zh/online-users.ts (a missing or extra key fails the typecheck). */
export const messages: Record<keyof typeof zh, string> = {
  'online.tabAccounts': 'Accounts',
  'online.tab': 'Signed in now',
  'online.user': 'User',
  'online.role': 'Role',
  'online.source': 'From address',
  'online.browser': 'Browser',
  'online.since': 'Signed in at',
  'online.lastSeen': 'Last active',
  'online.current': 'This session',
  'online.end': 'End session',
  'online.endTitle': 'End the session of {name}?',
  'online.endBody': '{name} (from {source}) will be asked to sign in again at their next action.',
  'online.empty': 'Nobody else is signed in',
  'online.refresh': 'Refresh',
  'online.timeouts': 'Sessions end after {idle} minutes without activity or {absolute} hours after signing in.',
  'online.editTimeouts': 'Change session timeouts',
  'online.idleMinutes': 'Idle timeout (minutes)',
  'online.absoluteHours': 'Longest session (hours)',
  'online.local': 'this computer',
};
