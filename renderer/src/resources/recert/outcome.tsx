import { Chip } from '@mui/material';
import { useI18n } from '../../i18n/index.tsx';

export type Outcome = 'pass' | 'conditional' | 'fail';
const COLORS = { pass: 'success', conditional: 'warning', fail: 'error' } as const;

/** 通过 / 有条件通过 / 不通过 as a coloured chip; the text carries the meaning, colour only helps. */
export function OutcomeChip({ outcome, variant = 'filled' }: { outcome: Outcome | null; variant?: 'filled' | 'outlined' }) {
  const { t, label } = useI18n();
  if (!outcome) return <Chip size="small" variant="outlined" label={t('recert.undecided')} />;
  return <Chip size="small" variant={variant} color={COLORS[outcome]} label={label('outcome', outcome)} />;
}
