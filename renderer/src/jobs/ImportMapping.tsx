import { Box, Chip, Table, TableBody, TableCell, TableHead, TableRow, TextField, Typography } from '@mui/material';
import { useI18n } from '../i18n/index.tsx';
import type { MappedColumn } from '../../../core/excel/import-mapping.ts';

const IGNORE = '';

/**
 * The mapping step: every column of the file, the field it fills (a select: any field, or 忽略) and
 * an example value from the file. A native select: arrow keys and typing work as everywhere.
 */
export function ImportMapping({
  columns,
  fields,
  disabled,
  onChange,
}: {
  columns: MappedColumn[];
  fields: { field: string; header: string; required: boolean }[];
  disabled: boolean;
  onChange(index: number, field: string | null): void;
}) {
  const { t } = useI18n();
  return (
    <Box sx={{ width: '100%' }}>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
        {t('import.mappingIntro')}
      </Typography>
      <Box sx={{ maxHeight: 300, overflow: 'auto' }}>
        <Table size="small" stickyHeader aria-label={t('import.mappingTable')}>
          <TableHead>
            <TableRow>
              <TableCell sx={{ width: '30%' }}>{t('import.fileColumn')}</TableCell>
              <TableCell sx={{ width: '35%' }}>{t('import.field')}</TableCell>
              <TableCell>{t('import.example')}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {columns
              .filter((c) => c.heading || c.example)
              .map((c) => (
                <TableRow key={c.index} hover sx={{ '& td': { py: 0.5 } }}>
                  <TableCell>
                    {c.heading || t('import.untitledColumn', { n: c.index + 1 })}
                    {c.source === 'alias' && <Chip size="small" variant="outlined" label={t('import.sourceAlias')} sx={{ ml: 1 }} />}
                    {c.source === 'remembered' && <Chip size="small" variant="outlined" color="info" label={t('import.sourceRemembered')} sx={{ ml: 1 }} />}
                    {c.source === 'exported' && <Chip size="small" variant="outlined" label={t('import.sourceExported')} sx={{ ml: 1 }} />}
                  </TableCell>
                  <TableCell>
                    <TextField
                      select
                      size="small"
                      fullWidth
                      disabled={disabled}
                      value={c.field ?? IGNORE}
                      onChange={(e) => onChange(c.index, e.target.value === IGNORE ? null : e.target.value)}
                      slotProps={{ select: { native: true }, htmlInput: { 'aria-label': t('import.fieldFor', { heading: c.heading || String(c.index + 1) }) } }}
                      sx={{ '& select': { py: 0.75, ...(c.field ? {} : { color: 'text.secondary' }) } }}
                    >
                      <option value={IGNORE}>{t('import.ignore')}</option>
                      {fields.map((f) => (
                        <option key={f.field} value={f.field}>
                          {f.header}
                        </option>
                      ))}
                    </TextField>
                  </TableCell>
                  <TableCell sx={{ color: 'text.secondary', maxWidth: 260, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
                    {c.example}
                  </TableCell>
                </TableRow>
              ))}
          </TableBody>
        </Table>
      </Box>
    </Box>
  );
}
