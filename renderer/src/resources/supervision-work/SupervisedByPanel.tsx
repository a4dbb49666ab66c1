import { Link as RouterLink } from 'react-router';
import { Alert, Box, Link, Stack, Typography } from '@mui/material';
import { useCall } from '../../api/useCall.ts';
import { useI18n } from '../../i18n/index.tsx';
import type { Output } from '../../api/client.ts';

type Relationship = Output<'supervision.relationships'>[number];

/** A person's page: who supervises them now, and who did before (from the supervisors' relationships). */
export function SupervisedByPanel({ personId }: { personId: number }) {
  const { t, label } = useI18n();
  const { data, error } = useCall('supervision.relationships', { personId });
  if (error) return <Alert severity="error">{error.message}</Alert>;
  const rows = data ?? [];
  const now = rows.filter((r) => r.current);
  const before = rows.filter((r) => !r.current);
  const line = (r: Relationship) => (
    <Box component="li" key={r.id} sx={{ mb: 0.5 }}>
      <Link component={RouterLink} to={`/supervisors/${r.supervisorId}`}>
        {r.supervisorName}
      </Link>
      {`（${r.levelName}）· ${label('supervisionForm', r.form)} · ${r.startsOn} 起${r.endsOn ? `，至 ${r.endsOn}` : ''}${r.agreementRef ? ` · ${r.agreementRef}` : ''}`}
    </Box>
  );
  return (
    <Stack spacing={2}>
      <section aria-label={t('supervisionWork.supervisedByNow')}>
        <Typography variant="subtitle1" sx={{ fontWeight: 600 }}>
          {t('supervisionWork.supervisedByNow')}
        </Typography>
        {now.length ? <Box component="ul">{now.map(line)}</Box> : <Typography color="text.secondary">{t('supervisionWork.notSupervised')}</Typography>}
      </section>
      <section aria-label={t('supervisionWork.supervisedBefore')}>
        <Typography variant="subtitle1" sx={{ fontWeight: 600 }}>
          {t('supervisionWork.supervisedBefore')}
        </Typography>
        {before.length ? (
          <Box component="ul">{before.map(line)}</Box>
        ) : (
          <Typography color="text.secondary">{t('supervisionWork.neverSupervisedBefore')}</Typography>
        )}
      </section>
    </Stack>
  );
}
