import { useEffect, useState } from 'react';
import {
  Alert,
  Box,
  Button,
  Chip,
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
  TextField,
  Typography,
} from '@mui/material';
import { call } from '../../api/client.ts';
import { useI18n } from '../../i18n/index.tsx';
import { Code } from '../../components/Page.tsx';
import { JobProgress } from '../../jobs/JobProgress.tsx';
import { useJob } from '../../jobs/useJob.ts';
import { WorkbookPicker } from '../../jobs/WorkbookPicker.tsx';
import type { RosterRow } from '../../../../core/training/roster.ts';

/**
 * Bulk enrolment in two steps: the roster (pasted 身份证号 or an .xlsx) is checked row by row
 * first; then only the rows without a problem are enrolled, all together or none.
 */
export function RosterDialog({ open, sessionId, onClose, onDone }: { open: boolean; sessionId: number; onClose(): void; onDone(message: string): void }) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const [file, setFile] = useState<{ name: string; base64: string } | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const { status } = useJob(jobId);
  const rows = status?.state === 'done' ? (status.result as { rows: RosterRow[] }).rows : null;
  const ready = rows?.filter((r) => r.problem === null) ?? [];

  useEffect(() => {
    if (!open) return;
    setText('');
    setFile(null);
    setJobId(null);
    setError(null);
  }, [open]);
  useEffect(() => {
    if (status?.state === 'failed') setError(status.error);
  }, [status]);

  const preview = async () => {
    setError(null);
    setJobId(null);
    try {
      const started = await call('enrolments.rosterPreview', file ? { sessionId, fileBase64: file.base64 } : { sessionId, text });
      setJobId(started.jobId);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const enrol = async () => {
    setBusy(true);
    setError(null);
    try {
      const result = await call('enrolments.bulk', { sessionId, personIds: ready.map((r) => r.personId!) });
      onDone(t('roster.done', result));
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog open={open} onClose={busy ? undefined : onClose} fullWidth maxWidth="md" aria-labelledby="roster-dialog-title">
      <DialogTitle id="roster-dialog-title">{t('roster.title')}</DialogTitle>
      <DialogContent dividers>
        <Stack spacing={2}>
          {error && <Alert severity="error">{error}</Alert>}
          <TextField
            label={t('roster.text')}
            multiline
            minRows={4}
            maxRows={10}
            value={text}
            disabled={!!file}
            onChange={(e) => {
              setText(e.target.value);
              setJobId(null);
            }}
            slotProps={{ htmlInput: { style: { fontFamily: 'monospace' } } }}
          />
          <Stack direction="row" spacing={1.5} sx={{ alignItems: 'center' }}>
            <WorkbookPicker
              label={t('roster.file')}
              onPicked={(picked) => {
                setJobId(null);
                setFile(picked);
              }}
            />
            {file && <Chip label={t('roster.fileChosen', { name: file.name })} onDelete={() => (setFile(null), setJobId(null))} />}
            <Box sx={{ flex: 1 }} />
            <Button variant="contained" onClick={() => void preview()} disabled={!file && text.trim() === ''}>
              {t('roster.preview')}
            </Button>
          </Stack>
          {status?.state === 'running' && <JobProgress status={status} />}
          {rows && (
            <>
              <Typography>{t('roster.summary', { total: rows.length, ok: ready.length, problems: rows.length - ready.length })}</Typography>
              <Table size="small" aria-label={t('roster.result')}>
                <TableHead>
                  <TableRow>
                    <TableCell>{t('roster.row')}</TableCell>
                    <TableCell>{t('enrol.idNumber')}</TableCell>
                    <TableCell>{t('enrol.name')}</TableCell>
                    <TableCell>{t('roster.result')}</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {rows.map((r) => (
                    <TableRow key={`${r.row}-${r.idNumber}`} sx={r.problem ? { bgcolor: 'warning.50' } : undefined}>
                      <TableCell>{r.row}</TableCell>
                      <TableCell>
                        <Code>{r.idNumber}</Code>
                      </TableCell>
                      <TableCell>{r.name ?? '—'}</TableCell>
                      <TableCell sx={{ color: r.problem ? 'warning.dark' : 'success.main' }}>{r.message ?? t('roster.ok')}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </>
          )}
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={busy}>
          {t('common.cancel')}
        </Button>
        <Button variant="contained" disabled={busy || ready.length === 0} onClick={() => void enrol()}>
          {t('roster.confirm', { count: ready.length })}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
