import { useEffect, useState } from 'react';
import {
  Alert,
  Box,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  List,
  ListItem,
  MenuItem,
  Paper,
  Stack,
  TextField,
  Typography,
} from '@mui/material';
import { call, type Output } from '../../api/client.ts';
import { useCall } from '../../api/useCall.ts';
import { today } from '../../api/clock.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { BasePicker, type BaseChoice } from '../bases/BasePicker.tsx';
import { addDays, formatTimeRange } from '../../../../core/dates.ts';

export type Slot = Output<'sessions.findSlots'>['slots'][number];

/** What the finder starts with: the form's base and course, when chosen. */
export interface SlotFinderStart {
  base: BaseChoice | null;
  courseId: number | null;
  /** The first day searched (the form's date, or today). */
  from?: string | undefined;
  capacity?: number | undefined;
}

/**
 * 查找空闲时段: a course, a date range, a duration and optionally a mentor; core proposes the free
 * slots (a room with enough seats and a mentor both free, confirmed by the session save's own check),
 * best first, each saying why and which conflicts it avoids. Choosing one fills the session form.
 */
export function SlotFinder({
  open,
  start,
  onClose,
  onChoose,
}: {
  open: boolean;
  start: SlotFinderStart;
  onClose(): void;
  onChoose(slot: Slot, base: BaseChoice, courseId: number, capacity: number): void;
}) {
  const { t } = useI18n();
  const [base, setBase] = useState<BaseChoice | null>(null);
  const [courseId, setCourseId] = useState<number | ''>('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [hours, setHours] = useState('3');
  const [mentorId, setMentorId] = useState<number | ''>('');
  const [result, setResult] = useState<Output<'sessions.findSlots'> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const { data: detail } = useCall('bases.get', { id: base?.id ?? 0 }, open && !!base);
  useEffect(() => {
    if (!open) return;
    const first = start.from && start.from >= today() ? start.from : today();
    setBase(start.base);
    setCourseId(start.courseId ?? '');
    setFrom(first);
    setTo(addDays(first, 27));
    setMentorId('');
    setResult(null);
    setError(null);
  }, [open, start]);

  const courses = (detail?.courses ?? []).filter((c) => c.status === 'active');
  const mentors = (detail?.mentors ?? []).filter((m) => m.status === 'active');
  const search = async () => {
    if (!base || courseId === '') return;
    setBusy(true);
    setError(null);
    try {
      setResult(
        await call('sessions.findSlots', {
          baseId: base.id,
          courseId,
          from,
          to,
          durationMinutes: Math.round(Number(hours) * 60),
          ...(mentorId !== '' && { mentorId }),
          ...(start.capacity && { capacity: start.capacity }),
        }),
      );
    } catch (e) {
      setResult(null);
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog open={open} onClose={onClose} fullWidth maxWidth="md" aria-labelledby="slot-finder-title">
      <DialogTitle id="slot-finder-title">{t('slots.title')}</DialogTitle>
      <DialogContent dividers>
        <Stack spacing={2}>
          <Typography variant="body2" color="text.secondary">
            {t('slots.intro')}
          </Typography>
          <Stack direction="row" spacing={2}>
            <BasePicker
              label={t('slots.base')}
              required
              fullWidth
              value={base}
              onChange={(next) => {
                setBase(next);
                setCourseId('');
                setMentorId('');
              }}
            />
            <TextField select size="small" fullWidth required label={t('slots.course')} value={courseId} onChange={(e) => setCourseId(Number(e.target.value))}>
              {courses.map((c) => (
                <MenuItem key={c.id} value={c.id}>
                  {`${c.code} ${c.title}`}
                </MenuItem>
              ))}
            </TextField>
          </Stack>
          <Stack direction="row" spacing={2}>
            <TextField size="small" fullWidth required label={t('slots.from')} value={from} onChange={(e) => setFrom(e.target.value)} />
            <TextField size="small" fullWidth required label={t('slots.to')} value={to} onChange={(e) => setTo(e.target.value)} />
            <TextField size="small" fullWidth required label={t('slots.duration')} value={hours} onChange={(e) => setHours(e.target.value)} />
          </Stack>
          <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
            <TextField
              select
              size="small"
              fullWidth
              label={t('slots.mentor')}
              value={mentorId}
              onChange={(e) => setMentorId(e.target.value === '' ? '' : Number(e.target.value))}
            >
              <MenuItem value="">
                <em>{t('slots.anyMentor')}</em>
              </MenuItem>
              {mentors.map((m) => (
                <MenuItem key={m.id} value={m.id}>
                  {m.personName}
                </MenuItem>
              ))}
            </TextField>
            <Button variant="contained" onClick={() => void search()} disabled={busy || !base || courseId === ''} sx={{ flexShrink: 0 }}>
              {t('slots.search')}
            </Button>
          </Stack>
          {error && <Alert severity="error">{error}</Alert>}
          {result && (
            <>
              <Typography variant="body2" color="text.secondary">
                {t('slots.capacity', { capacity: result.capacity })}
              </Typography>
              {result.slots.length === 0 && <Alert severity="info">{result.note ?? t('slots.none')}</Alert>}
              <List dense aria-label={t('slots.title')} sx={{ maxHeight: 360, overflow: 'auto' }}>
                {result.slots.map((s) => (
                  <ListItem key={`${s.startsAt}-${s.roomId}`} disableGutters>
                    <Paper variant="outlined" sx={{ p: 1.5, width: '100%' }} role="group" aria-label={formatTimeRange(s.startsAt, s.endsAt)}>
                      <Stack direction="row" spacing={2} sx={{ alignItems: 'flex-start' }}>
                        <Box sx={{ flex: 1 }}>
                          <Typography sx={{ fontWeight: 600 }}>
                            {formatTimeRange(s.startsAt, s.endsAt)} · {s.roomName}（{s.roomSeats} 座）· {s.mentorName}
                          </Typography>
                          <Typography variant="body2" color="text.secondary">
                            {s.fit.join('；')}
                          </Typography>
                          <Typography variant="body2">{s.avoids.length ? `${t('slots.avoids')}${s.avoids.join('；')}` : t('slots.nothingAvoided')}</Typography>
                        </Box>
                        <Button variant="outlined" size="small" onClick={() => onChoose(s, base!, Number(courseId), result.capacity)}>
                          {t('slots.choose')}
                        </Button>
                      </Stack>
                    </Paper>
                  </ListItem>
                ))}
              </List>
            </>
          )}
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{t('common.close')}</Button>
      </DialogActions>
    </Dialog>
  );
}
