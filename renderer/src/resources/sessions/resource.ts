import CalendarMonthIcon from '@mui/icons-material/CalendarMonth';
import FactCheckIcon from '@mui/icons-material/FactCheck';
import { screen, type Resource } from '../declare.ts';

export const sessions: Resource = {
  path: 'sessions',
  nav: { group: 'nav.group.bases', label: 'nav.sessions', icon: CalendarMonthIcon },
  permission: 'bases.read',
  list: screen(() => import('./SessionList.tsx'), 'SessionList'),
  detail: screen(() => import('./SessionDetail.tsx'), 'SessionDetail'),
};

/** 考勤待办: the sessions that have started and still wait for attendance. */
export const attendanceDue: Resource = {
  path: 'attendance',
  nav: { group: 'nav.group.bases', label: 'nav.attendance', icon: FactCheckIcon },
  permission: 'bases.read',
  list: screen(() => import('./AttendanceDue.tsx'), 'AttendanceDue'),
};
