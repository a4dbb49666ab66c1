import { useEffect, useState } from 'react';
import { TextField, Typography } from '@mui/material';
import { ApiError, call } from '../../api/client.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { useI18n } from '../../i18n/index.tsx';

/** Confirms the system's proposal for the ticked supervisors; a 不通过 among them needs a reason (core says whose). */
export function ConfirmSelectedDialog({
  open,
  cycleId,
  reviewIds,
  versions,
  onClose,
  onDone,
  onStale,
}: {
  open: boolean;
  cycleId: number;
  reviewIds: number[];
  /** Each review's version as the list showed it, in the order of reviewIds. */
  versions: number[];
  onClose(): void;
  onDone(): void;
  /** Someone else changed a ticked review meanwhile: the list reloads and the user looks again. */
  onStale(): void;
}) {
  const { t } = useI18n();
  const [reason, setReason] = useState('');
  useEffect(() => {
    if (open) setReason('');
  }, [open]);
  return (
    <ConfirmDialog
      open={open}
      title={t('recert.confirmTitle', { count: reviewIds.length })}
      confirmLabel={t('recert.confirmSubmit')}
      onClose={onClose}
      onConfirm={async () => {
        try {
          await call('recert.confirm', { cycleId, reviewIds, versions, reason: reason.trim() || null });
        } catch (e) {
          if (!(e instanceof ApiError && e.conflict)) throw e;
          onStale();
          throw new Error(`${e.message}。${t('conflict.reloaded')}`, { cause: e });
        }
        onDone();
      }}
    >
      <Typography>{t('recert.confirmBody')}</Typography>
      <TextField size="small" label={t('recert.confirmReason')} value={reason} onChange={(e) => setReason(e.target.value)} multiline minRows={2} fullWidth />
    </ConfirmDialog>
  );
}
