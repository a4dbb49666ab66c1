import { Chip } from '@mui/material';
import { useI18n } from '../../i18n/index.tsx';

const COLORS = { excellent: 'success', good: 'primary', pass: 'default', fail: 'error' } as const;

/** 优秀 / 良好 / 合格 / 不合格. */
export function GradeChip({ grade }: { grade: keyof typeof COLORS | null }) {
  const { label } = useI18n();
  if (!grade) return null;
  return <Chip size="small" color={COLORS[grade]} label={label('evaluationGrade', grade)} />;
}
