import ApartmentIcon from '@mui/icons-material/Apartment';
import { screen, type Resource } from '../declare.ts';

export const organizations: Resource = {
  path: 'organizations',
  nav: { group: 'nav.group.system', label: 'nav.organizations', icon: ApartmentIcon },
  list: screen(() => import('./OrganizationList.tsx'), 'OrganizationList'),
};
