import TimerIcon from '@mui/icons-material/Timer';
import { screen, type Resource } from '../declare.ts';

export const compliance: Resource = {
  path: 'compliance',
  nav: { group: 'nav.group.recert', label: 'nav.compliance', icon: TimerIcon },
  list: screen(() => import('./ComplianceList.tsx'), 'ComplianceList'),
};
