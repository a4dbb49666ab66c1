import { useEffect, useState } from 'react';
import { Controller } from 'react-hook-form';
import { Alert, Stack, Typography } from '@mui/material';
import { call, type Output } from '../../api/client.ts';
import { useCall } from '../../api/useCall.ts';
import { FormDialog } from '../../components/FormDialog.tsx';
import { ComboInput, DateInput, SelectInput, TextInput } from '../../components/fields.tsx';
import { useApiForm } from '../../components/useApiForm.ts';
import { useI18n } from '../../i18n/index.tsx';
import { appointFields, type AppointInput } from '../../../../core/schemas/supervisors.ts';
import { useRegionOptions } from '../regions/useRegionOptions.ts';
import { PersonPicker } from './PersonPicker.tsx';
import { EntryConditionList, useEntryCheck } from './EntryConditions.tsx';
import { SupervisorStatus } from '../../../../domain/index.ts';
import { today as clockToday } from '../../api/clock.tsx';

type Supervisor = Output<'supervisors.appoint'>;
type PickedPerson = Output<'people.list'>['rows'][number];

function defaults(person: { id: number; regionId: number | null } | null): AppointInput {
  const today = clockToday();
  return {
    personId: person?.id ?? (undefined as unknown as number),
    levelId: undefined as unknown as number,
    regionId: person?.regionId ?? (undefined as unknown as number),
    appointedOn: today,
    validUntil: `${Number(today.slice(0, 4)) + 1}-12-31`,
    status: 'active',
    overrideReason: '',
  };
}

/** Appoints a person as supervisor: either the given person or one picked by search. */
export function AppointForm({
  open,
  person,
  onClose,
  onSaved,
}: {
  open: boolean;
  person: { id: number; name: string; regionId: number | null } | null;
  onClose(): void;
  onSaved(saved: Supervisor): void;
}) {
  const { t, label } = useI18n();
  const { data: levels } = useCall('supervisors.levels', {});
  const { options: regionOptions } = useRegionOptions(open);
  const [picked, setPicked] = useState<PickedPerson | null>(null);
  const { form, setFormError, submitWith, dialog } = useApiForm(appointFields, defaults(person));
  useEffect(() => {
    if (!open) return;
    setFormError(null);
    setPicked(null);
    form.reset(defaults(person));
  }, [open, person, form, setFormError]);

  const check = useEntryCheck(form.watch('personId'), form.watch('levelId'));
  const onSubmit = submitWith(async (values) => onSaved(await call('supervisors.appoint', values)));

  return (
    <FormDialog
      open={open}
      title={person ? t('supervisor.appointFor', { name: person.name }) : t('supervisor.appoint')}
      onClose={onClose}
      onSubmit={onSubmit}
      {...dialog}
    >
      {person ? (
        <Typography>{person.name}</Typography>
      ) : (
        <Controller
          control={form.control}
          name="personId"
          render={({ field, fieldState }) => (
            <PersonPicker
              value={picked}
              inputRef={field.ref}
              error={fieldState.error?.message}
              onChange={(p) => {
                setPicked(p);
                field.onChange(p?.id);
                if (p?.regionId && !form.getValues('regionId')) form.setValue('regionId', p.regionId);
              }}
            />
          )}
        />
      )}
      <Stack direction="row" spacing={2}>
        <SelectInput
          control={form.control}
          name="levelId"
          label={t('supervisor.level')}
          required
          options={(levels ?? []).map((l) => ({ value: l.id, label: l.name }))}
        />
        <ComboInput control={form.control} name="regionId" label={t('supervisor.region')} required options={regionOptions} />
      </Stack>
      <Stack direction="row" spacing={2}>
        <DateInput control={form.control} name="appointedOn" label={t('supervisor.appointedOn')} required />
        <DateInput control={form.control} name="validUntil" label={t('supervisor.validUntil')} required />
      </Stack>
      <SelectInput
        control={form.control}
        name="status"
        label={t('supervisor.status')}
        required
        options={SupervisorStatus.values.map((v) => ({ value: v, label: label('supervisorStatus', v) }))}
      />
      {check && (
        <Alert severity={check.allMet ? 'success' : 'warning'} icon={false}>
          <Typography variant="subtitle2">{t(check.allMet ? 'supervisor.entry.allMet' : 'supervisor.entry.someUnmet')}</Typography>
          <EntryConditionList check={check} />
        </Alert>
      )}
      {check && !check.allMet && (
        <TextInput control={form.control} name="overrideReason" label={t('supervisor.overrideReason')} required multiline minRows={2} />
      )}
    </FormDialog>
  );
}
