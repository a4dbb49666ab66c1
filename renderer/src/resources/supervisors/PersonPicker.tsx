import { Autocomplete, TextField } from '@mui/material';
import { call, type Output } from '../../api/client.ts';
import { useSearchOptions } from '../../api/useSearchOptions.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useAuth } from '../../auth/AuthProvider.tsx';

type Person = Output<'people.list'>['rows'][number];

const searchPeople = (search: string | undefined) => call('people.list', { search, pageSize: 20 }).then((page) => page.rows);

/** Finds a person by typing part of the name or 身份证号; searches in SQL as the user types. */
export function PersonPicker({
  value,
  onChange,
  error,
  inputRef,
}: {
  value: Person | null;
  onChange(p: Person | null): void;
  error?: string;
  inputRef?: React.Ref<HTMLInputElement>;
}) {
  const { t } = useI18n();
  // Without pii.read core refuses a search by 身份证号 (it would find the hidden digits): by name only.
  const byNumber = useAuth().can('pii.read');
  const { options, setText } = useSearchOptions(searchPeople);
  return (
    <Autocomplete
      options={options}
      value={value}
      onChange={(_e, person) => onChange(person)}
      onInputChange={(_e, v) => setText(v)}
      filterOptions={(x) => x}
      getOptionLabel={(p) => `${p.name}（${p.idNumber}）`}
      isOptionEqualToValue={(a, b) => a.id === b.id}
      noOptionsText={t('supervisor.personNoMatch')}
      size="small"
      renderInput={(params) => (
        <TextField
          {...params}
          inputRef={inputRef}
          label={t('supervisor.person')}
          placeholder={t(byNumber ? 'supervisor.personPick' : 'supervisor.personPickByName')}
          required
          error={!!error}
          helperText={error}
          autoFocus
        />
      )}
    />
  );
}
