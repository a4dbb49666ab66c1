import { Alert, Box, Stack, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { useCall } from '../../api/useCall.ts';
import { useI18n } from '../../i18n/index.tsx';
import { RuleSummary } from './RuleSummary.tsx';
import { PersonForecast } from './PersonForecast.tsx';

/** 学时达标: a person's hours per registration period and rolling window, required vs done, with the rules behind them. */
export function ComplianceTab({ personId }: { personId: number }) {
  const { t } = useI18n();
  const { data } = useCall('compliance.ofPerson', { personId });
  if (!data) return null;
  const rows = [
    ...data.periods.map((p) => ({
      key: p.start,
      label: t('compliance.period', { start: p.start, end: p.end }),
      ...p,
      current: p.start === data.current?.start,
      past: p.state === 'past',
    })),
    { key: 'window', label: t('compliance.window', { start: data.window.start, end: data.window.end }), ...data.window, current: false, past: false },
    ...(data.year ? [{ key: 'year', label: t('compliance.year', { year: data.year.year }), ...data.year, current: false, past: false }] : []),
  ];
  return (
    <Stack spacing={1.5}>
      <Typography>
        {data.certificate
          ? t('compliance.certificate', { label: data.certificate.label, issuedOn: data.certificate.issuedOn, validUntil: data.certificate.validUntil })
          : t('compliance.noCertificate')}{' '}
        {t('compliance.asOf', { date: data.asOf, version: data.ruleVersion })}
      </Typography>
      {data.compliant ? (
        <Alert severity="success">{t('compliance.met')}</Alert>
      ) : (
        <Alert severity="warning">
          <Box component="ul" sx={{ m: 0, pl: 2 }}>
            {data.shortfalls.map((s) => (
              <li key={s}>{s}</li>
            ))}
          </Box>
        </Alert>
      )}
      <Table size="small" aria-label={t('compliance.tab')}>
        <TableHead>
          <TableRow>
            <TableCell>{t('compliance.span')}</TableCell>
            <TableCell align="right">{t('compliance.required')}</TableCell>
            <TableCell align="right">{t('compliance.done')}</TableCell>
            <TableCell align="right">{t('compliance.shortfall')}</TableCell>
            <TableCell>{t('compliance.note')}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map((r) => (
            <TableRow key={r.key} selected={r.current} sx={r.past ? { '& td': { color: 'text.secondary' } } : undefined}>
              <TableCell>
                {r.label}
                {r.current ? t('compliance.currentMark') : r.past ? t('compliance.pastMark') : ''}
              </TableCell>
              <TableCell align="right">{r.required ?? '—'}</TableCell>
              <TableCell align="right">{r.done}</TableCell>
              <TableCell align="right">{r.required === null ? '—' : r.shortfall}</TableCell>
              <TableCell>{r.note ?? ''}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <Typography variant="body2" color="text.secondary">
        {t('compliance.attributionHint')}
      </Typography>
      <PersonForecast personId={personId} />
      <RuleSummary lines={data.ruleSummary} version={data.ruleVersion} />
    </Stack>
  );
}
