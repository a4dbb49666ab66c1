import { useState } from 'react';
import { Alert, Box, Button, Dialog, DialogActions, DialogContent, DialogTitle, Stack, Typography } from '@mui/material';
import { call } from '../api/client.ts';
import { useCall } from '../api/useCall.ts';
import { useDataVersion } from '../api/dataVersion.tsx';
import { useAuth } from '../auth/AuthProvider.tsx';
import { Code } from '../components/Page.tsx';
import { ImportDialog } from '../jobs/ImportDialog.tsx';
import { finishedJob } from '../jobs/useJob.ts';
import { useI18n } from '../i18n/index.tsx';
import { StandardCityPicker, type DivisionProvince, type DivisionUnit } from '../resources/regions/StandardCityPicker.tsx';

/** Once, after the first-run setup: where the data lives, and three ways to begin. */
export function WelcomeDialog() {
  const { t } = useI18n();
  const { justSetUp, dismissWelcome } = useAuth();
  const { bump } = useDataVersion();
  const { data } = useCall('system.info', {}, justSetUp);
  // A data file from before accounts existed may already hold people: then no example data.
  const { data: demo } = useCall('demo.status', {}, justSetUp);
  const offerExample = demo?.canLoad !== false; // shown (disabled) while unknown, so the buttons do not move
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [importing, setImporting] = useState(false);
  const { data: divisions } = useCall('regions.standardDivisions', {}, justSetUp);
  const [province, setProvince] = useState<DivisionProvince | null>(null);
  const [unit, setUnit] = useState<DivisionUnit | null>(null);
  if (!justSetUp && !importing) return null;
  /** Adds the association's city first when one was picked (optional), then begins the chosen way. */
  const begin = async (then: () => Promise<void> | void) => {
    setBusy(true);
    setError(null);
    try {
      if (unit) await call('regions.importStandard', { unitCode: unit.code, setAsAssociationCity: true });
      await then();
      bump();
      dismissWelcome();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const loadExample = () => begin(async () => void (await finishedJob((await call('demo.load', {})).jobId)));
  return (
    <>
      <Dialog open={justSetUp} maxWidth="sm" fullWidth aria-labelledby="welcome-title">
        <DialogTitle id="welcome-title">{t('welcome.title')}</DialogTitle>
        <DialogContent dividers>
          <Stack spacing={1.5}>
            <Typography>{t('welcome.intro')}</Typography>
            <Box>
              <Typography variant="subtitle2">{t('welcome.whereTitle')}</Typography>
              <Typography>
                {t('welcome.where')} <Code>{data?.dataFile ?? '…'}</Code>
              </Typography>
              <Typography variant="body2" color="text.secondary">
                {t('welcome.backups')}
              </Typography>
            </Box>
            <Box>
              <Typography variant="subtitle2">{t('welcome.cityTitle')}</Typography>
              <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
                {t('welcome.cityHint')}
              </Typography>
              <StandardCityPicker
                provinces={divisions?.provinces ?? []}
                province={province}
                unit={unit}
                disabled={busy}
                onChange={(p, u) => {
                  setProvince(p);
                  setUnit(u);
                }}
              />
            </Box>
            <Typography variant="subtitle2">{t('welcome.howTitle')}</Typography>
            <Typography variant="body2">{offerExample ? t('welcome.exampleHint') : t('welcome.exampleUnavailable')}</Typography>
            <Typography variant="body2">{t('welcome.importHint')}</Typography>
            {error && <Alert severity="error">{error}</Alert>}
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => void begin(() => undefined)} disabled={busy}>
            {t('welcome.blank')}
          </Button>
          <Button variant="outlined" disabled={busy} onClick={() => void begin(() => setImporting(true))}>
            {t('welcome.import')}
          </Button>
          {offerExample && (
            <Button variant="contained" disabled={busy || !demo} onClick={() => void loadExample()}>
              {busy ? t('demo.loading') : t('welcome.example')}
            </Button>
          )}
        </DialogActions>
      </Dialog>
      <ImportDialog open={importing} onClose={() => setImporting(false)} />
    </>
  );
}
