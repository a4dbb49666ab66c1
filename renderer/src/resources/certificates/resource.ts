import WorkspacePremiumIcon from '@mui/icons-material/WorkspacePremium';
import { screen, type Resource } from '../declare.ts';

export const certificates: Resource = {
  path: 'certificates',
  nav: { group: 'nav.group.supervision', label: 'nav.certificates', icon: WorkspacePremiumIcon },
  list: screen(() => import('./CertificateList.tsx'), 'CertificateList'),
};
