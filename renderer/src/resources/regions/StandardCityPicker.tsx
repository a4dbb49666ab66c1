import { Autocomplete, Stack, TextField } from '@mui/material';
import type { Output } from '../../api/client.ts';
import { useI18n } from '../../i18n/index.tsx';

export type DivisionProvince = Output<'regions.standardDivisions'>['provinces'][number];
export type DivisionUnit = DivisionProvince['units'][number];

/** Province, then city (or a county the province governs directly), from the national list; both searchable by typing. */
export function StandardCityPicker({
  provinces,
  province,
  unit,
  onChange,
  disabled,
}: {
  provinces: DivisionProvince[];
  province: DivisionProvince | null;
  unit: DivisionUnit | null;
  onChange(province: DivisionProvince | null, unit: DivisionUnit | null): void;
  disabled?: boolean;
}) {
  const { t } = useI18n();
  return (
    <Stack direction="row" spacing={1}>
      <Autocomplete
        options={provinces}
        value={province}
        onChange={(_e, p) => onChange(p, null)}
        getOptionLabel={(p) => p.name}
        isOptionEqualToValue={(a, b) => a.code === b.code}
        noOptionsText={t('common.noRows')}
        disabled={disabled}
        size="small"
        sx={{ flex: 1 }}
        renderInput={(params) => <TextField {...params} label={t('region.standardProvince')} />}
      />
      <Autocomplete
        options={province?.units ?? []}
        value={unit}
        onChange={(_e, u) => onChange(province, u)}
        getOptionLabel={(u) => (u.county ? t('region.standardCounty', { name: u.name }) : u.name)}
        isOptionEqualToValue={(a, b) => a.code === b.code}
        noOptionsText={t('common.noRows')}
        disabled={disabled || !province}
        size="small"
        sx={{ flex: 1 }}
        renderInput={(params) => <TextField {...params} label={t('region.standardCity')} />}
      />
    </Stack>
  );
}
