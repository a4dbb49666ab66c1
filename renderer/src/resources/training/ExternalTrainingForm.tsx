import { useEffect } from 'react';
import { Stack } from '@mui/material';
import { call } from '../../api/client.ts';
import { useCall } from '../../api/useCall.ts';
import { FormDialog } from '../../components/FormDialog.tsx';
import { DateInput, SelectInput, TextInput } from '../../components/fields.tsx';
import { useApiForm } from '../../components/useApiForm.ts';
import { useI18n } from '../../i18n/index.tsx';
import { externalTrainingFields, type ExternalTrainingInput } from '../../../../core/schemas/training.ts';

const empty = (personId: number): ExternalTrainingInput => ({
  personId,
  categoryId: undefined as unknown as number,
  hours: undefined as unknown as number,
  earnedOn: '',
  provider: '',
  note: '',
});

/** 登记外部培训: hours from training outside the bases, with who gave it and the evidence seen. */
export function ExternalTrainingForm({ open, personId, onClose, onSaved }: { open: boolean; personId: number; onClose(): void; onSaved(): void }) {
  const { t } = useI18n();
  const { data: lists } = useCall('bases.lists', {});
  const { form, setFormError, submitWith, dialog } = useApiForm(externalTrainingFields, empty(personId));
  useEffect(() => {
    if (!open) return;
    setFormError(null);
    form.reset(empty(personId));
  }, [open, personId, form, setFormError]);
  const onSubmit = submitWith(async (values) => {
    await call('training.addExternal', values);
    onSaved();
  });
  return (
    <FormDialog open={open} title={t('external.add')} onClose={onClose} onSubmit={onSubmit} {...dialog}>
      <Stack direction="row" spacing={2}>
        <SelectInput
          control={form.control}
          name="categoryId"
          label={t('external.category')}
          required
          options={(lists?.courseCategories ?? []).map((c) => ({ value: c.id, label: c.name }))}
        />
        <TextInput control={form.control} name="hours" label={t('training.hours')} required numeric />
        <DateInput control={form.control} name="earnedOn" label={t('external.earnedOn')} required />
      </Stack>
      <TextInput control={form.control} name="provider" label={t('external.provider')} required />
      <TextInput control={form.control} name="note" label={t('external.note')} required helperText={t('external.noteHelp')} multiline minRows={2} />
    </FormDialog>
  );
}
