import { useEffect, useState } from 'react';
import { Alert, Button, Paper, Stack, TextField, Typography } from '@mui/material';
import { call } from '../../api/client.ts';
import { useCall } from '../../api/useCall.ts';
import { useI18n } from '../../i18n/index.tsx';

/** 规则设置 › 督导对象上限: per level, at most N current 督导对象 (0 or empty: no limit, the default). */
export function LoadLimits() {
  const { t } = useI18n();
  const { data: levels } = useCall('supervisors.levels', {});
  const { data: limits, reload } = useCall('supervision.caseloadLimits', {});
  const [values, setValues] = useState<Record<number, string>>({});
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  useEffect(() => {
    if (levels && limits) setValues(Object.fromEntries(levels.map((l) => [l.id, limits[String(l.id)] ? String(limits[String(l.id)]) : ''])));
  }, [levels, limits]);
  const save = async (event: React.FormEvent) => {
    event.preventDefault();
    setMessage(null);
    try {
      await call('supervision.setCaseloadLimits', { limits: (levels ?? []).map((l) => ({ levelId: l.id, limit: Number(values[l.id] || 0) })) });
      setMessage({ ok: true, text: t('supervisionWork.limits.saved') });
      reload();
    } catch (e) {
      setMessage({ ok: false, text: (e as Error).message });
    }
  };
  return (
    <Paper variant="outlined" sx={{ p: 2, maxWidth: 640 }}>
      <form onSubmit={save} noValidate aria-label={t('supervisionWork.limits.title')}>
        <Stack spacing={2}>
          <Typography variant="h6" component="h2">
            {t('supervisionWork.limits.title')}
          </Typography>
          <Typography variant="body2" color="text.secondary">
            {t('supervisionWork.limits.intro')}
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
            {t('common.save')}
          </Button>
        </Stack>
      </form>
    </Paper>
  );
}
