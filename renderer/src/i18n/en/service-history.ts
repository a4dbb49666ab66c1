/** English · service history. */
import type { messages as zh } from '../zh/service-history.ts';

export const messages: Record<keyof typeof zh, string> = {
  'serviceHistory.tab': 'Service history',
  'serviceHistory.hint':
    'One entry per change of organization or job grade (person form or registry import); supervisees’ and trainees’ organizations are read from here as of the date that matters.',
  'serviceHistory.from': 'From',
  'serviceHistory.to': 'To',
  'serviceHistory.current': 'now',
  'serviceHistory.organization': 'Organization',
  'serviceHistory.post': 'Job grade',
  'serviceHistory.source': 'Source',
  'serviceHistory.recorded': 'Recorded by · at',
  'serviceHistory.none': '(none)',
  'serviceHistory.changedOn': 'Change effective on',
  'serviceHistory.changedOnHelp': 'When the new organization or job grade took effect, for the service history; empty: today',
  'serviceHistory.empty': 'No service history yet: it starts when the person’s organization or job grade is filled in',
};
