import { useState } from 'react';
import { Box, Tab, Table, TableBody, TableCell, TableHead, TableRow, Tabs, Typography } from '@mui/material';
import { useI18n, type MessageKey } from '../i18n/index.tsx';
import type { ImportChoices, ImportPreview, PreviewRow, RowOutcome } from '../../../core/excel/import-mapping.ts';

const OUTCOMES: RowOutcome[] = ['created', 'updated', 'unchanged', 'refused', 'skipped'];
export const OUTCOME_KEYS: Record<RowOutcome, MessageKey> = {
  created: 'import.outcomeCreated',
  updated: 'import.outcomeUpdated',
  unchanged: 'import.outcomeUnchanged',
  refused: 'import.outcomeRefused',
  skipped: 'import.outcomeSkipped',
};

/**
 * The preview's rows by outcome (tabs with counts): changes old → new, every reason, notes and
 * warnings. `outcomeKeys`: the outcomes an import kind has, each with its name (default: all five).
 */
export function ImportPreviewRows({
  summary,
  outcomeKeys = OUTCOME_KEYS,
}: {
  summary: ImportPreview<string, ImportChoices>;
  outcomeKeys?: Partial<Record<RowOutcome, MessageKey>>;
}) {
  const { t } = useI18n();
  const outcomes = OUTCOMES.filter((o) => outcomeKeys[o]);
  const nameOf = (o: RowOutcome) => t(outcomeKeys[o] ?? OUTCOME_KEYS[o]);
  const first = outcomes.find((o) => o === 'refused' && summary.counts.refused) ?? outcomes.find((o) => summary.counts[o] > 0) ?? outcomes[0]!;
  const [picked, setPicked] = useState<RowOutcome | null>(null);
  const outcome = picked ?? first;
  const rows = summary.samples[outcome];
  const label = nameOf(outcome);
  return (
    <Box>
      <Tabs value={outcome} onChange={(_e, v: RowOutcome) => setPicked(v)} variant="scrollable" aria-label={t('import.byOutcome')}>
        {outcomes.map((o) => (
          <Tab key={o} value={o} label={t('import.outcomeCount', { label: nameOf(o), n: summary.counts[o].toLocaleString('zh-CN') })} />
        ))}
      </Tabs>
      <Box sx={{ maxHeight: 260, overflow: 'auto', mt: 1 }}>
        {rows.length === 0 ? (
          <Typography variant="body2" color="text.secondary" sx={{ p: 1 }}>
            {t('import.noRows')}
          </Typography>
        ) : (
          <Table size="small" stickyHeader aria-label={t('import.rowsOf', { outcome: label })}>
            <TableHead>
              <TableRow>
                <TableCell sx={{ width: 80 }}>{t('import.row')}</TableCell>
                <TableCell sx={{ width: 260 }}>{t('import.person')}</TableCell>
                <TableCell>{t('import.details')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {rows.map((r) => (
                <TableRow key={r.rowNumber}>
                  <TableCell sx={{ verticalAlign: 'top' }}>{t('import.rowNumber', { n: r.rowNumber })}</TableCell>
                  <TableCell sx={{ verticalAlign: 'top', wordBreak: 'break-all' }}>{r.label}</TableCell>
                  <TableCell sx={{ verticalAlign: 'top' }}>
                    <RowDetails row={r} />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </Box>
      {summary.counts[outcome] > rows.length && (
        <Typography variant="caption" color="text.secondary">
          {t('import.firstRowsOnly', { n: rows.length.toLocaleString('zh-CN') })}
        </Typography>
      )}
    </Box>
  );
}

function RowDetails({ row }: { row: PreviewRow }) {
  const { t } = useI18n();
  const empty = t('import.empty');
  return (
    <Box component="ul" sx={{ m: 0, pl: 2 }}>
      {row.changes?.map((c) => (
        <li key={`c-${c.column}`}>
          {c.column}：{c.before || empty} → {c.after || empty}
        </li>
      ))}
      {row.problems?.map((p, i) => (
        <Box component="li" key={`p-${i}`} sx={{ color: 'error.main' }}>
          【{p.column}】{p.reason}
        </Box>
      ))}
      {row.warnings?.map((w) => (
        <Box component="li" key={`w-${w}`} sx={{ color: 'warning.dark' }}>
          {t('import.warning')}：{w}
        </Box>
      ))}
      {row.notes?.map((n) => (
        <Box component="li" key={`n-${n}`} sx={{ color: 'text.secondary' }}>
          {n}
        </Box>
      ))}
    </Box>
  );
}
