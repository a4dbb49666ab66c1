import type { messages as zh } from '../zh/conflicts.ts';

/** English · conflicts. */
export const messages: Record<keyof typeof zh, string> = {
  'conflict.title': '{by} changed this record at {at}',
  'conflict.intro': 'These fields differ from what you entered. Choose which to keep for each, then save again:',
  'conflict.none': 'What they changed is not on this form: you can save again.',
  'conflict.mine': 'Mine',
  'conflict.theirs': 'Theirs',
  'conflict.keepMine': 'Keep mine',
  'conflict.takeTheirs': 'Take theirs',
  'conflict.empty': '(empty)',
  'conflict.yes': 'Yes',
  'conflict.no': 'No',
  'conflict.reloaded': 'The latest data has been loaded: check it and try again.',
};
