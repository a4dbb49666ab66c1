import StairsIcon from '@mui/icons-material/Stairs';
import { screen, type Resource } from '../declare.ts';

export const levels: Resource = {
  path: 'levels',
  nav: { group: 'nav.group.system', label: 'nav.levels', icon: StairsIcon },
  list: screen(() => import('./LevelList.tsx'), 'LevelList'),
};
