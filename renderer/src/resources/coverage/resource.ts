import PlaceIcon from '@mui/icons-material/Place';
import { screen, type Resource } from '../declare.ts';

export const coverage: Resource = {
  path: 'coverage',
  nav: { group: 'nav.group.supervision', label: 'nav.coverage', icon: PlaceIcon },
  list: screen(() => import('./CoverageList.tsx'), 'CoverageList'),
};
