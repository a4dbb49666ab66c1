import { Box, Stack, Table, TableBody, TableCell, TableContainer, TableHead, TableRow, Typography } from '@mui/material';
import type { Output } from '../../api/client.ts';
import { useI18n } from '../../i18n/index.tsx';

type Tally = Output<'recert.get'>['preview'];
type Line = Tally['overall'];

/** Outcome counts overall, by level and by region (regions with most failures first). */
export function OutcomeTally({ tally }: { tally: Tally }) {
  const { t } = useI18n();
  return (
    <Stack spacing={2}>
      <Stack direction="row" spacing={4} aria-label={t('recert.overall')}>
        {(['total', 'pass', 'conditional', 'fail'] as const).map((key) => (
          <Box key={key}>
            <Typography variant="body2" color="text.secondary">
              {key === 'total' ? t('recert.total') : t(`outcome.${key}`)}
            </Typography>
            <Typography variant="h5" component="p" data-testid={`tally-${key}`}>
              {tally.overall[key]}
            </Typography>
          </Box>
        ))}
      </Stack>
      <Stack direction="row" spacing={2} sx={{ alignItems: 'flex-start' }}>
        <Breakdown title={t('recert.byLevel')} lines={tally.byLevel} />
        <Breakdown title={t('recert.byRegion')} lines={tally.byRegion} />
      </Stack>
    </Stack>
  );
}

function Breakdown({ title, lines }: { title: string; lines: Line[] }) {
  const { t } = useI18n();
  return (
    <TableContainer sx={{ flex: 1, maxHeight: 320, border: 1, borderColor: 'divider', borderRadius: 1 }}>
      <Table size="small" stickyHeader aria-label={title}>
        <TableHead>
          <TableRow>
            <TableCell>{title}</TableCell>
            <TableCell align="right">{t('outcome.pass')}</TableCell>
            <TableCell align="right">{t('outcome.conditional')}</TableCell>
            <TableCell align="right">{t('outcome.fail')}</TableCell>
            <TableCell align="right">{t('recert.total')}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {lines.map((l) => (
            <TableRow key={l.key}>
              <TableCell>{l.label}</TableCell>
              <TableCell align="right">{l.pass}</TableCell>
              <TableCell align="right">{l.conditional}</TableCell>
              <TableCell align="right">{l.fail}</TableCell>
              <TableCell align="right">{l.total}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
