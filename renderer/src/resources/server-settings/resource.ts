import SettingsIcon from '@mui/icons-material/Settings';
import { screen, type Resource } from '../declare.ts';

export const serverSettings: Resource = {
  path: 'server-settings',
  nav: { group: 'nav.group.system', label: 'nav.serverSettings', icon: SettingsIcon },
  permission: 'config.write',
  list: screen(() => import('./ServerSettings.tsx'), 'ServerSettings'),
};
