import { useEffect, useState } from 'react';
import { Controller, useWatch } from 'react-hook-form';
import { FormControlLabel, Radio, RadioGroup, Stack } from '@mui/material';
import { call, type Output } from '../../api/client.ts';
import { FormDialog } from '../../components/FormDialog.tsx';
import { ComboInput, DateInput, SelectInput, TextInput } from '../../components/fields.tsx';
import { useApiForm } from '../../components/useApiForm.ts';
import { useI18n } from '../../i18n/index.tsx';
import { relationshipFields } from '../../../../core/schemas/supervision-work.ts';
import { SupervisionForm } from '../../../../domain/index.ts';
import { PersonPicker } from '../supervisors/PersonPicker.tsx';
import { useOrganizationOptions } from '../organizations/useOrganizationOptions.ts';
import { today } from '../../api/clock.tsx';

type Relationship = Output<'supervision.relationships'>[number];
type Person = Output<'people.list'>['rows'][number];

/** Add a 督导对象 (a person or an organization/project) to a supervisor, or change a relationship. */
export function RelationshipForm({
  open,
  supervisorId,
  relationship,
  onClose,
  onSaved,
}: {
  open: boolean;
  supervisorId: number;
  relationship: Relationship | null;
  onClose(): void;
  onSaved(): void;
}) {
  const { t, label } = useI18n();
  const empty = {
    supervisorId,
    personId: null,
    organizationId: null,
    form: 'individual' as const,
    startsOn: today(),
    endsOn: null,
    agreementRef: '',
    note: '',
  };
  const { form, setFormError, submitWith, dialog, loadVersion, version } = useApiForm(relationshipFields, empty);
  const [kind, setKind] = useState<'person' | 'organization'>('person');
  const [person, setPerson] = useState<Person | null>(null);
  const organizations = useOrganizationOptions(open);
  useEffect(() => {
    if (!open) return;
    setFormError(null);
    form.reset(relationship ? { ...empty, ...relationship, agreementRef: relationship.agreementRef ?? '', note: relationship.note ?? '' } : empty);
    setKind(relationship?.organizationId ? 'organization' : 'person');
    setPerson(null);
    loadVersion(relationship?.version);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- reset when the dialog opens
  }, [open, relationship]);
  const personId = useWatch({ control: form.control, name: 'personId' });

  const onSubmit = submitWith(async (values) => {
    const subject = kind === 'person' ? { personId: values.personId, organizationId: null } : { personId: null, organizationId: values.organizationId };
    if (relationship) await call('supervision.updateRelationship', { ...values, ...subject, id: relationship.id, version: version() });
    else await call('supervision.createRelationship', { ...values, ...subject });
    onSaved();
  });

  return (
    <FormDialog
      open={open}
      title={relationship ? t('supervisionWork.editRelationship') : t('supervisionWork.addRelationship')}
      onClose={onClose}
      onSubmit={onSubmit}
      {...dialog}
    >
      {!relationship && (
        <RadioGroup row aria-label={t('supervisionWork.subjectKind')} value={kind} onChange={(e) => setKind(e.target.value as 'person' | 'organization')}>
          <FormControlLabel value="person" control={<Radio />} label={t('supervisionWork.subjectPerson')} />
          <FormControlLabel value="organization" control={<Radio />} label={t('supervisionWork.subjectOrganization')} />
        </RadioGroup>
      )}
      {relationship ? null : kind === 'person' ? (
        <Controller
          control={form.control}
          name="personId"
          render={({ fieldState }) => (
            <PersonPicker
              value={person && person.id === personId ? person : null}
              onChange={(p) => {
                setPerson(p);
                form.setValue('personId', p?.id ?? null);
              }}
              error={fieldState.error?.message}
            />
          )}
        />
      ) : (
        <ComboInput control={form.control} name="organizationId" label={t('supervisionWork.organization')} required options={organizations} />
      )}
      <SelectInput
        control={form.control}
        name="form"
        label={t('supervisionWork.form')}
        required
        options={SupervisionForm.values.map((v) => ({ value: v, label: label('supervisionForm', v) }))}
      />
      <Stack direction="row" spacing={2}>
        <DateInput control={form.control} name="startsOn" label={t('supervisionWork.startsOn')} required />
        <DateInput control={form.control} name="endsOn" label={t('supervisionWork.endsOn')} />
      </Stack>
      <TextInput control={form.control} name="agreementRef" label={t('supervisionWork.agreementRef')} />
      <TextInput control={form.control} name="note" label={t('supervisionWork.note')} multiline />
    </FormDialog>
  );
}
