import { Box, Button, LinearProgress, Typography } from '@mui/material';
import { useI18n } from '../i18n/index.tsx';
import type { JobStatus } from './useJob.ts';

/** A job's progress bar with its phase text and a cancel button while it runs. */
export function JobProgress({ status, onCancel }: { status: JobStatus | null; onCancel?: () => void }) {
  const { t } = useI18n();
  if (!status) return <LinearProgress aria-label={t('jobs.starting')} />;
  const percent = status.total > 0 ? Math.min(100, Math.round((status.done / status.total) * 100)) : undefined;
  return (
    <Box>
      <LinearProgress
        variant={percent === undefined || status.state !== 'running' ? (status.state === 'running' ? 'indeterminate' : 'determinate') : 'determinate'}
        value={status.state === 'running' ? (percent ?? 0) : 100}
        aria-label={status.phase}
        color={status.state === 'failed' ? 'error' : status.state === 'cancelled' ? 'warning' : 'primary'}
      />
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, mt: 0.5 }}>
        <Typography variant="body2" color="text.secondary" sx={{ flex: 1 }}>
          {status.phase}
          {percent !== undefined && status.state === 'running' ? `（${percent}%）` : ''}
        </Typography>
        {status.state === 'running' && onCancel && (
          <Button size="small" color="warning" onClick={onCancel}>
            {t('jobs.cancel')}
          </Button>
        )}
      </Box>
    </Box>
  );
}
