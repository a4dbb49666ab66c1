/**
 * 连接到协会服务器 (desktop app only; opened from 文件 › 连接到协会服务器…): the server's address,
 * its certificate's fingerprint to compare with the one the server shows, then connect, or go back
 * to the local data file. The main process keeps the connection; this only asks and shows.
 */
import { useEffect, useState } from 'react';
import { Alert, Button, Dialog, DialogActions, DialogContent, DialogTitle, Stack, TextField, Typography } from '@mui/material';
import type { CertificateOffer, ConnectionAnswer, ConnectionState } from '../../../core/shell/connection-protocol.ts';
import { useI18n } from '../i18n/index.tsx';

const CONNECT_HASH = '#/connect';

export function ConnectServerDialog() {
  const { t } = useI18n();
  const bridge = window.swsApi?.connection;
  const [open, setOpen] = useState(() => window.location.hash === CONNECT_HASH);
  const [state, setState] = useState<ConnectionState | null>(null);
  const [address, setAddress] = useState('');
  const [offer, setOffer] = useState<(CertificateOffer & { url: string }) | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const follow = () => setOpen(window.location.hash === CONNECT_HASH);
    window.addEventListener('hashchange', follow);
    return () => window.removeEventListener('hashchange', follow);
  }, []);
  useEffect(() => {
    if (!open || !bridge) return;
    void bridge({ action: 'status' }).then((answer) => {
      if (answer.ok && 'connection' in answer) {
        setState(answer.connection);
        if (answer.connection.mode === 'server') setAddress(answer.connection.url);
      }
    });
  }, [open, bridge]);
  if (!bridge) return null;

  const close = () => {
    setOffer(null);
    setError(null);
    window.location.hash = '#/';
  };
  const ask = async (request: Parameters<typeof bridge>[0], then: (answer: ConnectionAnswer & { ok: true }) => void) => {
    setBusy(true);
    setError(null);
    try {
      const answer = await bridge(request);
      if (answer.ok) then(answer);
      else setError(answer.message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog open={open} onClose={busy ? undefined : close} maxWidth="sm" fullWidth aria-labelledby="connect-title">
      <DialogTitle id="connect-title">{t('connection.title')}</DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ pt: 1 }}>
          <Typography variant="body2">
            {state?.mode === 'server' ? t('connection.current.server', { url: state.url }) : t('connection.current.local')}
          </Typography>
          {error && <Alert severity="error">{error}</Alert>}
          <TextField
            label={t('connection.address')}
            helperText={t('connection.addressHelp')}
            value={address}
            autoFocus
            onChange={(event) => {
              setAddress(event.target.value);
              setOffer(null);
            }}
            onKeyDown={(event) => {
              if (event.key === 'Enter' && !offer) void ask({ action: 'probe', address }, (a) => 'offer' in a && setOffer(a.offer));
            }}
          />
          {offer && (
            <Alert severity={offer.trustedBySystem ? 'info' : 'warning'}>
              <Typography variant="body2">{offer.trustedBySystem ? t('connection.trusted') : t('connection.compare')}</Typography>
              <Typography variant="body2" sx={{ fontFamily: 'monospace', wordBreak: 'break-all', mt: 1 }} aria-label={t('connection.fingerprint')}>
                {offer.fingerprint256}
              </Typography>
              <Typography variant="caption">{t('connection.validTo', { date: offer.validTo })}</Typography>
            </Alert>
          )}
        </Stack>
      </DialogContent>
      <DialogActions>
        {state?.mode === 'server' && (
          <Button disabled={busy} onClick={() => void ask({ action: 'useLocal' }, close)}>
            {t('connection.useLocal')}
          </Button>
        )}
        <Button onClick={close} disabled={busy}>
          {t('common.cancel')}
        </Button>
        {offer ? (
          <Button variant="contained" disabled={busy} onClick={() => void ask({ action: 'connect', address, fingerprint256: offer.fingerprint256 }, close)}>
            {t('connection.trustAndConnect')}
          </Button>
        ) : (
          <Button
            variant="contained"
            disabled={busy || !address.trim()}
            onClick={() => void ask({ action: 'probe', address }, (a) => 'offer' in a && setOffer(a.offer))}
          >
            {t('connection.check')}
          </Button>
        )}
      </DialogActions>
    </Dialog>
  );
}
