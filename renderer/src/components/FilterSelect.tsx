import { MenuItem, TextField } from '@mui/material';

/** A list filter: one value or all of them (shown as `allLabel`, so the box never looks empty). */
export function FilterSelect<V extends string | number>({
  label,
  value,
  allLabel,
  options,
  onChange,
  minWidth = 140,
}: {
  label: string;
  value: V | '';
  allLabel: string;
  options: { value: V; label: string }[];
  onChange(v: V | ''): void;
  minWidth?: number;
}) {
  return (
    <TextField
      select
      size="small"
      label={label}
      value={value}
      onChange={(e) => onChange((options.find((o) => String(o.value) === String(e.target.value))?.value ?? '') as V | '')}
      slotProps={{ select: { displayEmpty: true }, inputLabel: { shrink: true } }}
      sx={{ minWidth }}
    >
      <MenuItem value="">{allLabel}</MenuItem>
      {options.map((o) => (
        <MenuItem key={o.value} value={o.value}>
          {o.label}
        </MenuItem>
      ))}
    </TextField>
  );
}
