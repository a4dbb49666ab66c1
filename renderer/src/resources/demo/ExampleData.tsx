import { useEffect, useState } from 'react';
import { Alert, Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle } from '@mui/material';
import { call } from '../../api/client.ts';
import { useCall } from '../../api/useCall.ts';
import { useDataVersion } from '../../api/dataVersion.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { finishedJob } from '../../jobs/useJob.ts';

/** The empty state's offer: load the demo data set to explore. */
export function LoadExampleButton() {
  const { t } = useI18n();
  const { bump } = useDataVersion();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      <Button
        variant="outlined"
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          setError(null);
          try {
            await finishedJob((await call('demo.load', {})).jobId);
            bump();
          } catch (e) {
            setError((e as Error).message);
          } finally {
            setBusy(false);
          }
        }}
      >
        {busy ? t('demo.loading') : t('demo.load')}
      </Button>
      {error && <Alert severity="error">{error}</Alert>}
    </>
  );
}

/** While example data is present, say so on every screen and offer to remove exactly it. */
export function ExampleDataBanner() {
  const { t } = useI18n();
  const { version, bump } = useDataVersion();
  const { data, reload } = useCall('demo.status', {});
  useEffect(() => reload(), [version, reload]);
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!data?.loaded) return null;
  const people = data.counts.person ?? 0;
  return (
    <>
      <Alert
        severity="info"
        sx={{ mb: 1.5 }}
        action={
          <Button color="inherit" size="small" onClick={() => setConfirming(true)}>
            {t('demo.remove')}
          </Button>
        }
      >
        {t('demo.banner', { people: people.toLocaleString('zh-CN') })}
      </Alert>
      <Dialog open={confirming} onClose={() => setConfirming(false)} aria-labelledby="demo-remove-title">
        <DialogTitle id="demo-remove-title">{t('demo.removeTitle')}</DialogTitle>
        <DialogContent>
          <DialogContentText>{t('demo.removeText', { people: people.toLocaleString('zh-CN') })}</DialogContentText>
          {error && (
            <Alert severity="error" sx={{ mt: 2 }}>
              {error}
            </Alert>
          )}
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setConfirming(false)}>{t('common.cancel')}</Button>
          <Button
            color="error"
            variant="contained"
            onClick={async () => {
              try {
                await call('demo.remove', {});
                setConfirming(false);
                bump();
              } catch (e) {
                setError((e as Error).message);
              }
            }}
          >
            {t('demo.removeConfirm')}
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
}
