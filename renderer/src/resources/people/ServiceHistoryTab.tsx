import { Alert, Chip, CircularProgress, Stack, Table, TableBody, TableCell, TableContainer, TableHead, TableRow, Typography } from '@mui/material';
import { useCall } from '../../api/useCall.ts';
import { showTime } from '../../api/clock.tsx';
import { useI18n } from '../../i18n/index.tsx';

/** 服务履历: the organizations and posts a person held, newest first, each from its change to the next. */
export function ServiceHistoryTab({ personId }: { personId: number }) {
  const { t, label } = useI18n();
  // The person's page mounts it anew (key) after a saved change; other users' changes reload it (a change of the person).
  const { data, error } = useCall('people.serviceHistory', { id: personId });
  if (error) return <Alert severity="error">{t('common.loadFailed', { message: error.message })}</Alert>;
  if (!data) return <CircularProgress aria-label={t('common.loading')} />;
  return (
    <Stack spacing={1.5}>
      <Typography variant="body2" color="text.secondary">
        {t('serviceHistory.hint')}
      </Typography>
      {data.length === 0 ? (
        <Alert severity="info">{t('serviceHistory.empty')}</Alert>
      ) : (
        <TableContainer>
          <Table size="small" aria-label={t('serviceHistory.tab')}>
            <TableHead>
              <TableRow>
                <TableCell>{t('serviceHistory.from')}</TableCell>
                <TableCell>{t('serviceHistory.to')}</TableCell>
                <TableCell>{t('serviceHistory.organization')}</TableCell>
                <TableCell>{t('serviceHistory.post')}</TableCell>
                <TableCell>{t('serviceHistory.source')}</TableCell>
                <TableCell>{t('serviceHistory.recorded')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {data.map((row) => (
                <TableRow key={row.id}>
                  <TableCell>{row.from}</TableCell>
                  <TableCell>{row.to ?? t('serviceHistory.current')}</TableCell>
                  <TableCell>{row.organizationName ?? t('serviceHistory.none')}</TableCell>
                  <TableCell>{row.post ?? t('serviceHistory.none')}</TableCell>
                  <TableCell>
                    <Chip size="small" variant="outlined" label={label('postSource', row.source)} />
                  </TableCell>
                  <TableCell>
                    {row.actorName} · {showTime(row.recordedAt)}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableContainer>
      )}
    </Stack>
  );
}
