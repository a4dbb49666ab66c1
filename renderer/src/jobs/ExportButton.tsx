import { useEffect, useState } from 'react';
import { Alert, Box, Button, Snackbar } from '@mui/material';
import DownloadIcon from '@mui/icons-material/Download';
import { call, type Input } from '../api/client.ts';
import { useI18n } from '../i18n/index.tsx';
import { useAuth } from '../auth/AuthProvider.tsx';
import { downloadJobFile, useJob } from './useJob.ts';
import { JobProgress } from './JobProgress.tsx';

type ExportOperation =
  | 'people.export'
  | 'coverage.export'
  | 'bases.export'
  | 'evaluations.export'
  | 'supervisors.export'
  | 'organizations.export'
  | 'regions.export'
  | 'certificates.exportDue'
  | 'audit.export'
  | 'sessions.export'
  | 'enrolments.export'
  | 'compliance.export'
  | 'recert.export'
  | 'recert.outstandingExport'
  | 'audit.annualWorkbook'
  | 'home.exportChart'
  | 'supervision.exportRecords'
  | 'supervision.exportRelationships';

/** 导出: writes exactly what the list shows (its search, filters and sort), every page, to .xlsx. */
export function ExportButton<N extends ExportOperation>({
  operation,
  query,
  label,
  variant = 'outlined',
}: {
  operation: N;
  query: Input<N>;
  label?: string;
  variant?: 'outlined' | 'contained';
}) {
  const { t } = useI18n();
  const { can } = useAuth();
  const [jobId, setJobId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [savedTo, setSavedTo] = useState<string | null>(null);
  const { status, cancel } = useJob(jobId);
  useEffect(() => {
    if (status?.state === 'done' && jobId) downloadJobFile(jobId).then(setSavedTo, (e: Error) => setError(e.message));
    if (status?.state === 'failed') setError(status.error);
  }, [status?.state, status?.error, jobId]);
  const running = jobId !== null && (!status || status.state === 'running');
  if (!can('export')) return null; // core refuses it anyway; the button is not offered
  return (
    <>
      <Button
        variant={variant}
        startIcon={<DownloadIcon />}
        disabled={running}
        onClick={async () => {
          setError(null);
          setSavedTo(null);
          try {
            setJobId((await call(operation, query)).jobId);
          } catch (e) {
            setError((e as Error).message);
          }
        }}
      >
        {label ?? t('jobs.export')}
      </Button>
      <Snackbar open={running} anchorOrigin={{ vertical: 'bottom', horizontal: 'center' }}>
        <Box sx={{ bgcolor: 'background.paper', p: 2, borderRadius: 1, boxShadow: 3, minWidth: 360 }}>
          <JobProgress status={status} onCancel={() => void cancel()} />
        </Box>
      </Snackbar>
      <Snackbar open={!!savedTo} autoHideDuration={8000} onClose={() => setSavedTo(null)}>
        <Alert severity="success" onClose={() => setSavedTo(null)}>
          {t('jobs.savedTo', { path: savedTo ?? '' })}
        </Alert>
      </Snackbar>
      <Snackbar open={!!error} autoHideDuration={8000} onClose={() => setError(null)}>
        <Alert severity="error" onClose={() => setError(null)}>
          {error}
        </Alert>
      </Snackbar>
    </>
  );
}
