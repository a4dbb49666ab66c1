import { useState } from 'react';
import { Alert, Box, Button, Table, TableBody, TableCell, TableRow, TextField, Typography } from '@mui/material';
import VerifiedIcon from '@mui/icons-material/Verified';
import { call, type Output } from '../../api/client.ts';
import { useI18n } from '../../i18n/index.tsx';
import { Code } from '../../components/Page.tsx';

type Verdict = Output<'documents.verify'>;

const SEVERITY = { valid: 'success', revoked: 'error', 'bad-signature': 'error', malformed: 'warning' } as const;
const HEADING = { valid: 'verify.valid', revoked: 'verify.revoked', 'bad-signature': 'verify.badSignature', malformed: 'verify.malformed' } as const;

/** 证书核验: a scanner types the code followed by Enter, or the user pastes it; core checks the signature and the revocations. */
export function VerifyPanel() {
  const { t } = useI18n();
  const [code, setCode] = useState('');
  const [verdict, setVerdict] = useState<Verdict | null>(null);
  const [error, setError] = useState<string | null>(null);
  const check = async () => {
    setError(null);
    try {
      setVerdict(await call('documents.verify', { code }));
    } catch (e) {
      setVerdict(null);
      setError((e as Error).message);
    }
  };
  return (
    <Box sx={{ maxWidth: 760, display: 'flex', flexDirection: 'column', gap: 2 }}>
      <TextField
        label={t('verify.code')}
        helperText={t('verify.codeHint')}
        value={code}
        onChange={(e) => setCode(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey) {
            e.preventDefault();
            void check();
          }
        }}
        multiline
        minRows={3}
        slotProps={{ htmlInput: { spellCheck: false, style: { fontFamily: 'monospace' } } }}
      />
      <Box>
        <Button variant="contained" startIcon={<VerifiedIcon />} onClick={() => void check()} disabled={!code.trim()}>
          {t('verify.check')}
        </Button>
      </Box>
      {error && <Alert severity="error">{error}</Alert>}
      {verdict && (
        <Alert severity={SEVERITY[verdict.state]} role="status">
          <Typography variant="h6" component="p">
            {t(HEADING[verdict.state])}
          </Typography>
          <Typography>{verdict.message}</Typography>
          {verdict.state !== 'malformed' && verdict.statement && !verdict.recorded && verdict.state === 'valid' && (
            <Typography variant="body2">{t('verify.notRecorded')}</Typography>
          )}
        </Alert>
      )}
      {verdict?.statement && (
        <Table size="small" aria-label={t('verify.statement')} sx={{ maxWidth: 520 }}>
          <TableBody>
            <TableRow>
              <TableCell component="th">{t('verify.serial')}</TableCell>
              <TableCell>
                <Code>{verdict.statement.serial}</Code>
              </TableCell>
            </TableRow>
            <TableRow>
              <TableCell component="th">{t('verify.name')}</TableCell>
              <TableCell>{verdict.statement.name}</TableCell>
            </TableRow>
            <TableRow>
              <TableCell component="th">{t('verify.idNumber')}</TableCell>
              <TableCell>
                <Code>{verdict.statement.idNumber}</Code>
              </TableCell>
            </TableRow>
            {verdict.statement.lines.map((l) => (
              <TableRow key={l.label}>
                <TableCell component="th">{l.label}</TableCell>
                <TableCell>{l.value}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Box>
  );
}
