import { useEffect } from 'react';
import { Stack } from '@mui/material';
import { call, type Output } from '../../api/client.ts';
import { FormDialog } from '../../components/FormDialog.tsx';
import { useHeldRecord } from '../../components/useHeldRecord.ts';
import { SelectInput, TextInput } from '../../components/fields.tsx';
import { useApiForm } from '../../components/useApiForm.ts';
import { useI18n } from '../../i18n/index.tsx';
import { levelFields, type LevelInput } from '../../../../core/schemas/supervisors.ts';
import { CertificateLevel } from '../../../../domain/index.ts';

type Level = Output<'supervisors.levels'>[number];

const EMPTY: LevelInput = { name: '', minCertificateLevel: null, minPracticeYears: 0, minYearsAtLower: 0 };

export function LevelForm({ open, level: latest, onClose, onSaved }: { open: boolean; level: Level | null; onClose(): void; onSaved(): void }) {
  const record = useHeldRecord(open, latest); // another user's save shows a banner, not new values under the user's hands
  const level = record.held;
  const { t, label } = useI18n();
  const { form, setFormError, submitWith, dialog, loadVersion, version } = useApiForm(levelFields, EMPTY);
  useEffect(() => {
    if (!open) return;
    setFormError(null);
    form.reset(
      level
        ? { name: level.name, minCertificateLevel: level.minCertificateLevel, minPracticeYears: level.minPracticeYears, minYearsAtLower: level.minYearsAtLower }
        : EMPTY,
    );
    loadVersion(level?.version);
  }, [open, level, form, setFormError, loadVersion]);
  const years = { htmlInput: { inputMode: 'decimal' as const } };
  return (
    <FormDialog
      changedElsewhere={record}
      open={open}
      title={level ? t('level.edit') : t('level.create')}
      onClose={onClose}
      onSubmit={submitWith(async (values) => {
        if (level) await call('levels.update', { ...values, id: level.id, version: version() });
        else await call('levels.create', values);
        onSaved();
      })}
      {...dialog}
      maxWidth="xs"
    >
      <TextInput control={form.control} name="name" label={t('level.name')} required autoFocus />
      <SelectInput
        control={form.control}
        name="minCertificateLevel"
        label={t('level.minCertificate')}
        emptyLabel={t('level.noCertificate')}
        options={CertificateLevel.values.map((v) => ({ value: v, label: label('certLevel', v) }))}
      />
      <Stack direction="row" spacing={2}>
        <TextInput control={form.control} name="minPracticeYears" label={t('level.minPractice')} slotProps={years} numeric required />
        <TextInput control={form.control} name="minYearsAtLower" label={t('level.minAtLower')} slotProps={years} numeric required />
      </Stack>
    </FormDialog>
  );
}
