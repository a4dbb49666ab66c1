/** Form controls bound to react-hook-form, each showing its error under the field. */
import { useState } from 'react';
import { Controller, type Control, type FieldValues, type Path } from 'react-hook-form';
import { Autocomplete, Checkbox, FormControlLabel, IconButton, InputAdornment, MenuItem, Popover, TextField, type TextFieldProps } from '@mui/material';
import EventIcon from '@mui/icons-material/Event';
import { DateCalendar } from '@mui/x-date-pickers/DateCalendar';
import { PickerDay, type PickerDayProps } from '@mui/x-date-pickers/PickerDay';
import dayjs from 'dayjs';
import { useI18n } from '../i18n/index.tsx';
import { normalizeDateText, normalizeDateTimeText } from '../../../core/dates.ts';
import { registerField } from './fieldMeta.ts';
import { today } from '../api/clock.tsx';

interface FieldProps<T extends FieldValues> {
  control: Control<T>;
  name: Path<T>;
  label: string;
  required?: boolean;
  helperText?: string;
  autoFocus?: boolean;
  disabled?: boolean;
}

export function TextInput<T extends FieldValues>({
  control,
  name,
  label,
  required,
  helperText,
  autoFocus,
  disabled,
  numeric = false,
  ...rest
}: FieldProps<T> & Pick<TextFieldProps, 'slotProps' | 'multiline' | 'minRows'> & { numeric?: boolean }) {
  registerField(control, name, { label });
  return (
    <Controller
      control={control}
      name={name}
      render={({ field, fieldState }) => (
        <TextField
          {...field}
          // Numbers stay numbers for zod; text that is not a number is kept so zod can say so.
          onChange={
            numeric
              ? (e) => field.onChange(e.target.value.trim() !== '' && !Number.isNaN(Number(e.target.value)) ? Number(e.target.value) : e.target.value)
              : field.onChange
          }
          value={field.value ?? ''}
          label={label}
          required={required}
          autoFocus={autoFocus}
          disabled={disabled}
          error={!!fieldState.error}
          helperText={fieldState.error?.message ?? helperText}
          size="small"
          fullWidth
          {...rest}
        />
      )}
    />
  );
}

export interface Option<V extends string | number> {
  value: V;
  label: string;
}

export function SelectInput<T extends FieldValues, V extends string | number>({
  control,
  name,
  label,
  required,
  options,
  emptyLabel,
  helperText,
  disabled,
}: FieldProps<T> & { options: Option<V>[]; emptyLabel?: string }) {
  registerField(control, name, { label, options });
  return (
    <Controller
      control={control}
      name={name}
      render={({ field, fieldState }) => (
        <TextField
          select
          name={field.name}
          inputRef={field.ref}
          onBlur={field.onBlur}
          value={field.value ?? ''}
          onChange={(e) => {
            const raw = e.target.value;
            const option = options.find((o) => String(o.value) === String(raw));
            field.onChange(option ? option.value : null);
          }}
          label={label}
          required={required}
          disabled={disabled}
          error={!!fieldState.error}
          helperText={fieldState.error?.message ?? helperText}
          size="small"
          fullWidth
        >
          {emptyLabel !== undefined && (
            <MenuItem value="">
              <em>{emptyLabel}</em>
            </MenuItem>
          )}
          {options.map((o) => (
            <MenuItem key={o.value} value={o.value}>
              {o.label}
            </MenuItem>
          ))}
        </TextField>
      )}
    />
  );
}

/** Picks one of many options by typing (regions, organizations): value is the option's id or null. */
export function ComboInput<T extends FieldValues>({ control, name, label, required, options, helperText }: FieldProps<T> & { options: Option<number>[] }) {
  registerField(control, name, { label, options });
  return (
    <Controller
      control={control}
      name={name}
      render={({ field, fieldState }) => (
        <Autocomplete
          options={options}
          value={options.find((o) => o.value === field.value) ?? null}
          onChange={(_e, option) => field.onChange(option ? option.value : null)}
          onBlur={field.onBlur}
          getOptionLabel={(o) => o.label}
          isOptionEqualToValue={(a, b) => a.value === b.value}
          size="small"
          fullWidth
          renderInput={(params) => (
            <TextField
              {...params}
              inputRef={field.ref}
              name={field.name}
              label={label}
              required={required}
              error={!!fieldState.error}
              helperText={fieldState.error?.message ?? helperText}
            />
          )}
        />
      )}
    />
  );
}

/**
 * A calendar day marked as today when it is today in the configured time zone (issue 20: the server
 * and a browser in another zone agree about today). The picker itself would mark the browser's today.
 */
function ConfiguredToday(props: PickerDayProps) {
  const isToday = props.day.format('YYYY-MM-DD') === today();
  return <PickerDay {...props} today={isToday} aria-current={isToday ? 'date' : undefined} />;
}

/** A date typed as text or picked from a calendar; the value is ISO text `YYYY-MM-DD`. */
export function DateInput<T extends FieldValues>({ control, name, label, required, helperText, disabled }: FieldProps<T>) {
  const { t } = useI18n();
  registerField(control, name, { label });
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  return (
    <Controller
      control={control}
      name={name}
      render={({ field, fieldState }) => {
        const picked = dayjs(field.value as string, 'YYYY-MM-DD', true);
        return (
          <>
            <TextField
              name={field.name}
              inputRef={field.ref}
              value={field.value ?? ''}
              onChange={field.onChange}
              onBlur={(e) => {
                field.onChange(normalizeDateText(e.target.value));
                field.onBlur();
              }}
              label={label}
              required={required}
              disabled={disabled}
              placeholder={t('common.datePlaceholder')}
              error={!!fieldState.error}
              helperText={fieldState.error?.message ?? helperText}
              size="small"
              fullWidth
              slotProps={{
                input: {
                  endAdornment: (
                    <InputAdornment position="end">
                      <IconButton size="small" disabled={disabled} aria-label={`${t('common.datePick')}：${label}`} onClick={(e) => setAnchor(e.currentTarget)}>
                        <EventIcon fontSize="small" />
                      </IconButton>
                    </InputAdornment>
                  ),
                },
              }}
            />
            <Popover open={!!anchor} anchorEl={anchor} onClose={() => setAnchor(null)} anchorOrigin={{ vertical: 'bottom', horizontal: 'right' }}>
              <DateCalendar
                value={picked.isValid() ? picked : null}
                // Today is the configured zone's (core's clock), not the browser's: the month to open on and the day marked.
                referenceDate={dayjs(today())}
                slots={{ day: ConfiguredToday }}
                onChange={(value) => {
                  if (value) field.onChange(value.format('YYYY-MM-DD'));
                  setAnchor(null);
                }}
              />
            </Popover>
          </>
        );
      }}
    />
  );
}

/** Picks several of a short list (e.g. a base's mentors) by typing; the value is the list of ids. */
export function MultiComboInput<T extends FieldValues>({ control, name, label, required, options, helperText }: FieldProps<T> & { options: Option<number>[] }) {
  registerField(control, name, { label, options });
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
            value={options.filter((o) => ids.includes(o.value))}
            onChange={(_e, chosen) => field.onChange(chosen.map((o) => o.value))}
            onBlur={field.onBlur}
            getOptionLabel={(o) => o.label}
            isOptionEqualToValue={(a, b) => a.value === b.value}
            filterSelectedOptions
            size="small"
            fullWidth
            renderInput={(params) => (
              <TextField
                {...params}
                inputRef={field.ref}
                name={field.name}
                label={label}
                required={required}
                error={!!fieldState.error}
                helperText={fieldState.error?.message ?? helperText}
              />
            )}
          />
        );
      }}
    />
  );
}

/** A date and time typed as text (2026-12-01 09:00); tidied on leaving the field, checked by the schema. */
export function DateTimeInput<T extends FieldValues>({ control, name, label, required, helperText, placeholder }: FieldProps<T> & { placeholder: string }) {
  registerField(control, name, { label });
  return (
    <Controller
      control={control}
      name={name}
      render={({ field, fieldState }) => (
        <TextField
          name={field.name}
          inputRef={field.ref}
          value={String(field.value ?? '').replace('T', ' ')}
          onChange={field.onChange}
          onBlur={(e) => {
            field.onChange(normalizeDateTimeText(e.target.value).replace('T', ' '));
            field.onBlur();
          }}
          label={label}
          required={required}
          placeholder={placeholder}
          error={!!fieldState.error}
          helperText={fieldState.error?.message ?? helperText}
          size="small"
          fullWidth
        />
      )}
    />
  );
}

export function CheckboxInput<T extends FieldValues>({ control, name, label, helperText }: Omit<FieldProps<T>, 'required'>) {
  registerField(control, name, { label });
  return (
    <Controller
      control={control}
      name={name}
      render={({ field }) => (
        <FormControlLabel
          control={<Checkbox name={field.name} checked={!!field.value} onChange={(e) => field.onChange(e.target.checked)} onBlur={field.onBlur} />}
          label={helperText ? `${label}（${helperText}）` : label}
        />
      )}
    />
  );
}
