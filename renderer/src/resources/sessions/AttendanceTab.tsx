import { useState } from 'react';
import { Alert, Button, Stack, Table, TableBody, TableCell, TableHead, TableRow, TextField, ToggleButton, ToggleButtonGroup, Typography } from '@mui/material';
import DoneAllIcon from '@mui/icons-material/DoneAll';
import { ApiError, call } from '../../api/client.ts';
import { useI18n } from '../../i18n/index.tsx';
import { ATTENDANCE } from '../../../../core/schemas/sessions.ts';
import type { Enrolment, SessionTabProps } from './sessionTab.ts';
import { CorrectAttendanceDialog } from './CorrectAttendanceDialog.tsx';

type Kind = (typeof ATTENDANCE)[number];
interface Mark {
  attendance: Kind | null;
  hours: string;
}

/**
 * Attendance for a session that has started: one mark per enrolled trainee (全勤 credits the
 * course's hours, 部分出勤 the hours typed), then one action that completes the session and
 * credits the hours. Afterwards each row can be corrected with a reason.
 */
export function AttendanceTab({
  session,
  enrolments,
  can,
  canWrite,
  onChanged,
  onReload,
}: SessionTabProps & {
  /** Reloads the session as it is now (after someone else changed it); the marks entered stay. */
  onReload(): void;
}) {
  const { t, label } = useI18n();
  const [marks, setMarks] = useState<Record<number, Mark>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [correcting, setCorrecting] = useState<Enrolment | null>(null);

  if (session.status === 'cancelled') return <Typography color="text.secondary">{t('sessionStatus.cancelled')}</Typography>;

  if (session.status === 'completed') {
    const attended = enrolments.filter((e) => e.attendance !== null);
    return (
      <Stack spacing={2}>
        <Alert severity="success">{t('attendance.doneAlready')}</Alert>
        <Table size="small" aria-label={t('session.tab.attendance')}>
          <TableHead>
            <TableRow>
              <TableCell>{t('enrol.name')}</TableCell>
              <TableCell>{t('attendance.mark')}</TableCell>
              <TableCell align="right">{t('attendance.hours')}</TableCell>
              <TableCell align="right">{t('attendance.credited')}</TableCell>
              <TableCell />
            </TableRow>
          </TableHead>
          <TableBody>
            {attended.map((e) => (
              <TableRow key={e.id}>
                <TableCell>{e.name}</TableCell>
                <TableCell>{label('attendanceKind', e.attendance)}</TableCell>
                <TableCell align="right">{e.attendedHours ?? 0}</TableCell>
                <TableCell align="right">{e.creditedHours}</TableCell>
                <TableCell align="right">
                  {canWrite && (
                    <Button size="small" aria-label={`${t('attendance.correct')}：${e.name}`} onClick={() => setCorrecting(e)}>
                      {t('attendance.correct')}
                    </Button>
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
        <CorrectAttendanceDialog
          enrolment={correcting}
          onClose={() => setCorrecting(null)}
          onDone={(message) => {
            setCorrecting(null);
            onChanged(message);
          }}
        />
      </Stack>
    );
  }

  const trainees = enrolments.filter((e) => e.status === 'enrolled');
  // Core decides, on its clock and in the configured time zone, whether attendance can be recorded now; its reason is shown as it is.
  const notStarted = !can.recordAttendance.allowed;
  const mark = (id: number): Mark => marks[id] ?? { attendance: null, hours: '' };
  const setMark = (id: number, next: Partial<Mark>) => setMarks((m) => ({ ...m, [id]: { ...mark(id), ...next } }));

  const complete = async () => {
    setError(null);
    setBusy(true);
    try {
      const result = await call('attendance.complete', {
        sessionId: session.id,
        // What this screen showed: a session or an enrolment changed meanwhile is refused, and nothing is written.
        sessionVersion: session.version,
        // Core names whoever is still unmarked or lacks hours; unreadable hours count as missing.
        marks: trainees.flatMap((e) => {
          const m = mark(e.id);
          const hours = Number(m.hours.trim() || Number.NaN);
          return m.attendance
            ? [{ enrolmentId: e.id, version: e.version, attendance: m.attendance, hours: m.attendance === 'partial' && Number.isFinite(hours) ? hours : null }]
            : [];
        }),
      });
      onChanged(t('attendance.completed', { trainees: result.trainees, hours: result.creditedHours }));
    } catch (e) {
      if (e instanceof ApiError && e.conflict) {
        setError(`${e.message}。${t('conflict.reloaded')}`);
        onReload();
      } else setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack spacing={2} sx={{ alignItems: 'flex-start' }}>
      {notStarted && <Alert severity="info">{can.recordAttendance.reason ?? t('attendance.notYet')}</Alert>}
      {error && (
        <Alert severity="error" sx={{ alignSelf: 'stretch' }}>
          {error}
        </Alert>
      )}
      {trainees.length === 0 ? (
        <Typography color="text.secondary">{t('attendance.noTrainees')}</Typography>
      ) : (
        <>
          {canWrite && !notStarted && (
            <Button
              variant="outlined"
              startIcon={<DoneAllIcon />}
              onClick={() => setMarks(Object.fromEntries(trainees.map((e) => [e.id, { attendance: 'full' as Kind, hours: '' }])))}
            >
              {t('attendance.allFull')}
            </Button>
          )}
          <Table size="small" aria-label={t('session.tab.attendance')}>
            <TableHead>
              <TableRow>
                <TableCell>{t('enrol.name')}</TableCell>
                <TableCell>{t('attendance.mark')}</TableCell>
                <TableCell>{t('attendance.hours')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {trainees.map((e) => {
                const m = mark(e.id);
                return (
                  <TableRow key={e.id}>
                    <TableCell>{e.name}</TableCell>
                    <TableCell>
                      <ToggleButtonGroup
                        size="small"
                        exclusive
                        value={m.attendance}
                        disabled={!canWrite || notStarted}
                        aria-label={`${t('attendance.mark')}：${e.name}`}
                        onChange={(_e, v: Kind | null) => v && setMark(e.id, { attendance: v })}
                      >
                        {ATTENDANCE.map((kind) => (
                          <ToggleButton key={kind} value={kind} sx={{ px: 1.5 }}>
                            {label('attendanceKind', kind)}
                          </ToggleButton>
                        ))}
                      </ToggleButtonGroup>
                    </TableCell>
                    <TableCell sx={{ width: 160 }}>
                      {m.attendance === 'partial' ? (
                        <TextField
                          size="small"
                          value={m.hours}
                          onChange={(ev) => setMark(e.id, { hours: ev.target.value })}
                          slotProps={{ htmlInput: { 'aria-label': `${t('attendance.hours')}：${e.name}`, inputMode: 'decimal' } }}
                          placeholder={`≤ ${session.creditHours}`}
                        />
                      ) : (
                        <Typography color="text.secondary">{m.attendance === 'full' ? session.creditHours : m.attendance ? 0 : '—'}</Typography>
                      )}
                    </TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        </>
      )}
      {canWrite && !notStarted && (
        <Button variant="contained" disabled={busy} onClick={() => void complete()}>
          {t('attendance.complete')}
        </Button>
      )}
    </Stack>
  );
}
