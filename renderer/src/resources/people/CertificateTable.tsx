import { IconButton, Table, TableBody, TableCell, TableHead, TableRow, Tooltip, Typography } from '@mui/material';
import EditIcon from '@mui/icons-material/Edit';
import type { Output } from '../../api/client.ts';
import { Code } from '../../components/Page.tsx';
import { useI18n } from '../../i18n/index.tsx';

type Certificate = Output<'people.get'>['certificates'][number];

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
            <TableCell>{c.registrationValidUntil ?? '—'}</TableCell>
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
