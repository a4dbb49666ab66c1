import { useEffect } from 'react';
import { Stack } from '@mui/material';
import { call } from '../../api/client.ts';
import { FormDialog } from '../../components/FormDialog.tsx';
import { SelectInput, TextInput } from '../../components/fields.tsx';
import { useApiForm } from '../../components/useApiForm.ts';
import { useI18n } from '../../i18n/index.tsx';
import { ATTENDANCE, attendanceCorrect } from '../../../../core/schemas/sessions.ts';
import type { Enrolment } from './sessionTab.ts';

/** A correction after attendance was completed: the ledger keeps the first credit and adds the difference, with the reason. */
export function CorrectAttendanceDialog({ enrolment, onClose, onDone }: { enrolment: Enrolment | null; onClose(): void; onDone(message: string): void }) {
  const { t, label } = useI18n();
  const { form, setFormError, submitWith, dialog, version } = useApiForm(attendanceCorrect, { enrolmentId: 0, attendance: 'full', hours: null, reason: '' });
  useEffect(() => {
    if (!enrolment) return;
    setFormError(null);
    form.reset({ enrolmentId: enrolment.id, attendance: enrolment.attendance ?? 'full', hours: enrolment.attendedHours, reason: '' });
  }, [enrolment, form, setFormError]);
  const attendance = form.watch('attendance');
  const onSubmit = submitWith(async (values) => {
    const { delta } = await call('attendance.correct', { ...values, version: version() ?? enrolment!.version });
    onDone(t('attendance.corrected', { name: enrolment!.name, delta: delta > 0 ? `+${delta}` : String(delta) }));
  });
  return (
    <FormDialog open={!!enrolment} title={t('attendance.correctTitle', { name: enrolment?.name ?? '' })} onClose={onClose} onSubmit={onSubmit} {...dialog}>
      <Stack direction="row" spacing={2}>
        <SelectInput
          control={form.control}
          name="attendance"
          label={t('attendance.mark')}
          required
          options={ATTENDANCE.map((v) => ({ value: v, label: label('attendanceKind', v) }))}
        />
        {attendance === 'partial' && <TextInput control={form.control} name="hours" label={t('attendance.hours')} required numeric />}
      </Stack>
      <TextInput control={form.control} name="reason" label={t('attendance.reason')} required autoFocus />
    </FormDialog>
  );
}
