import { Chip } from '@mui/material';
import FilterAltIcon from '@mui/icons-material/FilterAlt';

/** A filter another screen opened this list with (工作台 → 「聘任 90 天内到期」): shown, and removed with its ✕. */
export function LinkedFilterChip({ label, onDelete }: { label: string; onDelete: () => void }) {
  return <Chip icon={<FilterAltIcon />} color="primary" variant="outlined" label={label} onDelete={onDelete} />;
}
