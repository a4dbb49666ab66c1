import { useState } from 'react';
import { Autocomplete, TextField } from '@mui/material';
import { Controller, type Control, type FieldValues, type Path } from 'react-hook-form';
import { call } from '../../api/client.ts';
import { useSearchOptions } from '../../api/useSearchOptions.ts';
import { useI18n } from '../../i18n/index.tsx';

export interface BaseChoice {
  id: number;
  name: string;
}

const searchBases = (search: string | undefined) =>
  call('bases.list', { search, pageSize: 30, sortField: 'name' }).then((page) => page.rows.map((b): BaseChoice => ({ id: b.id, name: b.name })));

/**
 * Finds a base by typing part of its name; searches in SQL (a province has hundreds of bases).
 * A coordinator only ever sees their own bases: core filters the list.
 */
export function BasePicker({
  value,
  onChange,
  label,
  placeholder,
  required,
  error,
  disabled,
  size = 'small',
  fullWidth,
}: {
  value: BaseChoice | null;
  onChange(base: BaseChoice | null): void;
  label: string;
  placeholder?: string;
  required?: boolean;
  error?: string;
  disabled?: boolean;
  size?: 'small' | 'medium';
  /** Takes its share of a form's row (a long base name shows whole), instead of the filter's fixed width. */
  fullWidth?: boolean;
}) {
  const { t } = useI18n();
  const { options, setText } = useSearchOptions(searchBases);
  return (
    <Autocomplete
      fullWidth={fullWidth}
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

/** Several bases (a coordinator's), bound to a form field holding their ids; searches like BasePicker. */
export function BaseMultiInput<T extends FieldValues>({
  control,
  name,
  label,
  initial,
  helperText,
}: {
  control: Control<T>;
  name: Path<T>;
  label: string;
  initial: BaseChoice[];
  helperText?: string;
}) {
  const { t } = useI18n();
  const { options, setText } = useSearchOptions(searchBases);
  const [known, setKnown] = useState(() => new Map(initial.map((b) => [b.id, b.name])));
  return (
    <Controller
      control={control}
      name={name}
      render={({ field, fieldState }) => {
        const ids = (field.value ?? []) as number[];
        return (
          <Autocomplete
            multiple
            options={options}
            value={ids.map((id) => ({ id, name: known.get(id) ?? `#${id}` }))}
            onChange={(_e, chosen) => {
              setKnown((m) => new Map([...m, ...chosen.map((b) => [b.id, b.name] as const)]));
              field.onChange(chosen.map((b) => b.id));
            }}
            onInputChange={(_e, v, reason) => reason === 'input' && setText(v)}
            filterOptions={(x) => x}
            filterSelectedOptions
            getOptionLabel={(b) => b.name}
            isOptionEqualToValue={(a, b) => a.id === b.id}
            noOptionsText={t('common.noRows')}
            size="small"
            renderInput={(params) => (
              <TextField {...params} inputRef={field.ref} label={label} error={!!fieldState.error} helperText={fieldState.error?.message ?? helperText} />
            )}
          />
        );
      }}
    />
  );
}
