import { useState } from 'react';
import { Alert, Box, Button, Dialog, DialogActions, DialogContent, DialogTitle, Stack, TextField, Typography } from '@mui/material';
import dayjs from 'dayjs';
import type { Output } from '../../api/client.ts';
import { useI18n } from '../../i18n/index.tsx';
import { formatTimeRange, normalizeDateTimeText } from '../../../../core/dates.ts';

export interface Occurrence {
  startsAt: string;
  endsAt: string;
}
type Checked = Output<'sessions.checkSeries'>;

const WALL_CLOCK = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;

/** The same time every week from the first occurrence (stored wall-clock date-times, as the form has them). */
export function weeklyOccurrences(startsAt: string, endsAt: string, weeks: number): Occurrence[] {
  const start = normalizeDateTimeText(startsAt);
  const end = normalizeDateTimeText(endsAt);
  if (!WALL_CLOCK.test(start) || !WALL_CLOCK.test(end) || end <= start || !(weeks >= 1)) return [];
  return Array.from({ length: Math.min(52, Math.trunc(weeks)) }, (_v, i) => ({
    startsAt: dayjs(start)
      .add(7 * i, 'day')
      .format('YYYY-MM-DDTHH:mm'),
    endsAt: dayjs(end)
      .add(7 * i, 'day')
      .format('YYYY-MM-DDTHH:mm'),
  }));
}

/**
 * 重复: the occurrences of a weekly series, each with what core's check found (the session save's
 * own check, every conflict of it), and 调整 to move one before saving all of them together.
 */
export function SeriesPanel({
  occurrences,
  checked,
  busy,
  onCheck,
  onMove,
}: {
  occurrences: Occurrence[];
  checked: Checked | null;
  busy: boolean;
  onCheck(): void;
  onMove(index: number, to: Occurrence): void;
}) {
  const { t } = useI18n();
  const [moving, setMoving] = useState<number | null>(null);
  const [draft, setDraft] = useState<Occurrence>({ startsAt: '', endsAt: '' });
  const failing = checked?.occurrences.filter((o) => o.problems.length > 0).length ?? 0;
  return (
    <Box>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
        {t('series.intro')}
      </Typography>
      {occurrences.length === 0 ? (
        <Alert severity="info">{t('series.needTimes')}</Alert>
      ) : (
        <Stack spacing={1} role="list" aria-label={t('series.toggle')}>
          {occurrences.map((o, i) => {
            const result = checked?.occurrences[i];
            const problems = result && result.startsAt === o.startsAt && result.endsAt === o.endsAt ? result.problems : null;
            return (
              <Stack key={i} role="listitem" aria-label={t('series.number', { number: i + 1 })} direction="row" spacing={1.5} sx={{ alignItems: 'center' }}>
                <Typography variant="body2" sx={{ width: '5em', flexShrink: 0 }}>
                  {t('series.number', { number: i + 1 })}
                </Typography>
                <Typography variant="body2" sx={{ width: '14em', flexShrink: 0 }}>
                  {formatTimeRange(o.startsAt, o.endsAt)}
                </Typography>
                <Typography variant="body2" sx={{ flex: 1 }} color={problems?.length ? 'error' : problems ? 'success.main' : 'text.secondary'}>
                  {problems ? (problems.length ? problems.map((p) => p.message).join('；') : t('series.ok')) : ''}
                </Typography>
                <Button
                  size="small"
                  onClick={() => {
                    setDraft(o);
                    setMoving(i);
                  }}
                >
                  {t('series.move')}
                </Button>
              </Stack>
            );
          })}
          <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
            <Button variant="outlined" size="small" onClick={onCheck} disabled={busy}>
              {t('series.check')}
            </Button>
            {checked && (
              <Typography variant="body2" color={failing ? 'error' : 'success.main'} role="status">
                {failing ? t('series.someConflict', { count: failing }) : t('series.allOk', { count: occurrences.length })}
              </Typography>
            )}
          </Stack>
        </Stack>
      )}
      <Dialog open={moving !== null} onClose={() => setMoving(null)} maxWidth="xs" fullWidth aria-labelledby="series-move-title">
        <DialogTitle id="series-move-title">{t('series.moveTitle', { number: (moving ?? 0) + 1 })}</DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ pt: 1 }}>
            <TextField size="small" label={t('session.startsAt')} value={draft.startsAt} onChange={(e) => setDraft({ ...draft, startsAt: e.target.value })} />
            <TextField size="small" label={t('session.endsAt')} value={draft.endsAt} onChange={(e) => setDraft({ ...draft, endsAt: e.target.value })} />
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setMoving(null)}>{t('common.cancel')}</Button>
          <Button
            variant="contained"
            onClick={() => {
              onMove(moving!, { startsAt: normalizeDateTimeText(draft.startsAt), endsAt: normalizeDateTimeText(draft.endsAt) });
              setMoving(null);
            }}
          >
            {t('series.moveApply')}
          </Button>
        </DialogActions>
      </Dialog>
    </Box>
  );
}
