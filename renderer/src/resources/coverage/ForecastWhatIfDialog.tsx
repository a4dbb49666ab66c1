import { useState } from 'react';
import {
  Alert,
  Button,
  Chip,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  FormControl,
  FormControlLabel,
  InputLabel,
  MenuItem,
  Radio,
  RadioGroup,
  Select,
  Stack,
  TextField,
  Typography,
} from '@mui/material';
import type { Input } from '../../api/client.ts';
import { useCall } from '../../api/useCall.ts';
import { useI18n } from '../../i18n/index.tsx';

export type Assumption = NonNullable<Input<'coverage.forecast'>['assumptions']>[number];

/**
 * 假设补缺: someone for a town, nothing saved. The town's own candidates (the same list as 找人选:
 * promote or appoint, entry conditions met), or a supervisor of the level from another town (transfer).
 */
export function ForecastWhatIfDialog({
  region,
  levels,
  initialLevelId,
  monthLabels,
  initialMonth,
  onAdd,
  onClose,
}: {
  region: { regionId: number; name: string };
  levels: { levelId: number; levelName: string }[];
  initialLevelId: number;
  monthLabels: string[];
  initialMonth: number;
  onAdd(a: Assumption): void;
  onClose(): void;
}) {
  const { t } = useI18n();
  const [levelId, setLevelId] = useState(initialLevelId);
  const [month, setMonth] = useState(initialMonth);
  const [picked, setPicked] = useState('');
  const [search, setSearch] = useState('');
  const candidates = useCall('coverage.candidates', { regionId: region.regionId, levelId });
  const others = useCall('supervisors.list', { levelId, status: 'active', search: search || undefined, pageSize: 20, sortField: 'personName' });
  const elsewhere = (others.data?.rows ?? []).filter((s) => s.regionId !== region.regionId).slice(0, 8);

  const assumption = (): Assumption | null => {
    const [kind, id] = picked.split(':');
    if (!kind || !id) return null;
    if (kind === 'promote') return { action: 'promote', supervisorId: Number(id), levelId, month };
    if (kind === 'appoint') return { action: 'appoint', personId: Number(id), levelId, regionId: region.regionId, month };
    return { action: 'transfer', supervisorId: Number(id), regionId: region.regionId, month };
  };
  const chosen = assumption();

  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm" aria-labelledby="forecast-whatif-title">
      <DialogTitle id="forecast-whatif-title">{t('coverageForecast.dialogTitle', { region: region.name })}</DialogTitle>
      <DialogContent dividers>
        <Stack direction="row" spacing={2} sx={{ mb: 2, mt: 1 }}>
          <FormControl size="small" sx={{ minWidth: 160 }}>
            <InputLabel id="whatif-level">{t('coverageForecast.dialogLevel')}</InputLabel>
            <Select
              labelId="whatif-level"
              label={t('coverageForecast.dialogLevel')}
              value={levelId}
              onChange={(e) => (setLevelId(Number(e.target.value)), setPicked(''))}
            >
              {levels.map((l) => (
                <MenuItem key={l.levelId} value={l.levelId}>
                  {l.levelName}
                </MenuItem>
              ))}
            </Select>
          </FormControl>
          <FormControl size="small" sx={{ minWidth: 160 }}>
            <InputLabel id="whatif-month">{t('coverageForecast.dialogMonth')}</InputLabel>
            <Select labelId="whatif-month" label={t('coverageForecast.dialogMonth')} value={month} onChange={(e) => setMonth(Number(e.target.value))}>
              {monthLabels.map((label, k) => (
                <MenuItem key={k} value={k}>
                  {k === 0 ? t('coverageForecast.thisMonth') : label}
                </MenuItem>
              ))}
            </Select>
          </FormControl>
        </Stack>
        <RadioGroup value={picked} onChange={(e) => setPicked(e.target.value)} aria-label={t('coverageForecast.candidates')}>
          <Typography variant="subtitle2">{t('coverageForecast.candidates')}</Typography>
          {candidates.data?.length === 0 && <Alert severity="info">{t('coverageForecast.noCandidates')}</Alert>}
          {(candidates.data ?? []).map((c) => {
            const value = c.route === 'promote' ? `promote:${c.supervisorId}` : `appoint:${c.personId}`;
            const action = t(c.route === 'promote' ? 'coverageForecast.promote' : 'coverageForecast.appoint');
            return (
              <FormControlLabel
                key={value}
                value={value}
                control={<Radio size="small" />}
                label={
                  <>
                    {action} {c.name}
                    {c.organizationName && <Chip size="small" label={c.organizationName} variant="outlined" sx={{ ml: 0.5 }} />}
                  </>
                }
              />
            );
          })}
          <Typography variant="subtitle2" sx={{ mt: 2 }}>
            {t('coverageForecast.transferIn')}
          </Typography>
          <TextField size="small" label={t('coverageForecast.transferSearch')} value={search} onChange={(e) => setSearch(e.target.value)} sx={{ my: 1 }} />
          {others.data && elsewhere.length === 0 && <Alert severity="info">{t('coverageForecast.noTransfer')}</Alert>}
          {elsewhere.map((s) => (
            <FormControlLabel
              key={s.id}
              value={`transfer:${s.id}`}
              control={<Radio size="small" />}
              label={`${t('coverageForecast.transfer')} ${s.personName}（${s.regionName} · ${s.levelName}）`}
            />
          ))}
        </RadioGroup>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{t('common.cancel')}</Button>
        <Button variant="contained" disabled={!chosen} onClick={() => chosen && onAdd(chosen)}>
          {t('coverageForecast.addAssumption')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
