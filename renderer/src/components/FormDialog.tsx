import type { FormEventHandler, ReactNode } from 'react';
import {
  Alert,
  AlertTitle,
  Box,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  Stack,
  ToggleButton,
  ToggleButtonGroup,
  Typography,
} from '@mui/material';
import { useI18n } from '../i18n/index.tsx';
import { ChangedElsewhere } from './ChangedElsewhere.tsx';

/** A save refused because someone else changed the record first (useApiForm builds it). */
export interface ConflictView {
  /** Who changed it and when, in words. */
  title: string;
  /** The fields whose saved value differs from the user's, each with the user's choice. */
  fields: { name: string; label: string; mine: string; theirs: string; choice: 'mine' | 'theirs' }[];
  choose(name: string, choice: 'mine' | 'theirs'): void;
}

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
  /** The other user's values beside the user's own, after a stale save was refused. */
  conflict?: ConflictView | null;
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
  conflict = null,
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
            {conflict && <ConflictPanel conflict={conflict} />}
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

/** Each differing field: the user's value, the other user's, and which to keep. */
function ConflictPanel({ conflict }: { conflict: ConflictView }) {
  const { t } = useI18n();
  return (
    <Alert severity="warning" role="region" aria-label={conflict.title}>
      <AlertTitle>{conflict.title}</AlertTitle>
      <Typography variant="body2" sx={{ mb: 1 }}>
        {conflict.fields.length ? t('conflict.intro') : t('conflict.none')}
      </Typography>
      <Stack spacing={1}>
        {conflict.fields.map((f) => (
          <Box key={f.name} sx={{ display: 'grid', gridTemplateColumns: '8em 1fr 1fr auto', gap: 1, alignItems: 'center' }}>
            <Typography variant="body2" sx={{ fontWeight: 'bold' }}>
              {f.label}
            </Typography>
            <Typography variant="body2">
              {t('conflict.mine')}：{f.mine}
            </Typography>
            <Typography variant="body2">
              {t('conflict.theirs')}：{f.theirs}
            </Typography>
            <ToggleButtonGroup
              size="small"
              exclusive
              value={f.choice}
              aria-label={f.label}
              onChange={(_e, choice: 'mine' | 'theirs' | null) => choice && conflict.choose(f.name, choice)}
            >
              <ToggleButton value="mine">{t('conflict.keepMine')}</ToggleButton>
              <ToggleButton value="theirs">{t('conflict.takeTheirs')}</ToggleButton>
            </ToggleButtonGroup>
          </Box>
        ))}
      </Stack>
    </Alert>
  );
}
