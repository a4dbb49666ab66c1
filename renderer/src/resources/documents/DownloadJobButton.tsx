import { useEffect, useState } from 'react';
import { Alert, Button, Snackbar } from '@mui/material';
import DownloadIcon from '@mui/icons-material/Download';
import { call } from '../../api/client.ts';
import { useI18n } from '../../i18n/index.tsx';
import { downloadJobFile, useJob } from '../../jobs/useJob.ts';

/** A small file made by a job (the verification page, the revocation list): a save dialog in the desktop app, a download in the browser. */
export function DownloadJobButton({ operation, label }: { operation: 'documents.exportVerifierPage' | 'documents.exportRevocations'; label: string }) {
  const { t } = useI18n();
  const [jobId, setJobId] = useState<string | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const { status } = useJob(jobId);
  useEffect(() => {
    if (status?.state === 'done' && jobId) {
      setJobId(null);
      downloadJobFile(jobId).then(
        (path) => path && setMessage({ ok: true, text: t('jobs.savedTo', { path }) }),
        (e: Error) => setMessage({ ok: false, text: e.message }),
      );
    }
    if (status?.state === 'failed') setMessage({ ok: false, text: status.error ?? '' });
  }, [status?.state, status?.error, jobId, t]);
  return (
    <>
      <Button
        variant="outlined"
        startIcon={<DownloadIcon />}
        disabled={!!jobId}
        onClick={() =>
          call(operation, {}).then(
            ({ jobId }) => setJobId(jobId),
            (e: Error) => setMessage({ ok: false, text: e.message }),
          )
        }
      >
        {label}
      </Button>
      <Snackbar open={!!message} autoHideDuration={8000} onClose={() => setMessage(null)}>
        <Alert severity={message?.ok ? 'success' : 'error'} onClose={() => setMessage(null)}>
          {message?.text}
        </Alert>
      </Snackbar>
    </>
  );
}
