import { useEffect, useState, type ReactNode } from 'react';
import {
  Alert,
  Box,
  Button,
  Checkbox,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  FormControlLabel,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import DownloadIcon from '@mui/icons-material/Download';
import { call } from '../../api/client.ts';
import { useDataVersion } from '../../api/dataVersion.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { downloadJobFile, useJob } from '../../jobs/useJob.ts';
import { WorkbookPicker } from '../../jobs/WorkbookPicker.tsx';
import { JobProgress } from '../../jobs/JobProgress.tsx';

type Step = 'choose' | 'previewing' | 'preview' | 'committing' | 'done';

/** What every import's summary carries: the refused rows and the headers it ignored. */
interface BaseSummary {
  refused: { rowNumber: number; column: string; reason: string }[];
  ignoredHeaders: string[];
}

/**
 * One kind of import: its operations and how its summary reads. The registry's is the default;
 * 培训学时导入 passes its own (renderer/src/resources/compliance/TrainingHoursImport.tsx).
 */
export interface ImportKind<S extends BaseSummary = BaseSummary> {
  title: string;
  intro: string;
  template(): Promise<{ jobId: string }>;
  preview(file: { name: string; base64: string }): Promise<{ jobId: string }>;
  commit(file: { name: string; base64: string }, onlyValidRows: boolean): Promise<{ jobId: string }>;
  /** The preview's (or, when done, the commit's) summary in a sentence. */
  describe(summary: S, done: boolean): { text: string; severity: 'success' | 'info' | 'warning' };
  /** Rows the commit writes. */
  writable(summary: S): number;
  /** More to say under the summary (duplicates, earlier imports of the file). */
  details?(summary: S, done: boolean): ReactNode;
  /** All or nothing: with refused rows, the commit needs this box ticked (its label) to write the others. */
  onlyValidLabel?(summary: S): string | null;
}

/** 导入历史学时: template, choose a file, preview what will happen row by row, then commit. (To be folded into jobs/ImportDialog's mapping and preview.) */
export function HoursImportDialog({ open, onClose, kind }: { open: boolean; onClose(): void; kind: ImportKind }) {
  const { t } = useI18n();
  const n = (v: number) => v.toLocaleString('zh-CN');
  const k = kind;
  const [onlyValid, setOnlyValid] = useState(false);
  const { bump } = useDataVersion();
  const [file, setFile] = useState<{ name: string; base64: string } | null>(null);
  const [step, setStep] = useState<Step>('choose');
  const [jobId, setJobId] = useState<string | null>(null);
  const [previewJob, setPreviewJob] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [savedTo, setSavedTo] = useState<string | null>(null);
  const { status, cancel } = useJob(jobId);
  const summary = (status?.state === 'done' ? status.result : null) as BaseSummary | null;
  const onlyValidLabel = summary && step === 'preview' ? (k.onlyValidLabel?.(summary) ?? null) : null;

  useEffect(() => {
    if (!open) {
      setFile(null);
      setStep('choose');
      setJobId(null);
      setError(null);
      setSavedTo(null);
      setOnlyValid(false);
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
      const { jobId: id } = await (mode === 'importPreview' ? k.preview(file) : k.commit(file, onlyValid));
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
    const { jobId: id } = await k.template();
    for (let i = 0; i < 40; i++) {
      if ((await call('jobs.status', { id })).state !== 'running') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    save(id);
  };

  const described = summary && (step === 'preview' || step === 'done') ? k.describe(summary, step === 'done') : null;
  return (
    <Dialog open={open} onClose={step === 'previewing' || step === 'committing' ? undefined : onClose} fullWidth maxWidth="md" aria-labelledby="import-title">
      <DialogTitle id="import-title">{k.title}</DialogTitle>
      <DialogContent dividers>
        <Stack spacing={2}>
          <Typography variant="body2">{k.intro}</Typography>
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
                setOnlyValid(false);
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
              <Alert severity={described!.severity}>{described!.text}</Alert>
              {k.details?.(summary, step === 'done')}
              {summary.ignoredHeaders.length > 0 && <Alert severity="info">{t('hoursImport.ignored', { headers: summary.ignoredHeaders.join('、') })}</Alert>}
              {summary.refused.length > 0 && (
                <Box>
                  <Stack direction="row" sx={{ alignItems: 'center', mb: 1 }}>
                    <Typography variant="subtitle2" sx={{ flex: 1 }}>
                      {t('hoursImport.refusedRows')}
                    </Typography>
                    {previewJob && (
                      <Button size="small" startIcon={<DownloadIcon />} onClick={() => save(previewJob)}>
                        {t('import.downloadRefused')}
                      </Button>
                    )}
                  </Stack>
                  <Box sx={{ maxHeight: 220, overflow: 'auto' }}>
                    <Table size="small" stickyHeader aria-label={t('hoursImport.refusedRows')}>
                      <TableHead>
                        <TableRow>
                          <TableCell>{t('import.row')}</TableCell>
                          <TableCell>{t('hoursImport.column')}</TableCell>
                          <TableCell>{t('hoursImport.reason')}</TableCell>
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
              {onlyValidLabel && <FormControlLabel control={<Checkbox checked={onlyValid} onChange={(e) => setOnlyValid(e.target.checked)} />} label={onlyValidLabel} />}
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
            disabled={!file || step === 'previewing' || step === 'committing' || (step === 'preview' && !!summary && (k.writable(summary) === 0 || (!!onlyValidLabel && !onlyValid)))}
            onClick={() => void start(step === 'preview' ? 'importCommit' : 'importPreview')}
          >
            {step === 'preview' && summary ? t('import.commit', { n: n(k.writable(summary)) }) : t('hoursImport.preview')}
          </Button>
        )}
      </DialogActions>
    </Dialog>
  );
}
