import ManageAccountsIcon from '@mui/icons-material/ManageAccounts';
import { screen, type Resource } from '../declare.ts';

export const users: Resource = {
  path: 'users',
  nav: { group: 'nav.group.system', label: 'nav.users', icon: ManageAccountsIcon },
  permission: 'users.manage',
  list: screen(() => import('./UserList.tsx'), 'UserList'),
};
