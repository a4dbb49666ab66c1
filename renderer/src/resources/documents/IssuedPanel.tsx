import { useState } from 'react';
import {
  Alert,
  Box,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  Snackbar,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TablePagination,
  TableRow,
  TextField,
  Typography,
} from '@mui/material';
import { call } from '../../api/client.ts';
import { useCall } from '../../api/useCall.ts';
import { useAuth } from '../../auth/AuthProvider.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { SearchBox } from '../../components/SearchBox.tsx';
import { Code } from '../../components/Page.tsx';

/** 已签发文书: newest first, searchable by serial or name; staff revoke one with a reason (an audited command). */
export function IssuedPanel() {
  const { t } = useI18n();
  const { can } = useAuth();
  const [search, setSearch] = useState('');
  const [page, setPage] = useState(0);
  const { data, reload } = useCall('documents.issued', { page, pageSize: 25, ...(search ? { search } : {}) });
  const [revoking, setRevoking] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const revoke = async () => {
    try {
      await call('documents.revoke', { serial: revoking!, reason });
      setNotice(t('issued.revoked', { serial: revoking! }));
      setRevoking(null);
      reload();
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', gap: 1 }}>
      <Box>
        <SearchBox label={t('issued.search')} placeholder={t('issued.search')} onSearch={(v) => (setSearch(v), setPage(0))} />
      </Box>
      <Table size="small" aria-label={t('documents.tab.issued')}>
        <TableHead>
          <TableRow>
            <TableCell>{t('issued.serial')}</TableCell>
            <TableCell>{t('issued.kind')}</TableCell>
            <TableCell>{t('issued.person')}</TableCell>
            <TableCell>{t('issued.issuedAt')}</TableCell>
            <TableCell>{t('issued.issuedBy')}</TableCell>
            <TableCell>{t('issued.state')}</TableCell>
            <TableCell />
          </TableRow>
        </TableHead>
        <TableBody>
          {data?.rows.map((r) => (
            <TableRow key={r.id}>
              <TableCell>
                <Code>{r.serial}</Code>
              </TableCell>
              <TableCell>{t(`issued.kind.${r.kind}`)}</TableCell>
              <TableCell>{r.personName}</TableCell>
              <TableCell>{r.issuedAt.slice(0, 16).replace('T', ' ')}</TableCell>
              <TableCell>{r.issuedBy}</TableCell>
              <TableCell>
                {r.revokedAt ? t('issued.revokedAt', { date: r.revokedAt.slice(0, 10), reason: r.revokeReason ?? '' }) : t('issued.inForce')}
              </TableCell>
              <TableCell>
                {!r.revokedAt && can('registry.write') && (
                  <Button size="small" color="error" onClick={() => (setRevoking(r.serial), setReason(''), setError(null))}>
                    {t('issued.revoke')}
                  </Button>
                )}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {data && data.total === 0 && <Typography color="text.secondary">{t('issued.empty')}</Typography>}
      <TablePagination component="div" count={data?.total ?? 0} page={page} rowsPerPage={25} rowsPerPageOptions={[25]} onPageChange={(_e, p) => setPage(p)} />
      <Dialog open={!!revoking} onClose={() => setRevoking(null)} maxWidth="sm" fullWidth>
        <DialogTitle>{t('issued.revokeTitle', { serial: revoking ?? '' })}</DialogTitle>
        <DialogContent>
          <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
            {t('issued.revokeHint')}
          </Typography>
          <TextField
            label={t('issued.revokeReason')}
            required
            fullWidth
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            error={!!error}
            helperText={error ?? ' '}
            autoFocus
          />
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setRevoking(null)}>{t('common.cancel')}</Button>
          <Button color="error" variant="contained" onClick={() => void revoke()}>
            {t('issued.revoke')}
          </Button>
        </DialogActions>
      </Dialog>
      <Snackbar open={!!notice} autoHideDuration={4000} onClose={() => setNotice(null)}>
        <Alert severity="success">{notice}</Alert>
      </Snackbar>
    </Box>
  );
}
