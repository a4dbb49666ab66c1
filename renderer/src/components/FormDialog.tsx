import type { FormEventHandler, ReactNode } from 'react';
import { Alert, Button, Dialog, DialogActions, DialogContent, DialogTitle, Stack, Typography } from '@mui/material';
import { useI18n } from '../i18n/index.tsx';

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
}

/** A dialog around a form: Enter saves (native submit), Esc closes, errors stay visible. */
export function FormDialog({ open, title, onClose, onSubmit, submitting, error, hasFieldErrors, children, maxWidth = 'sm' }: Props) {
  const { t } = useI18n();
  return (
    <Dialog open={open} onClose={submitting ? undefined : onClose} fullWidth maxWidth={maxWidth} aria-labelledby="form-dialog-title">
      <form onSubmit={onSubmit} noValidate>
        <DialogTitle id="form-dialog-title">{title}</DialogTitle>
        <DialogContent dividers>
          <Stack spacing={2}>
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
          <Button type="submit" variant="contained" disabled={submitting}>
            {t('common.save')}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
