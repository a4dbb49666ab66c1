import PeopleIcon from '@mui/icons-material/People';
import { screen, type Resource } from '../declare.ts';

export const people: Resource = {
  path: 'people',
  nav: { group: 'nav.group.supervision', label: 'nav.people', icon: PeopleIcon },
  list: screen(() => import('./PersonList.tsx'), 'PersonList'),
  detail: screen(() => import('./PersonDetail.tsx'), 'PersonDetail'),
};
