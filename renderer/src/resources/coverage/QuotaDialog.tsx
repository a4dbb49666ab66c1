import { useState } from 'react';
import { Alert, Button, Dialog, DialogActions, DialogContent, DialogTitle, Stack, TextField, Typography } from '@mui/material';
import { call, type Output } from '../../api/client.ts';
import { useI18n } from '../../i18n/index.tsx';

type Row = Output<'coverage.list'>['rows'][number];

/** A town's quota per level; an empty field falls back to the default quota. */
export function QuotaDialog({ row, onClose, onSaved }: { row: Row; onClose(): void; onSaved(): void }) {
  const { t } = useI18n();
  const [values, setValues] = useState<Record<number, string>>(() =>
    Object.fromEntries(row.levels.map((l) => [l.levelId, l.overridden ? String(l.quota) : ''])),
  );
  const [error, setError] = useState<string | null>(null);
  const save = async (event: React.FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      await call('quotas.set', {
        regionId: row.regionId,
        quotas: row.levels.map((l) => ({ levelId: l.levelId, quota: values[l.levelId]?.trim() ? Number(values[l.levelId]) : null })),
      });
      onSaved();
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <Dialog open onClose={onClose} maxWidth="xs" fullWidth aria-labelledby="quota-title">
      <form onSubmit={save} noValidate>
        <DialogTitle id="quota-title">{t('coverage.quotaTitle', { region: row.name })}</DialogTitle>
        <DialogContent dividers>
          <Stack spacing={2}>
            <Typography variant="body2" color="text.secondary">
              {t('coverage.quotaHint')}
            </Typography>
            {error && <Alert severity="error">{error}</Alert>}
            {row.levels.map((l) => (
              <TextField
                key={l.levelId}
                size="small"
                label={l.levelName}
                value={values[l.levelId] ?? ''}
                placeholder={t('coverage.useDefault')}
                onChange={(e) => setValues((v) => ({ ...v, [l.levelId]: e.target.value }))}
                slotProps={{ htmlInput: { inputMode: 'numeric' } }}
              />
            ))}
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="submit" variant="contained">
            {t('common.save')}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
