import { MenuItem, TextField } from '@mui/material';
import { useI18n } from '../i18n/index.tsx';
import { thisYear as currentYear } from '../api/clock.tsx';

/** A year among the recent ones (this year first, or next year first when `includeNext`). */
export function YearSelect({
  value,
  onChange,
  years = 4,
  includeNext = false,
}: {
  value: number;
  onChange(year: number): void;
  years?: number;
  includeNext?: boolean;
}) {
  const { t } = useI18n();
  const thisYear = currentYear();
  const options = Array.from({ length: years }, (_v, i) => (includeNext ? thisYear + 1 : thisYear) - i);
  return (
    <TextField select size="small" label={t('recert.year')} value={value} onChange={(e) => onChange(Number(e.target.value))} sx={{ width: 110 }}>
      {options.map((y) => (
        <MenuItem key={y} value={y}>
          {y}
        </MenuItem>
      ))}
    </TextField>
  );
}
