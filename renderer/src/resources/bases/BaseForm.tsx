import { useEffect, useState } from 'react';
import { Controller } from 'react-hook-form';
import { Autocomplete, Stack, TextField } from '@mui/material';
import { useSearchOptions } from '../../api/useSearchOptions.ts';
import { call, type Output } from '../../api/client.ts';
import { FormDialog } from '../../components/FormDialog.tsx';
import { useHeldRecord } from '../../components/useHeldRecord.ts';
import { ComboInput, DateInput, SelectInput, TextInput } from '../../components/fields.tsx';
import { useApiForm } from '../../components/useApiForm.ts';
import { useI18n } from '../../i18n/index.tsx';
import { baseFields, type BaseInput } from '../../../../core/schemas/bases.ts';
import { useRegionOptions } from '../regions/useRegionOptions.ts';
import { useAuth } from '../../auth/AuthProvider.tsx';
import { useOrganizationOptions } from '../organizations/useOrganizationOptions.ts';
import { AccreditationStatus, BaseGrade } from '../../../../domain/index.ts';

type Detail = Output<'bases.get'>;
type PersonOption = { id: number; name: string };

const EMPTY = {
  name: '',
  organizationId: undefined as unknown as number,
  regionId: undefined as unknown as number,
  address: '',
  capacity: null,
  facilities: '',
  grade: 'ordinary',
  accreditationStatus: 'accredited',
  accreditedUntil: '',
  coordinatorIds: [],
} satisfies BaseInput;

const searchCoordinators = (search: string | undefined) =>
  call('people.list', { search, pageSize: 20 }).then((p) => p.rows.map((r): PersonOption => ({ id: r.id, name: r.name })));

/** Finds people to pick as coordinators by typing part of a name or 身份证号. */
function CoordinatorPicker({
  value,
  onChange,
  label,
  disabled,
  helperText,
}: {
  value: PersonOption[];
  onChange(v: PersonOption[]): void;
  label: string;
  disabled: boolean;
  helperText?: string | undefined;
}) {
  const { options, setText } = useSearchOptions(searchCoordinators);
  return (
    <Autocomplete
      multiple
      options={options}
      value={value}
      disabled={disabled}
      onChange={(_e, v) => onChange(v)}
      onInputChange={(_e, v) => setText(v)}
      filterOptions={(x) => x}
      getOptionLabel={(o) => o.name}
      isOptionEqualToValue={(a, b) => a.id === b.id}
      size="small"
      renderInput={(params) => <TextField {...params} label={label} helperText={helperText} />}
    />
  );
}

export function BaseForm({ open, detail: latest, onClose, onSaved }: { open: boolean; detail: Detail | null; onClose(): void; onSaved(id: number): void }) {
  const record = useHeldRecord(open, latest); // another user's save shows a banner, not new values under the user's hands
  const detail = record.held;
  const { t, label } = useI18n();
  // Grade, accreditation and the coordinators are the association's decision: a coordinator sees them, core refuses them from one.
  const decides = useAuth().can('registry.write');
  const { options: regions } = useRegionOptions(open);
  const organizations = useOrganizationOptions(open);
  const [coordinators, setCoordinators] = useState<PersonOption[]>([]);
  const { form, setFormError, submitWith, dialog, loadVersion, version } = useApiForm(baseFields, EMPTY);
  useEffect(() => {
    if (!open) return;
    setFormError(null);
    const b = detail?.base;
    setCoordinators(detail?.coordinators.map((c) => ({ id: c.personId, name: c.name })) ?? []);
    form.reset(
      b
        ? {
            name: b.name,
            organizationId: b.organizationId,
            regionId: b.regionId,
            address: b.address,
            capacity: b.capacity,
            facilities: b.facilities,
            grade: b.grade,
            accreditationStatus: b.accreditationStatus,
            accreditedUntil: b.accreditedUntil,
            coordinatorIds: detail!.coordinators.map((c) => c.personId),
          }
        : EMPTY,
    );
    loadVersion(detail?.base.version);
  }, [open, detail, form, setFormError, loadVersion]);
  const onSubmit = submitWith(async (values) => {
    const { grade, accreditationStatus, accreditedUntil, coordinatorIds, ...rest } = values;
    const update = decides ? { ...rest, grade, accreditationStatus, accreditedUntil, coordinatorIds } : rest;
    const saved = detail ? await call('bases.update', { ...update, id: detail.base.id, version: version() }) : await call('bases.create', values);
    onSaved(saved.base.id);
  });
  return (
    <FormDialog
      changedElsewhere={record}
      open={open}
      title={detail ? t('base.edit') : t('base.create')}
      onClose={onClose}
      onSubmit={onSubmit}
      {...dialog}
      maxWidth="md"
    >
      <TextInput control={form.control} name="name" label={t('base.name')} required autoFocus />
      <Stack direction="row" spacing={2}>
        <ComboInput control={form.control} name="organizationId" label={t('base.organization')} required options={organizations} />
        <ComboInput control={form.control} name="regionId" label={t('base.region')} required options={regions} />
      </Stack>
      <Stack direction="row" spacing={2}>
        <TextInput control={form.control} name="address" label={t('base.address')} />
        <TextInput control={form.control} name="capacity" label={t('base.capacity')} numeric />
      </Stack>
      <Stack direction="row" spacing={2}>
        <SelectInput
          control={form.control}
          name="grade"
          label={t('base.grade')}
          required
          disabled={!decides}
          helperText={decides ? undefined : t('base.staffDecides')}
          options={BaseGrade.values.map((v) => ({ value: v, label: label('baseGrade', v) }))}
        />
        <SelectInput
          control={form.control}
          name="accreditationStatus"
          label={t('base.accreditation')}
          required
          disabled={!decides}
          options={AccreditationStatus.values.map((v) => ({ value: v, label: label('accreditation', v) }))}
        />
        <DateInput control={form.control} name="accreditedUntil" label={t('base.accreditedUntil')} disabled={!decides} />
      </Stack>
      <TextInput control={form.control} name="facilities" label={t('base.facilities')} multiline minRows={2} />
      <Controller
        control={form.control}
        name="coordinatorIds"
        render={({ field }) => (
          <CoordinatorPicker
            label={t('base.coordinators')}
            disabled={!decides}
            helperText={decides ? undefined : t('base.staffAssigns')}
            value={coordinators}
            onChange={(v) => {
              setCoordinators(v);
              field.onChange(v.map((p) => p.id));
            }}
          />
        )}
      />
    </FormDialog>
  );
}
