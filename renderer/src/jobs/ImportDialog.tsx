import { useEffect, useState } from 'react';
import {
  Alert,
  Box,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import DownloadIcon from '@mui/icons-material/Download';
import { call } from '../api/client.ts';
import { useDataVersion } from '../api/dataVersion.tsx';
import { useI18n } from '../i18n/index.tsx';
import type { ImportSummary } from '../../../core/excel/registry-import.ts';
import { downloadJobFile, useJob } from './useJob.ts';
import { WorkbookPicker } from './WorkbookPicker.tsx';
import { JobProgress } from './JobProgress.tsx';

type Step = 'choose' | 'previewing' | 'preview' | 'committing' | 'done';

/** 导入 Excel: template, choose a file, preview what will happen row by row, then commit the good rows. */
export function ImportDialog({ open, onClose }: { open: boolean; onClose(): void }) {
  const { t } = useI18n();
  const { bump } = useDataVersion();
  const [file, setFile] = useState<{ name: string; base64: string } | null>(null);
  const [step, setStep] = useState<Step>('choose');
  const [jobId, setJobId] = useState<string | null>(null);
  const [previewJob, setPreviewJob] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [savedTo, setSavedTo] = useState<string | null>(null);
  const { status, cancel } = useJob(jobId);
  const summary = (status?.state === 'done' ? status.result : null) as ImportSummary | null;

  useEffect(() => {
    if (!open) {
      setFile(null);
      setStep('choose');
      setJobId(null);
      setError(null);
      setSavedTo(null);
    }
  }, [open]);
  useEffect(() => {
    if (!status || status.state === 'running') return;
    if (status.state === 'failed' || status.state === 'cancelled') {
      setError(status.state === 'failed' ? status.error : status.phase);
      setStep('choose');
      return;
    }
    if (step === 'previewing') setStep('preview');
    if (step === 'committing') {
      setStep('done');
      bump();
    }
  }, [status, step, bump]);

  const start = async (mode: 'importPreview' | 'importCommit') => {
    if (!file) return;
    setError(null);
    try {
      const { jobId: id } = await call(mode === 'importPreview' ? 'registry.importPreview' : 'registry.importCommit', { fileName: file.name, base64: file.base64 });
      if (mode === 'importPreview') setPreviewJob(id);
      setJobId(id);
      setStep(mode === 'importPreview' ? 'previewing' : 'committing');
    } catch (e) {
      setError((e as Error).message);
    }
  };
  /** Saves a job's file; the desktop app says where it went. */
  const save = (id: string) => {
    setSavedTo(null);
    downloadJobFile(id).then(setSavedTo, (e: Error) => setError(e.message));
  };
  const template = async () => {
    const { jobId: id } = await call('registry.template', {});
    for (let i = 0; i < 40; i++) {
      if ((await call('jobs.status', { id })).state !== 'running') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    save(id);
  };

  const n = (v: number) => v.toLocaleString('zh-CN');
  return (
    <Dialog open={open} onClose={step === 'previewing' || step === 'committing' ? undefined : onClose} fullWidth maxWidth="md" aria-labelledby="import-title">
      <DialogTitle id="import-title">{t('import.title')}</DialogTitle>
      <DialogContent dividers>
        <Stack spacing={2}>
          <Typography variant="body2">{t('import.intro')}</Typography>
          <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
            <Button startIcon={<DownloadIcon />} onClick={() => template().catch((e: Error) => setError(e.message))}>
              {t('import.template')}
            </Button>
            <WorkbookPicker
              label={t('import.chooseFile')}
              disabled={step === 'previewing' || step === 'committing'}
              onPicked={(picked) => {
                setError(null);
                setStep('choose');
                setJobId(null);
                setFile(picked);
              }}
            />
            {file && <Typography variant="body2">{file.name}</Typography>}
          </Stack>
          {error && <Alert severity="error">{error}</Alert>}
          {savedTo && <Alert severity="success">{t('jobs.savedTo', { path: savedTo })}</Alert>}
          {(step === 'previewing' || step === 'committing') && <JobProgress status={status} onCancel={() => void cancel()} />}
          {summary && (step === 'preview' || step === 'done') && (
            <>
              <Alert severity={step === 'done' ? 'success' : summary.counts.refused ? 'warning' : 'info'}>
                {t(step === 'done' ? 'import.done' : 'import.previewSummary', {
                  rows: n(summary.rows),
                  created: n(summary.counts.created),
                  updated: n(summary.counts.updated),
                  unchanged: n(summary.counts.unchanged),
                  refused: n(summary.counts.refused),
                })}
              </Alert>
              {summary.ignoredHeaders.length > 0 && <Alert severity="info">{t('import.ignored', { headers: summary.ignoredHeaders.join('、') })}</Alert>}
              {summary.refused.length > 0 && (
                <Box>
                  <Stack direction="row" sx={{ alignItems: 'center', mb: 1 }}>
                    <Typography variant="subtitle2" sx={{ flex: 1 }}>
                      {t('import.refusedRows')}
                    </Typography>
                    {previewJob && (
                      <Button size="small" startIcon={<DownloadIcon />} onClick={() => save(previewJob)}>
                        {t('import.downloadRefused')}
                      </Button>
                    )}
                  </Stack>
                  <Box sx={{ maxHeight: 220, overflow: 'auto' }}>
                    <Table size="small" stickyHeader aria-label={t('import.refusedRows')}>
                      <TableHead>
                        <TableRow>
                          <TableCell>{t('import.row')}</TableCell>
                          <TableCell>{t('import.column')}</TableCell>
                          <TableCell>{t('import.reason')}</TableCell>
                        </TableRow>
                      </TableHead>
                      <TableBody>
                        {summary.refused.map((r) => (
                          <TableRow key={`${r.rowNumber}-${r.column}`}>
                            <TableCell>{t('import.rowNumber', { n: r.rowNumber })}</TableCell>
                            <TableCell>{r.column}</TableCell>
                            <TableCell>{r.reason}</TableCell>
                          </TableRow>
                        ))}
                      </TableBody>
                    </Table>
                  </Box>
                </Box>
              )}
            </>
          )}
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={step === 'previewing' || step === 'committing'}>
          {t(step === 'done' ? 'common.close' : 'common.cancel')}
        </Button>
        {step !== 'done' && (
          <Button
            variant="contained"
            disabled={!file || step === 'previewing' || step === 'committing' || (step === 'preview' && !!summary && summary.counts.created + summary.counts.updated === 0)}
            onClick={() => void start(step === 'preview' ? 'importCommit' : 'importPreview')}
          >
            {step === 'preview' && summary ? t('import.commit', { n: n(summary.counts.created + summary.counts.updated) }) : t('import.preview')}
          </Button>
        )}
      </DialogActions>
    </Dialog>
  );
}
