import SchoolIcon from '@mui/icons-material/School';
import { screen, type Resource } from '../declare.ts';

export const bases: Resource = {
  path: 'bases',
  nav: { group: 'nav.group.bases', label: 'nav.bases', icon: SchoolIcon },
  permission: 'bases.read',
  list: screen(() => import('./BaseList.tsx'), 'BaseList'),
  detail: screen(() => import('./BaseDetail.tsx'), 'BaseDetail'),
};
