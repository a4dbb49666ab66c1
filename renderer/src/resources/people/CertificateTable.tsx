import { Chip, IconButton, Stack, Table, TableBody, TableCell, TableHead, TableRow, Tooltip, Typography } from '@mui/material';
import EditIcon from '@mui/icons-material/Edit';
import type { Output } from '../../api/client.ts';
import { Code } from '../../components/Page.tsx';
import { useI18n } from '../../i18n/index.tsx';

type Certificate = Output<'people.get'>['certificates'][number];

export const REGISTRATION_COLORS = { valid: 'success', window: 'warning', expired: 'error' } as const;

export function CertificateTable({ certificates, onEdit }: { certificates: Certificate[]; onEdit?: (c: Certificate) => void }) {
  const { t, label } = useI18n();
  if (certificates.length === 0) return <Typography color="text.secondary">{t('certificate.empty')}</Typography>;
  return (
    <Table size="small" aria-label={t('person.tab.certificates')}>
      <TableHead>
        <TableRow>
          <TableCell>{t('certificate.level')}</TableCell>
          <TableCell>{t('certificate.number')}</TableCell>
          <TableCell>{t('certificate.issuedOn')}</TableCell>
          <TableCell>{t('certificate.registrationValidUntil')}</TableCell>
          <TableCell>{t('certificate.window')}</TableCell>
          <TableCell>{t('certificate.registrationStatus')}</TableCell>
          {onEdit && <TableCell padding="checkbox" />}
        </TableRow>
      </TableHead>
      <TableBody>
        {certificates.map((c) => (
          <TableRow key={c.id}>
            <TableCell>{label('certLevel', c.level)}</TableCell>
            <TableCell>
              <Code>{c.number}</Code>
            </TableCell>
            <TableCell>{c.issuedOn}</TableCell>
            <TableCell>
              <Stack>
                <span>{c.registrationValidUntil}</span>
                <Typography variant="caption" color="text.secondary">
                  {t(c.registrationSource === 'computed' ? 'certificate.sourceComputed' : 'certificate.sourceEntered')}
                </Typography>
              </Stack>
            </TableCell>
            <TableCell>
              <Stack>
                <span>{t('certificate.windowRange', { from: c.windowStart, to: c.registrationValidUntil })}</span>
                <Typography variant="caption" color="text.secondary">
                  {c.rule}
                </Typography>
              </Stack>
            </TableCell>
            <TableCell>
              <Chip size="small" label={label('registrationStatus', c.registrationStatus)} color={REGISTRATION_COLORS[c.registrationStatus]} />
            </TableCell>
            {onEdit && (
              <TableCell padding="checkbox">
                <Tooltip title={t('certificate.edit')}>
                  <IconButton size="small" aria-label={`${t('certificate.edit')} ${c.number}`} onClick={() => onEdit(c)}>
                    <EditIcon fontSize="small" />
                  </IconButton>
                </Tooltip>
              </TableCell>
            )}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
