import GradingIcon from '@mui/icons-material/Grading';
import { screen, type Resource } from '../declare.ts';

export const evaluations: Resource = {
  path: 'evaluations',
  nav: { group: 'nav.group.bases', label: 'nav.evaluations', icon: GradingIcon },
  permission: 'bases.read',
  list: screen(() => import('./EvaluationRanking.tsx'), 'EvaluationRanking'),
};
