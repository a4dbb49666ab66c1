import VerifiedIcon from '@mui/icons-material/Verified';
import { screen, type Resource } from '../declare.ts';

/** 证书核验与文书: verification, issued documents, letter templates and the signing key. */
export const documents: Resource = {
  path: 'documents',
  nav: { group: 'nav.group.recert', label: 'nav.documents', icon: VerifiedIcon },
  list: screen(() => import('./DocumentsScreen.tsx'), 'DocumentsScreen'),
};
