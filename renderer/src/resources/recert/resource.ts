import VerifiedIcon from '@mui/icons-material/Verified';
import NotificationsActiveIcon from '@mui/icons-material/NotificationsActive';
import { screen, type Resource } from '../declare.ts';

export const recertCycles: Resource = {
  path: 'recert',
  nav: { group: 'nav.group.recert', label: 'nav.recert', icon: VerifiedIcon, end: true },
  list: screen(() => import('./CycleList.tsx'), 'CycleList'),
  detail: screen(() => import('./CycleDetail.tsx'), 'CycleDetail'),
};

export const recertOutstanding: Resource = {
  path: 'recert/outstanding',
  nav: { group: 'nav.group.recert', label: 'nav.outstanding', icon: NotificationsActiveIcon },
  list: screen(() => import('./OutstandingList.tsx'), 'OutstandingList'),
};
