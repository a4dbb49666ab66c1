import type { FormEventHandler, ReactNode } from 'react';
import { Alert, Button, Dialog, DialogActions, DialogContent, DialogTitle, Stack, Typography } from '@mui/material';
import { useI18n } from '../i18n/index.tsx';
import { ChangedElsewhere } from './ChangedElsewhere.tsx';

interface Props {
  open: boolean;
  title: string;
  onClose(): void;
  onSubmit: FormEventHandler<HTMLFormElement>;
  submitting: boolean;
  error: string | null;
  hasFieldErrors: boolean;
  children: ReactNode;
  maxWidth?: 'xs' | 'sm' | 'md';
  /** Replaces 保存 where the action deserves its own words (e.g. 确认注销「张三」). */
  submitLabel?: string | undefined;
  /** A destructive action: the submit button turns red. */
  danger?: boolean;
  /** The record was changed by someone else while this form was open (useHeldRecord): a banner offers the new values. */
  changedElsewhere?: { changed: boolean; takeLatest(): void } | undefined;
}

/** A dialog around a form: Enter saves (native submit), Esc closes, errors stay visible. */
export function FormDialog({
  open,
  title,
  onClose,
  onSubmit,
  submitting,
  error,
  hasFieldErrors,
  children,
  maxWidth = 'sm',
  submitLabel,
  danger = false,
  changedElsewhere,
}: Props) {
  const { t } = useI18n();
  return (
    <Dialog open={open} onClose={submitting ? undefined : onClose} fullWidth maxWidth={maxWidth} aria-labelledby="form-dialog-title">
      <form onSubmit={onSubmit} noValidate style={{ display: 'flex', flexDirection: 'column', flex: '1 1 auto', minHeight: 0 }}>
        <DialogTitle id="form-dialog-title">{title}</DialogTitle>
        <DialogContent dividers>
          <Stack spacing={2}>
            {changedElsewhere && <ChangedElsewhere {...changedElsewhere} />}
            {error && <Alert severity="error">{error}</Alert>}
            {!error && hasFieldErrors && <Alert severity="warning">{t('common.formHasErrors')}</Alert>}
            {children}
          </Stack>
        </DialogContent>
        <DialogActions>
          <Typography variant="caption" color="text.secondary" sx={{ mr: 'auto', pl: 1 }}>
            {t('common.enterToSave')}
          </Typography>
          <Button onClick={onClose} disabled={submitting}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" variant="contained" color={danger ? 'error' : 'primary'} disabled={submitting}>
            {submitLabel ?? t('common.save')}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
