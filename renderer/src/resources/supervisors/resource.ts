import BadgeIcon from '@mui/icons-material/Badge';
import { screen, type Resource } from '../declare.ts';

export const supervisors: Resource = {
  path: 'supervisors',
  nav: { group: 'nav.group.supervision', label: 'nav.supervisors', icon: BadgeIcon },
  list: screen(() => import('./SupervisorList.tsx'), 'SupervisorList'),
  detail: screen(() => import('./SupervisorDetail.tsx'), 'SupervisorDetail'),
};
