import BackupIcon from '@mui/icons-material/Backup';
import { screen, type Resource } from '../declare.ts';

export const backup: Resource = {
  path: 'backup',
  nav: { group: 'nav.group.system', label: 'nav.backup', icon: BackupIcon },
  permission: 'backup.manage',
  list: screen(() => import('./BackupScreen.tsx'), 'BackupScreen'),
};
