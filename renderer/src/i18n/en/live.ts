import type { messages as zh } from '../zh/live.ts';

/** English · live updates: the same keys as zh/live.ts (a missing or extra key fails the typecheck). */
export const messages: Record<keyof typeof zh, string> = {
  'live.reconnecting': 'The live connection was lost; reconnecting… (lists may be out of date)',
  'live.changedElsewhere': 'This record has been changed by another user',
  'live.loadLatest': 'Load the latest values',
  'live.cycleChanged': '{name} has just changed this cycle ({status})',
};
