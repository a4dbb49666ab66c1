import { useEffect } from 'react';
import { Stack } from '@mui/material';
import { call, type Output } from '../../api/client.ts';
import { FormDialog } from '../../components/FormDialog.tsx';
import { useHeldRecord } from '../../components/useHeldRecord.ts';
import { ComboInput, DateInput, SelectInput, TextInput } from '../../components/fields.tsx';
import { useApiForm } from '../../components/useApiForm.ts';
import { useI18n } from '../../i18n/index.tsx';
import { personFields, type PersonInput } from '../../../../core/schemas/people.ts';
import { birthDateOf, idCardProblem, normalizeIdNumber, sexOf } from '../../../../core/idcard.ts';
import { useRegionOptions } from '../regions/useRegionOptions.ts';
import { useOrganizationOptions } from '../organizations/useOrganizationOptions.ts';
import { Education } from '../../../../domain/index.ts';
import { today as clockToday } from '../../api/clock.tsx';

type Person = Output<'people.get'>['person'];

const EMPTY: PersonInput = {
  idNumber: '',
  name: '',
  phone: '',
  email: '',
  education: null,
  major: '',
  organizationId: null,
  regionId: null,
  practiceStart: '',
  jobGrade: '',
  postChangedOn: '',
};

export function PersonForm({
  open,
  person: latest,
  onClose,
  onSaved,
}: {
  open: boolean;
  person: Person | null;
  onClose(): void;
  onSaved(saved: Person): void;
}) {
  const record = useHeldRecord(open, latest); // another user's save shows a banner, not new values under the user's hands
  const person = record.held;
  const { t, label } = useI18n();
  const { options: regionOptions } = useRegionOptions(open);
  const organizationOptions = useOrganizationOptions(open);
  const { form, setFormError, submitWith, dialog, loadVersion, version } = useApiForm(personFields, EMPTY);
  useEffect(() => {
    if (!open) return;
    setFormError(null);
    form.reset(person ? { ...EMPTY, ...person } : EMPTY);
    loadVersion(person?.version);
  }, [open, person, form, setFormError, loadVersion]);

  const organizationId = form.watch('organizationId');
  const jobGrade = form.watch('jobGrade');
  const postChanged = !!person && ((organizationId ?? null) !== person.organizationId || (jobGrade || null) !== (person.jobGrade || null));

  // Birth date and sex come from the 身份证号: show them as soon as the number is valid.
  const idNumber = normalizeIdNumber(form.watch('idNumber') ?? '');
  const today = clockToday();
  const derived =
    idNumber.length === 18 && idCardProblem(idNumber, today) === null
      ? t('person.derived', { birthDate: birthDateOf(idNumber), sex: label('sex', sexOf(idNumber)) })
      : undefined;

  const onSubmit = submitWith(async (values) => {
    const saved = person ? await call('people.update', { ...values, id: person.id, version: version() }) : await call('people.create', values);
    onSaved(saved);
  });

  return (
    <FormDialog
      changedElsewhere={record}
      open={open}
      title={person ? t('person.edit') : t('person.create')}
      onClose={onClose}
      onSubmit={onSubmit}
      {...dialog}
      maxWidth="md"
    >
      <Stack direction="row" spacing={2}>
        <TextInput control={form.control} name="name" label={t('person.name')} required autoFocus />
        <TextInput
          control={form.control}
          name="idNumber"
          label={t('person.idNumber')}
          required
          helperText={derived}
          slotProps={{ htmlInput: { maxLength: 18, style: { fontFamily: 'monospace' } } }}
        />
      </Stack>
      <Stack direction="row" spacing={2}>
        <TextInput control={form.control} name="phone" label={t('person.phone')} />
        <TextInput control={form.control} name="email" label={t('person.email')} />
      </Stack>
      <Stack direction="row" spacing={2}>
        <SelectInput
          control={form.control}
          name="education"
          label={t('person.education')}
          emptyLabel={t('education.none')}
          options={Education.values.map((v) => ({ value: v, label: label('education', v) }))}
        />
        <TextInput control={form.control} name="major" label={t('person.major')} />
      </Stack>
      <Stack direction="row" spacing={2}>
        <ComboInput control={form.control} name="organizationId" label={t('person.organization')} options={organizationOptions} />
        <ComboInput control={form.control} name="regionId" label={t('person.region')} options={regionOptions} />
      </Stack>
      <Stack direction="row" spacing={2}>
        <DateInput control={form.control} name="practiceStart" label={t('person.practiceStart')} />
        <TextInput control={form.control} name="jobGrade" label={t('person.jobGrade')} helperText={t('person.jobGradeHelp')} />
      </Stack>
      {postChanged && (
        // A change of organization or post is a 服务履历 event: when it took effect, if not today.
        <Stack direction="row" spacing={2}>
          <DateInput control={form.control} name="postChangedOn" label={t('serviceHistory.changedOn')} helperText={t('serviceHistory.changedOnHelp')} />
        </Stack>
      )}
    </FormDialog>
  );
}
