import DashboardIcon from '@mui/icons-material/Dashboard';
import { screen, type Resource } from '../declare.ts';
import { askAhead } from '../../api/client.ts';

/** 工作台: the first screen after signing in, for every role (what needs doing, the year's figures, charts). */
export const home: Resource = {
  path: 'home',
  nav: { group: 'nav.group.home', label: 'nav.home', icon: DashboardIcon },
  list: screen(() => import('./HomeScreen.tsx'), 'HomeScreen'),
  askFirstPage: () => askAhead('home.overview', {}), // HomeScreen's first call; the charts follow once it shows
};
