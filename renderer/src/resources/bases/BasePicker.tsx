import { useEffect, useState } from 'react';
import { Autocomplete, TextField } from '@mui/material';
import { call } from '../../api/client.ts';
import { useI18n } from '../../i18n/index.tsx';

export interface BaseChoice {
  id: number;
  name: string;
}

/**
 * Finds a base by typing part of its name; searches in SQL (a province has hundreds of bases).
 * A coordinator only ever sees their own bases: core filters the list.
 */
export function BasePicker({ value, onChange, label, placeholder, required, error, disabled, size = 'small' }: { value: BaseChoice | null; onChange(base: BaseChoice | null): void; label: string; placeholder?: string; required?: boolean; error?: string; disabled?: boolean; size?: 'small' | 'medium' }) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const [options, setOptions] = useState<BaseChoice[]>([]);
  useEffect(() => {
    let live = true;
    const timer = setTimeout(() => {
      call('bases.list', { search: text.trim() || undefined, pageSize: 30, sortField: 'name' }).then(
        (page) => live && setOptions(page.rows.map((b) => ({ id: b.id, name: b.name }))),
        () => live && setOptions([]),
      );
    }, 200);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [text]);
  return (
    <Autocomplete
      options={options}
      value={value}
      onChange={(_e, base) => onChange(base)}
      onInputChange={(_e, v, reason) => reason === 'input' && setText(v)}
      filterOptions={(x) => x}
      getOptionLabel={(b) => b.name}
      isOptionEqualToValue={(a, b) => a.id === b.id}
      noOptionsText={t('common.noRows')}
      disabled={disabled}
      size={size}
      sx={{ minWidth: 240 }}
      renderInput={(params) => <TextField {...params} label={label} placeholder={placeholder} required={required} error={!!error} helperText={error} />}
    />
  );
}
