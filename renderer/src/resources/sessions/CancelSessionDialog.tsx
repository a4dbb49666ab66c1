import { useEffect } from 'react';
import { Alert, Typography } from '@mui/material';
import { z } from 'zod';
import { call } from '../../api/client.ts';
import { FormDialog } from '../../components/FormDialog.tsx';
import { TextInput } from '../../components/fields.tsx';
import { useApiForm } from '../../components/useApiForm.ts';
import { useI18n } from '../../i18n/index.tsx';
import { sessionCancel } from '../../../../core/schemas/sessions.ts';
import type { Enrolment } from './sessionTab.ts';
import type { Session } from './SessionForm.tsx';

/** Cancelling asks for a reason and lists who holds a place, so the coordinator can tell them. */
export function CancelSessionDialog({
  open,
  session,
  enrolments,
  onClose,
  onDone,
}: {
  open: boolean;
  session: Session;
  enrolments: Enrolment[];
  onClose(): void;
  onDone(message: string): void;
}) {
  const { t } = useI18n();
  const { form, setFormError, submitWith, dialog, version } = useApiForm(sessionCancel, { id: session.id, reason: '' });
  useEffect(() => {
    if (!open) return;
    setFormError(null);
    form.reset({ id: session.id, reason: '' });
  }, [open, session.id, form, setFormError]);
  const holding = enrolments.filter((e) => e.holdsPlace);
  const onSubmit = submitWith(async (values: z.output<typeof sessionCancel>) => {
    const { toNotify } = await call('sessions.cancel', { ...values, version: version() ?? session.version });
    onDone(
      toNotify.length
        ? t('session.cancelled', { names: toNotify.map((e) => `${e.name}${e.phone ? `（${e.phone}）` : ''}`).join('、') })
        : t('session.cancelledQuiet'),
    );
  });
  return (
    <FormDialog
      open={open}
      title={t('session.cancelTitle', { name: session.courseTitle })}
      onClose={onClose}
      onSubmit={onSubmit}
      {...dialog}
      submitLabel={t('session.cancelConfirm')}
      danger
    >
      {holding.length ? (
        <Alert severity="warning">
          {t('session.cancelPeople', { count: holding.length })}
          <Typography component="div" sx={{ mt: 0.5 }}>
            {holding.map((e) => `${e.name}${e.phone ? `（${e.phone}）` : ''}`).join('、')}
          </Typography>
        </Alert>
      ) : (
        <Typography>{t('session.cancelNobody')}</Typography>
      )}
      <TextInput control={form.control} name="reason" label={t('session.cancelReason')} required autoFocus />
    </FormDialog>
  );
}
