import { Autocomplete, TextField } from '@mui/material';
import { call } from '../../api/client.ts';
import { useSearchOptions } from '../../api/useSearchOptions.ts';
import { useI18n } from '../../i18n/index.tsx';

export interface PickedSupervisor {
  id: number;
  name: string;
  levelName: string;
}

const searchSupervisors = (search: string | undefined) =>
  call('supervisors.list', { search, pageSize: 20 }).then((page) => page.rows.map((s) => ({ id: s.id, name: s.personName, levelName: s.levelName })));

/** Finds a supervisor by typing part of the name; searches in SQL as the user types. */
export function SupervisorPicker({
  value,
  onChange,
  error,
}: {
  value: PickedSupervisor | null;
  onChange(s: PickedSupervisor | null): void;
  error?: string | undefined;
}) {
  const { t } = useI18n();
  const { options, setText } = useSearchOptions(searchSupervisors);
  return (
    <Autocomplete
      options={value && !options.some((o) => o.id === value.id) ? [value, ...options] : options}
      value={value}
      onChange={(_e, s) => onChange(s)}
      onInputChange={(_e, v) => setText(v)}
      filterOptions={(x) => x}
      getOptionLabel={(s) => `${s.name}（${s.levelName}）`}
      isOptionEqualToValue={(a, b) => a.id === b.id}
      size="small"
      renderInput={(params) => (
        <TextField
          {...params}
          label={t('supervisionWork.supervisor')}
          placeholder={t('supervisionWork.supervisorPick')}
          required
          error={!!error}
          helperText={error}
        />
      )}
    />
  );
}
