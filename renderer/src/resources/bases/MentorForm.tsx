import { useEffect, useState } from 'react';
import { Controller } from 'react-hook-form';
import { Autocomplete, Stack, TextField, Typography } from '@mui/material';
import { call, type Output } from '../../api/client.ts';
import { useCall } from '../../api/useCall.ts';
import { FormDialog } from '../../components/FormDialog.tsx';
import { useHeldRecord } from '../../components/useHeldRecord.ts';
import { DateInput, SelectInput } from '../../components/fields.tsx';
import { useApiForm } from '../../components/useApiForm.ts';
import { useI18n } from '../../i18n/index.tsx';
import { mentorFields } from '../../../../core/schemas/bases.ts';
import { PersonPicker } from '../supervisors/PersonPicker.tsx';
import { today } from '../../api/clock.tsx';

type Mentor = Output<'bases.get'>['mentors'][number];
type Picked = Output<'people.list'>['rows'][number];

const emptyMentor = (baseId: number) => ({
  baseId,
  personId: undefined as unknown as number,
  joinedOn: today(),
  validUntil: '',
  status: 'active' as const,
  specialtyIds: [] as number[],
});

/** Adds a registered person to the base's pool, or edits a member's term and specialties. */
export function MentorForm({
  open,
  baseId,
  mentor: latest,
  onClose,
  onSaved,
}: {
  open: boolean;
  baseId: number;
  mentor: Mentor | null;
  onClose(): void;
  onSaved(): void;
}) {
  const record = useHeldRecord(open, latest); // another user's save shows a banner, not new values under the user's hands
  const mentor = record.held;
  const { t, label } = useI18n();
  const { data: lists } = useCall('bases.lists', {});
  const [picked, setPicked] = useState<Picked | null>(null);
  const { form, setFormError, submitWith, dialog, loadVersion, version } = useApiForm(mentorFields, emptyMentor(baseId));
  useEffect(() => {
    if (!open) return;
    setFormError(null);
    setPicked(null);
    form.reset(
      mentor
        ? {
            baseId,
            personId: mentor.personId,
            joinedOn: mentor.joinedOn,
            validUntil: mentor.validUntil ?? '',
            status: mentor.status,
            specialtyIds: mentor.specialtyIds,
          }
        : emptyMentor(baseId),
    );
    loadVersion(mentor?.version);
  }, [open, mentor, baseId, form, setFormError, loadVersion]);
  const fields = lists?.serviceFields ?? [];
  const onSubmit = submitWith(async (values) => {
    if (mentor)
      await call('mentors.update', {
        id: mentor.id,
        version: version(),
        joinedOn: values.joinedOn,
        validUntil: values.validUntil,
        status: values.status,
        specialtyIds: values.specialtyIds,
      });
    else await call('mentors.add', values);
    onSaved();
  });
  return (
    <FormDialog
      changedElsewhere={record}
      open={open}
      title={mentor ? t('mentor.edit', { name: mentor.personName }) : t('mentor.add')}
      onClose={onClose}
      onSubmit={onSubmit}
      {...dialog}
    >
      {mentor ? (
        <Typography>{mentor.personName}</Typography>
      ) : (
        <Controller
          control={form.control}
          name="personId"
          render={({ field, fieldState }) => (
            <PersonPicker value={picked} inputRef={field.ref} error={fieldState.error?.message} onChange={(p) => (setPicked(p), field.onChange(p?.id))} />
          )}
        />
      )}
      <Stack direction="row" spacing={2}>
        <DateInput control={form.control} name="joinedOn" label={t('mentor.joinedOn')} required />
        <DateInput control={form.control} name="validUntil" label={t('mentor.validUntil')} />
        <SelectInput
          control={form.control}
          name="status"
          label={t('mentor.status')}
          required
          options={(['active', 'inactive'] as const).map((v) => ({ value: v, label: label('mentorStatus', v) }))}
        />
      </Stack>
      <Controller
        control={form.control}
        name="specialtyIds"
        render={({ field }) => (
          <Autocomplete
            multiple
            options={fields}
            value={fields.filter((f) => (field.value ?? []).includes(f.id))}
            onChange={(_e, v) => field.onChange(v.map((f) => f.id))}
            getOptionLabel={(o) => o.name}
            isOptionEqualToValue={(a, b) => a.id === b.id}
            size="small"
            renderInput={(params) => <TextField {...params} label={t('mentor.specialties')} />}
          />
        )}
      />
    </FormDialog>
  );
}
