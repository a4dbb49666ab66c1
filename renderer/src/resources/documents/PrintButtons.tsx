/** The print actions on the screens that hold a document's data: each fetches (or issues) the document, then previews it for printing. */
import { useEffect, useState, type ReactNode } from 'react';
import {
  Alert,
  Box,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  FormControlLabel,
  Radio,
  RadioGroup,
  Stack,
  TextField,
  Typography,
} from '@mui/material';
import PrintIcon from '@mui/icons-material/Print';
import { call, type Input } from '../../api/client.ts';
import { useAuth } from '../../auth/AuthProvider.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useJob } from '../../jobs/useJob.ts';
import { JobProgress } from '../../jobs/JobProgress.tsx';
import { PrintPreview } from './PrintPreview.tsx';
import {
  HoursCertificatePage,
  LetterPage,
  SignInSheetPage,
  type AppointmentLetter,
  type HoursCertificate,
  type RecertNotice,
  type SignInSheet,
} from './pages.tsx';

type Preview = { title: string; fileName: string; pages: ReactNode };

function usePreview() {
  const [preview, setPreview] = useState<Preview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const element = (
    <>
      <PrintPreview open={!!preview} title={preview?.title ?? ''} fileName={preview?.fileName ?? ''} onClose={() => setPreview(null)}>
        {preview?.pages}
      </PrintPreview>
      {error && (
        <Alert severity="error" onClose={() => setError(null)} sx={{ position: 'fixed', bottom: 16, left: '50%', transform: 'translateX(-50%)', zIndex: 1400 }}>
          {error}
        </Alert>
      )}
    </>
  );
  const attempt = async (work: () => Promise<Preview>) => {
    setError(null);
    try {
      setPreview(await work());
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return { element, attempt, setError };
}

export function SignInSheetButton({ sessionId }: { sessionId: number }) {
  const { t } = useI18n();
  const { element, attempt } = usePreview();
  return (
    <>
      <Button
        variant="outlined"
        startIcon={<PrintIcon />}
        onClick={() =>
          void attempt(async () => {
            const sheet: SignInSheet = await call('documents.signInSheet', { sessionId });
            return {
              title: `${t('print.signInSheet.title')} · ${sheet.session.courseTitle}`,
              fileName: `签到表-${sheet.session.courseCode}-${sheet.session.startsAt.slice(0, 10)}.pdf`,
              pages: <SignInSheetPage sheet={sheet} />,
            };
          })
        }
      >
        {t('print.signInSheet')}
      </Button>
      {element}
    </>
  );
}

type Span = Input<'documents.issueHoursCertificate'>['span'];

/** Which span a 学时证明 covers: the rolling window (default), the current registration period, or given dates. */
function SpanChooser({
  title,
  hint,
  onChoose,
  onClose,
  children,
}: {
  title: string;
  hint: string;
  onChoose(span: Span): void;
  onClose(): void;
  children?: ReactNode;
}) {
  const { t } = useI18n();
  const [kind, setKind] = useState<'window' | 'period' | 'range'>('window');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  return (
    <Dialog open onClose={onClose} maxWidth="xs" fullWidth>
      <DialogTitle>{title}</DialogTitle>
      <DialogContent>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
          {hint}
        </Typography>
        <RadioGroup aria-label={t('print.hours.span')} value={kind} onChange={(e) => setKind(e.target.value as typeof kind)}>
          <FormControlLabel value="window" control={<Radio />} label={t('print.hours.span.window')} />
          <FormControlLabel value="period" control={<Radio />} label={t('print.hours.span.period')} />
          <FormControlLabel value="range" control={<Radio />} label={t('print.hours.span.range')} />
        </RadioGroup>
        {kind === 'range' && (
          <Stack direction="row" spacing={1} sx={{ mt: 1 }}>
            <TextField
              type="date"
              label={t('print.hours.from')}
              value={from}
              onChange={(e) => setFrom(e.target.value)}
              slotProps={{ inputLabel: { shrink: true } }}
              size="small"
            />
            <TextField
              type="date"
              label={t('print.hours.to')}
              value={to}
              onChange={(e) => setTo(e.target.value)}
              slotProps={{ inputLabel: { shrink: true } }}
              size="small"
            />
          </Stack>
        )}
        {children}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{t('common.cancel')}</Button>
        <Button variant="contained" disabled={kind === 'range' && (!from || !to)} onClick={() => onChoose(kind === 'range' ? { kind, from, to } : { kind })}>
          {t('print.hours.issue')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}

export function HoursCertificateButton({ personId }: { personId: number }) {
  const { t } = useI18n();
  const { can } = useAuth();
  const [choosing, setChoosing] = useState(false);
  const { element, attempt } = usePreview();
  if (!can('registry.write')) return null;
  return (
    <>
      <Button variant="outlined" startIcon={<PrintIcon />} onClick={() => setChoosing(true)}>
        {t('print.hours')}
      </Button>
      {choosing && (
        <SpanChooser
          title={t('print.hours')}
          hint={t('print.hours.issueHint')}
          onClose={() => setChoosing(false)}
          onChoose={(span) => {
            setChoosing(false);
            void attempt(async () => {
              const doc: HoursCertificate = await call('documents.issueHoursCertificate', { personId, span });
              return {
                title: `${t('print.hours.title')} · ${doc.person.name}`,
                fileName: `学时证明-${doc.person.name}-${doc.issued.serial}.pdf`,
                pages: <HoursCertificatePage doc={doc} />,
              };
            });
          }}
        />
      )}
      {element}
    </>
  );
}

export function SupervisorLetterButtons({ supervisorId, active }: { supervisorId: number; active: boolean }) {
  const { t } = useI18n();
  const { can } = useAuth();
  const { element, attempt } = usePreview();
  return (
    <>
      {active && can('registry.write') && (
        <Button
          variant="outlined"
          startIcon={<PrintIcon />}
          onClick={() =>
            void attempt(async () => {
              const doc: AppointmentLetter = await call('documents.issueAppointmentLetter', { supervisorId });
              return {
                title: `${doc.title} · ${doc.person.name}`,
                fileName: `聘书-${doc.person.name}-${doc.issued.serial}.pdf`,
                pages: <LetterPage doc={doc} />,
              };
            })
          }
        >
          {t('print.appointment')}
        </Button>
      )}
      <Button
        variant="outlined"
        startIcon={<PrintIcon />}
        onClick={() =>
          void attempt(async () => {
            const doc: RecertNotice = await call('documents.recertNotice', { supervisorId });
            return { title: `${doc.title} · ${doc.person.name}`, fileName: `再审核结果通知-${doc.person.name}.pdf`, pages: <LetterPage doc={doc} /> };
          })
        }
      >
        {t('print.notice')}
      </Button>
      {element}
    </>
  );
}

/** Follows a batch job in a dialog with its progress; when done, its documents are previewed as one print. */
function BatchJob({ jobId, onDone, onClose }: { jobId: string; onDone(result: unknown): void; onClose(): void }) {
  const { t } = useI18n();
  const { status, cancel } = useJob(jobId);
  useEffect(() => {
    if (status?.state === 'done') onDone(status.result);
  }, [status?.state, status?.result, onDone]);
  return (
    <Dialog open onClose={onClose} maxWidth="sm" fullWidth>
      <DialogContent>
        <Box sx={{ minWidth: 320 }}>
          <JobProgress status={status} onCancel={() => void cancel()} />
          {status?.state === 'failed' && <Alert severity="error">{status.error}</Alert>}
        </Box>
      </DialogContent>
      {status && status.state !== 'running' && (
        <DialogActions>
          <Button onClick={onClose}>{t('print.close')}</Button>
        </DialogActions>
      )}
    </Dialog>
  );
}

export function BatchHoursCertificatesButton({ query }: { query: Omit<Input<'documents.batchHoursCertificates'>, 'span'> }) {
  const { t } = useI18n();
  const { can } = useAuth();
  const [choosing, setChoosing] = useState(false);
  const [jobId, setJobId] = useState<string | null>(null);
  const { element, attempt, setError } = usePreview();
  if (!can('registry.write')) return null;
  return (
    <>
      <Button variant="outlined" startIcon={<PrintIcon />} onClick={() => setChoosing(true)}>
        {t('print.hours.batch')}
      </Button>
      {choosing && (
        <SpanChooser
          title={t('print.hours.batch')}
          hint={t('print.hours.batchHint')}
          onClose={() => setChoosing(false)}
          onChoose={(span) => {
            setChoosing(false);
            call('documents.batchHoursCertificates', { ...query, span }).then(
              ({ jobId }) => setJobId(jobId),
              (e: Error) => setError(e.message),
            );
          }}
        />
      )}
      {jobId && (
        <BatchJob
          jobId={jobId}
          onClose={() => setJobId(null)}
          onDone={(result) => {
            setJobId(null);
            const docs = (result as { documents: HoursCertificate[] }).documents;
            void attempt(async () => ({
              title: `${t('print.hours.batch')} · ${t('print.pageCount', { count: docs.length })}`,
              fileName: `学时证明-${docs.length}份.pdf`,
              pages: docs.map((d) => <HoursCertificatePage key={d.issued.serial} doc={d} />),
            }));
          }}
        />
      )}
      {element}
    </>
  );
}

export function BatchNoticesButton({ cycleId, year }: { cycleId: number; year: number }) {
  const { t } = useI18n();
  const [jobId, setJobId] = useState<string | null>(null);
  const { element, attempt, setError } = usePreview();
  return (
    <>
      <Button
        variant="outlined"
        startIcon={<PrintIcon />}
        onClick={() =>
          call('documents.batchRecertNotices', { cycleId }).then(
            ({ jobId }) => setJobId(jobId),
            (e: Error) => setError(e.message),
          )
        }
      >
        {t('print.notice.batch')}
      </Button>
      {jobId && (
        <BatchJob
          jobId={jobId}
          onClose={() => setJobId(null)}
          onDone={(result) => {
            setJobId(null);
            const docs = (result as { documents: RecertNotice[] }).documents;
            void attempt(async () => ({
              title: `${year} ${t('print.notice.batch')} · ${t('print.pageCount', { count: docs.length })}`,
              fileName: `${year}年度再审核结果通知-${docs.length}份.pdf`,
              pages: docs.map((d) => <LetterPage key={d.supervisorId} doc={d} />),
            }));
          }}
        />
      )}
      {element}
    </>
  );
}
