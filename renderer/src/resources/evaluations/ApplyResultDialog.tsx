import { useEffect, useState } from 'react';
import { FormControlLabel, Radio, RadioGroup, TextField } from '@mui/material';
import { call } from '../../api/client.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { useI18n } from '../../i18n/index.tsx';

type Action = 'set_demonstration' | 'set_ordinary' | 'flag_accreditation';

/** What a reviewed evaluation leads to: the base's grade, or its accreditation flagged for review; always with a reason. */
export function ApplyResultDialog({ open, evaluationId, onClose, onDone }: { open: boolean; evaluationId: number; onClose(): void; onDone(): void }) {
  const { t } = useI18n();
  const [action, setAction] = useState<Action>('set_demonstration');
  const [reason, setReason] = useState('');
  useEffect(() => {
    if (open) setReason('');
  }, [open]);
  return (
    <ConfirmDialog
      open={open}
      title={t('evaluation.apply')}
      confirmLabel={t('evaluation.applySubmit')}
      onClose={onClose}
      onConfirm={async () => {
        await call('evaluations.apply', { evaluationId, action, reason });
        onDone();
      }}
    >
      <RadioGroup value={action} onChange={(e) => setAction(e.target.value as Action)}>
        {(['set_demonstration', 'set_ordinary', 'flag_accreditation'] as const).map((a) => (
          <FormControlLabel key={a} value={a} control={<Radio />} label={t(`evaluation.action.${a}`)} />
        ))}
      </RadioGroup>
      <TextField
        size="small"
        label={t('evaluation.applyReason')}
        required
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        multiline
        minRows={2}
        fullWidth
      />
    </ConfirmDialog>
  );
}
