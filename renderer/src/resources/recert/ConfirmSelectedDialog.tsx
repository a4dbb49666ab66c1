import { useEffect, useState } from 'react';
import { TextField, Typography } from '@mui/material';
import { call } from '../../api/client.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { useI18n } from '../../i18n/index.tsx';

/** Confirms the system's proposal for the ticked supervisors; a 不通过 among them needs a reason (core says whose). */
export function ConfirmSelectedDialog({
  open,
  cycleId,
  reviewIds,
  onClose,
  onDone,
}: {
  open: boolean;
  cycleId: number;
  reviewIds: number[];
  onClose(): void;
  onDone(): void;
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
        await call('recert.confirm', { cycleId, reviewIds, reason: reason.trim() || null });
        onDone();
      }}
    >
      <Typography>{t('recert.confirmBody')}</Typography>
      <TextField size="small" label={t('recert.confirmReason')} value={reason} onChange={(e) => setReason(e.target.value)} multiline minRows={2} fullWidth />
    </ConfirmDialog>
  );
}
