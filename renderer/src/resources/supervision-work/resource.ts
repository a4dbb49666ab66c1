import AssignmentIcon from '@mui/icons-material/Assignment';
import { screen, type Resource } from '../declare.ts';

/** 督导工作记录 (issue 22): the supervision supervisors give, typed or imported. */
export const supervisionWork: Resource = {
  path: 'supervision-work',
  nav: { group: 'nav.group.supervision', label: 'nav.supervisionWork', icon: AssignmentIcon },
  permission: 'bases.read',
  list: screen(() => import('./RecordList.tsx'), 'RecordList'),
};
