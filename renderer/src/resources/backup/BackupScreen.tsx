import { useEffect, useState } from 'react';
import {
  Alert,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
  Paper,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@mui/material';
import BackupIcon from '@mui/icons-material/Backup';
import { call, type Output } from '../../api/client.ts';
import { useCall } from '../../api/useCall.ts';
import { Code, Page } from '../../components/Page.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { showTime } from '../../api/clock.tsx';
import { finishedJob } from '../../jobs/useJob.ts';

type Backup = Output<'backup.status'>['backups'][number];

/** What a restore did, carried over the reload that follows it (the caller stays signed in). */
const RESTORED_KEY = 'sws-restored-message';

const sizeText = (bytes: number) => `${(bytes / 1024).toLocaleString('zh-CN', { maximumFractionDigits: 0 })} KB`;

/** 系统 → 备份: back up now, choose the folder, check and restore a backup (admin only). */
export function BackupScreen() {
  const { t, label } = useI18n();
  const status = useCall('backup.status', {});
  const [message, setMessage] = useState<{ severity: 'success' | 'error' | 'info'; text: string } | null>(() => {
    const restored = sessionStorage.getItem(RESTORED_KEY);
    return restored ? { severity: 'success', text: restored } : null;
  });
  // Forgotten once shown: a render React throws away (a screen still loading beside it) must not take it.
  useEffect(() => sessionStorage.removeItem(RESTORED_KEY), []);
  const [dir, setDir] = useState<string | null>(null);
  const [restoring, setRestoring] = useState<Backup | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async (work: () => Promise<string>) => {
    setBusy(true);
    try {
      setMessage({ severity: 'success', text: await work() });
      status.reload();
    } catch (e) {
      setMessage({ severity: 'error', text: (e as Error).message });
    } finally {
      setBusy(false);
    }
  };
  const restore = async (backup: Backup) => {
    setRestoring(null);
    setBusy(true);
    try {
      const done = await call('backup.restore', { name: backup.name });
      // Core reopened on the restored file and signed everyone else out: every screen reloads on the restored data.
      sessionStorage.setItem(RESTORED_KEY, done.message);
      window.location.reload();
    } catch (e) {
      setMessage({ severity: 'error', text: (e as Error).message });
      setBusy(false);
    }
  };

  if (status.error) return <Alert severity="error">{t('common.loadFailed', { message: status.error.message })}</Alert>;
  const data = status.data;
  return (
    <Page
      title={t('backup.title')}
      actions={
        <Button
          variant="contained"
          startIcon={<BackupIcon />}
          disabled={busy}
          onClick={() =>
            void run(async () => {
              const { result } = await finishedJob((await call('backup.create', {})).jobId);
              return t('backup.created', { name: (result as { name: string }).name });
            })
          }
        >
          {t('backup.create')}
        </Button>
      }
    >
      {message && (
        <Alert severity={message.severity} onClose={() => setMessage(null)}>
          {message.text}
        </Alert>
      )}
      {data && (
        <Paper variant="outlined" sx={{ p: 2 }}>
          <Stack spacing={1.5}>
            {data.engine === 'postgres' ? (
              <>
                <Typography>
                  {t('backup.enginePostgres')}：<Code>{data.database}</Code>
                </Typography>
                <Typography variant="body2" color="text.secondary">
                  {t('backup.postgresHow')}
                </Typography>
              </>
            ) : (
              <Typography>
                {t('backup.engineSqlite')}：<Code>{data.dataFile}</Code>
              </Typography>
            )}
            <Stack direction="row" spacing={1} sx={{ alignItems: 'flex-start' }}>
              <TextField
                size="small"
                label={t('backup.dir')}
                value={dir ?? data.dir}
                onChange={(e) => setDir(e.target.value)}
                helperText={t('backup.dirHelp', { dir: data.defaultDir })}
                sx={{ flex: 1 }}
              />
              <Button
                variant="outlined"
                disabled={busy || dir === null}
                onClick={() =>
                  void run(async () => {
                    const saved = await call('backup.setDir', { dir: dir === data.defaultDir ? null : dir });
                    setDir(null);
                    return t('backup.dirSaved', { dir: saved.dir });
                  })
                }
              >
                {t('common.save')}
              </Button>
            </Stack>
            <Typography variant="body2" color="text.secondary">
              {t('backup.rotation')}
            </Typography>
          </Stack>
        </Paper>
      )}
      <Paper variant="outlined" sx={{ flex: 1, minHeight: 0, overflow: 'auto' }}>
        {data && data.backups.length === 0 ? (
          <Typography color="text.secondary" sx={{ p: 2 }}>
            {t('backup.empty')}
          </Typography>
        ) : (
          <Table size="small" stickyHeader aria-label={t('backup.list')}>
            <TableHead>
              <TableRow>
                <TableCell>{t('backup.createdAt')}</TableCell>
                <TableCell>{t('backup.kind')}</TableCell>
                <TableCell>{t('backup.size')}</TableCell>
                <TableCell>{t('backup.file')}</TableCell>
                <TableCell />
              </TableRow>
            </TableHead>
            <TableBody>
              {(data?.backups ?? []).map((b) => (
                <TableRow key={b.name} hover>
                  <TableCell>{showTime(b.createdAt, { seconds: true })}</TableCell>
                  <TableCell>{label('backupKind', b.label.startsWith('before-migration') ? 'before-migration' : b.label)}</TableCell>
                  <TableCell>{sizeText(b.size)}</TableCell>
                  <TableCell>
                    <Code>{b.name}</Code>
                  </TableCell>
                  <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
                    <Button
                      size="small"
                      disabled={busy}
                      onClick={() =>
                        void run(async () => {
                          const r = await call('backup.check', { name: b.name });
                          if (!r.ok) throw new Error(r.problem);
                          return t('backup.checkOk', { name: b.name });
                        })
                      }
                    >
                      {t('backup.check')}
                    </Button>
                    <Button size="small" color="warning" disabled={busy} onClick={() => setRestoring(b)}>
                      {t('backup.restore')}
                    </Button>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </Paper>
      <Dialog open={!!restoring} onClose={() => setRestoring(null)}>
        <DialogTitle>{t('backup.restoreConfirm', { name: restoring ? showTime(restoring.createdAt, { seconds: true }) : '' })}</DialogTitle>
        <DialogContent>
          <DialogContentText>{t('backup.restoreHint')}</DialogContentText>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setRestoring(null)}>{t('common.cancel')}</Button>
          <Button variant="contained" color="warning" onClick={() => restoring && void restore(restoring)}>
            {t('backup.restoreNow')}
          </Button>
        </DialogActions>
      </Dialog>
    </Page>
  );
}
