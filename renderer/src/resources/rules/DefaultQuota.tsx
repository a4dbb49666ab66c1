import { useEffect, useState } from 'react';
import { Alert, Button, Paper, Stack, TextField, Typography } from '@mui/material';
import { call } from '../../api/client.ts';
import { useCall } from '../../api/useCall.ts';
import { useI18n } from '../../i18n/index.tsx';

/** The default supervisor quota of every town, per level (seed: 3 中级 + 2 初级). */
export function DefaultQuota() {
  const { t } = useI18n();
  const { data: levels } = useCall('supervisors.levels', {});
  const { data: quota, reload } = useCall('quotas.default', {});
  const [values, setValues] = useState<Record<number, string>>({});
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  useEffect(() => {
    if (levels && quota) setValues(Object.fromEntries(levels.map((l) => [l.id, String((quota as Record<string, number>)[l.id] ?? 0)])));
  }, [levels, quota]);
  const save = async (event: React.FormEvent) => {
    event.preventDefault();
    setMessage(null);
    try {
      await call('quotas.setDefault', { quotas: (levels ?? []).map((l) => ({ levelId: l.id, quota: Number(values[l.id] || 0) })) });
      setMessage({ ok: true, text: t('common.saved') });
      reload();
    } catch (e) {
      setMessage({ ok: false, text: (e as Error).message });
    }
  };
  return (
    <Paper variant="outlined" sx={{ p: 2, maxWidth: 640 }}>
      <form onSubmit={save} noValidate>
        <Stack spacing={2}>
          <Typography variant="h6" component="h2">
            {t('rules.quota')}
          </Typography>
          <Typography variant="body2" color="text.secondary">
            {t('rules.quotaNote')}
          </Typography>
          {message && <Alert severity={message.ok ? 'success' : 'error'}>{message.text}</Alert>}
          <Stack direction="row" spacing={2}>
            {(levels ?? []).map((l) => (
              <TextField
                key={l.id}
                size="small"
                label={l.name}
                value={values[l.id] ?? ''}
                onChange={(e) => setValues((v) => ({ ...v, [l.id]: e.target.value }))}
                slotProps={{ htmlInput: { inputMode: 'numeric' } }}
              />
            ))}
          </Stack>
          <Button type="submit" variant="contained" sx={{ alignSelf: 'flex-start' }}>
            {t('rules.saveQuota')}
          </Button>
        </Stack>
      </form>
    </Paper>
  );
}
