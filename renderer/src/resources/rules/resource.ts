import RuleIcon from '@mui/icons-material/Rule';
import { screen, type Resource } from '../declare.ts';

export const rules: Resource = {
  path: 'rules',
  nav: { group: 'nav.group.system', label: 'nav.rules', icon: RuleIcon },
  list: screen(() => import('./RuleSettings.tsx'), 'RuleSettings'),
};
