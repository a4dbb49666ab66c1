import { useState } from 'react';
import { Alert, MenuItem, Stack, Table, TableBody, TableCell, TableHead, TableRow, TextField, Typography } from '@mui/material';
import { useCall } from '../../api/useCall.ts';
import { useI18n } from '../../i18n/index.tsx';
import { HORIZONS } from './ComplianceForecast.tsx';

/** On a person's 学时达标 tab: the forecast's projection for them (the same computation as the list), with the sessions they are booked on. */
export function PersonForecast({ personId }: { personId: number }) {
  const { t } = useI18n();
  const [horizonMonths, setHorizonMonths] = useState(6);
  const { data } = useCall('compliance.forecastOfPerson', { personId, horizonMonths });
  if (!data) return null;
  const { row } = data;
  const state = row.unified === 'met' ? t('forecast.unifiedMet') : row.unified === 'booked' ? t('forecast.unifiedBooked') : t('forecast.unifiedMissing');
  return (
    <Stack spacing={1} component="section" aria-label={t('forecast.tabForecast')}>
      <Stack direction="row" spacing={1.5} sx={{ alignItems: 'center' }}>
        <Typography variant="subtitle1" sx={{ fontWeight: 600 }}>
          {t('forecast.personTitle', { n: horizonMonths, until: data.until })}
        </Typography>
        <TextField
          select
          size="small"
          label={t('forecast.horizon')}
          value={horizonMonths}
          onChange={(e) => setHorizonMonths(Number(e.target.value))}
          sx={{ minWidth: 130 }}
        >
          {HORIZONS.map((n) => (
            <MenuItem key={n} value={n}>
              {t('forecast.months', { n })}
            </MenuItem>
          ))}
        </TextField>
      </Stack>
      <Alert severity={row.atRisk ? 'warning' : 'success'}>
        <div>{t('forecast.personDay', { day: row.projectedOn, ends: row.periodEndsInHorizon ? t('forecast.personEnds') : '' })}</div>
        {row.periodRequired !== null && (
          <div>
            {t('forecast.personLine', { done: row.periodDone ?? 0, booked: row.periodBooked, required: row.periodRequired, shortfall: row.periodShortfall })}
          </div>
        )}
        {row.windowRequired !== null && (
          <div>
            {t('forecast.personWindow', { done: row.windowDone, booked: row.windowBooked, required: row.windowRequired, shortfall: row.windowShortfall })}
          </div>
        )}
        {row.unified && (
          <div>
            {t('forecast.personUnified', {
              year: data.asOf.slice(0, 4),
              state,
              required: row.unifiedRequired,
              done: row.unifiedDone,
              booked: row.unifiedBooked,
            })}
          </div>
        )}
        <div>{row.atRisk ? t('forecast.personRisk', { shortfall: row.shortfall }) : t('forecast.personOk')}</div>
      </Alert>
      {data.sessions.length > 0 && (
        <Table size="small" aria-label={t('forecast.personSessions')}>
          <TableHead>
            <TableRow>
              <TableCell>{t('forecast.personSessions')}</TableCell>
              <TableCell>{t('forecast.planTime')}</TableCell>
              <TableCell>{t('forecast.planBase')}</TableCell>
              <TableCell align="right">{t('forecast.planCloses')}</TableCell>
              <TableCell>{t('compliance.note')}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {data.sessions.map((s) => (
              <TableRow key={s.sessionId}>
                <TableCell>{s.courseTitle}</TableCell>
                <TableCell>{`${s.startsAt.slice(0, 16).replace('T', ' ')}–${s.endsAt.slice(11, 16)}`}</TableCell>
                <TableCell>{s.baseName}</TableCell>
                <TableCell align="right">{s.hours}</TableCell>
                <TableCell>{s.counted ? t('forecast.counted') : t('forecast.notCounted')}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Stack>
  );
}
