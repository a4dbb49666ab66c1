import MapIcon from '@mui/icons-material/Map';
import { screen, type Resource } from '../declare.ts';

export const regions: Resource = {
  path: 'regions',
  nav: { group: 'nav.group.system', label: 'nav.regions', icon: MapIcon },
  list: screen(() => import('./RegionList.tsx'), 'RegionList'),
};
