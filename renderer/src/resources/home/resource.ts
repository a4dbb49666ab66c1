import DashboardIcon from '@mui/icons-material/Dashboard';
import { screen, type Resource } from '../declare.ts';
import { askAhead } from '../../api/client.ts';
import { supervisors } from '../supervisors/resource.ts';

/** 工作台: the first screen after signing in, for every role (what needs doing, the year's figures, charts). */
export const home: Resource = {
  path: 'home',
  nav: { group: 'nav.group.home', label: 'nav.home', icon: DashboardIcon },
  // Loaded while signing in (the first screen's code is); the registry's list comes along, as when it was
  // the first screen: its grid is the one most lists share, and a screen's code otherwise loads on its first opening.
  list: screen(() => (supervisors.list.preload(), import('./HomeScreen.tsx')), 'HomeScreen'),
  askFirstPage: () => askAhead('home.overview', {}), // HomeScreen's first call; the charts follow once it shows
};
