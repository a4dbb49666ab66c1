import BadgeIcon from '@mui/icons-material/Badge';
import { screen, type Resource } from '../declare.ts';
import { askAhead } from '../../api/client.ts';
import { FIRST_PAGE } from '../../components/gridPaging.ts';

export const supervisors: Resource = {
  path: 'supervisors',
  nav: { group: 'nav.group.supervision', label: 'nav.supervisors', icon: BadgeIcon },
  list: screen(() => import('./SupervisorList.tsx'), 'SupervisorList'),
  detail: screen(() => import('./SupervisorDetail.tsx'), 'SupervisorDetail'),
  askFirstPage: () => askAhead('supervisors.list', FIRST_PAGE), // SupervisorList's grid, no search or filter
};
