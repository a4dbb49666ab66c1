import HistoryIcon from '@mui/icons-material/History';
import SummarizeIcon from '@mui/icons-material/Summarize';
import { screen, type Resource } from '../declare.ts';

export const annualReport: Resource = {
  path: 'annual-report',
  nav: { group: 'nav.group.reports', label: 'nav.annualReport', icon: SummarizeIcon },
  permission: 'export',
  list: screen(() => import('./AnnualReport.tsx'), 'AnnualReport'),
};

export const auditLog: Resource = {
  path: 'audit',
  nav: { group: 'nav.group.reports', label: 'nav.audit', icon: HistoryIcon },
  permission: 'audit.read',
  list: screen(() => import('./AuditLog.tsx'), 'AuditLog'),
};
