import { useCallback, useEffect, useRef, useState } from 'react';
import { Alert, Box, Snackbar } from '@mui/material';
import FullCalendar from '@fullcalendar/react';
import timeGridPlugin from '@fullcalendar/timegrid';
import dayGridPlugin from '@fullcalendar/daygrid';
import interactionPlugin, { type EventResizeDoneArg } from '@fullcalendar/interaction';
import zhCnLocale from '@fullcalendar/core/locales/zh-cn';
import type { DateSelectArg, EventClickArg, EventContentArg, EventDropArg, EventInput, EventSourceFuncArg } from '@fullcalendar/core';
import dayjs from 'dayjs';
import { ApiError, call, type Output } from '../../api/client.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useKindsVersion } from '../../api/dataVersion.tsx';
import { kindsOf } from '../../api/liveKinds.ts';
import { formatTimeRange } from '../../../../core/dates.ts';
import { CALENDAR_COLOR, isChangeable } from './sessionStyle.ts';
import { nowWallClock } from '../../api/clock.tsx';

type CalendarRow = Output<'sessions.calendar'>['rows'][number];

/** Stored date-times are wall-clock `YYYY-MM-DDTHH:MM`; the calendar works in the same local time. */
const toStored = (date: Date) => dayjs(date).format('YYYY-MM-DDTHH:mm');

/** A click on one slot means "a session starting here": three hours, a usual half-day session. */
const DEFAULT_HOURS = 3;

interface Props {
  baseId: number | undefined;
  canWrite: boolean;
  refreshKey: number;
  /** A date to show (跳转到日期): the calendar goes to the week or month holding it. */
  jump?: { date: string; n: number } | null;
  onCreate(range: { startsAt: string; endsAt: string }): void;
  onOpen(id: number): void;
}

/**
 * Week and month calendar of sessions (FullCalendar). Selecting a range proposes a new session;
 * dragging or resizing one moves it through core, which checks every conflict: a refusal puts
 * the session back and says why.
 */
export function SessionCalendar({ baseId, canWrite, refreshKey, jump, onCreate, onOpen }: Props) {
  const { t, language } = useI18n();
  const version = useKindsVersion(kindsOf('sessions.calendar')); // another user's session appears without reloading
  const [problem, setProblem] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [truncated, setTruncated] = useState(0);
  const calendar = useRef<FullCalendar>(null);
  useEffect(() => {
    if (jump) calendar.current?.getApi().gotoDate(jump.date);
  }, [jump]);

  // A new function (another base, a change elsewhere) makes FullCalendar fetch again.
  const events = useCallback(
    (info: EventSourceFuncArg, success: (events: EventInput[]) => void, failure: (error: Error) => void) => {
      void refreshKey;
      void version;
      call('sessions.calendar', { baseId, from: toStored(info.start), to: toStored(info.end) }).then(
        (result) => {
          setTruncated(result.truncated ? result.rows.length : 0);
          success(result.rows.map((row) => toEvent(row, canWrite)));
        },
        (error: Error) => {
          setProblem(t('common.loadFailed', { message: error.message }));
          failure(error);
        },
      );
    },
    [baseId, canWrite, refreshKey, version, t],
  );

  const select = (info: DateSelectArg) => {
    info.view.calendar.unselect();
    const start = dayjs(info.start);
    if (info.allDay) {
      // A day in the month view: the morning of that day.
      const morning = start.hour(9);
      onCreate({ startsAt: morning.format('YYYY-MM-DDTHH:mm'), endsAt: morning.add(DEFAULT_HOURS, 'hour').format('YYYY-MM-DDTHH:mm') });
      return;
    }
    const end = dayjs(info.end).diff(start, 'minute') <= 30 ? start.add(DEFAULT_HOURS, 'hour') : dayjs(info.end);
    onCreate({ startsAt: toStored(start.toDate()), endsAt: toStored(end.toDate()) });
  };

  const move = (info: EventDropArg | EventResizeDoneArg) => {
    const { event } = info;
    if (!event.start || !event.end) return info.revert();
    const startsAt = toStored(event.start);
    const endsAt = toStored(event.end);
    setProblem(null);
    const row = event.extendedProps.row as CalendarRow;
    call('sessions.reschedule', { id: Number(event.id), version: row.version, startsAt, endsAt }).then(
      (saved) => {
        // The next move of this session names the version this one made.
        event.setExtendedProp('row', saved.session);
        setNotice(t('session.moved', { time: formatTimeRange(startsAt, endsAt) }));
      },
      (error: Error) => {
        info.revert();
        setProblem(t('session.moveFailed', { message: error.message }));
        // Someone else changed the session meanwhile: show it as it is now.
        if (error instanceof ApiError && error.conflict) info.view.calendar.refetchEvents();
      },
    );
  };

  return (
    <Box
      sx={{
        flex: 1,
        minHeight: 480,
        display: 'flex',
        flexDirection: 'column',
        gap: 1,
        '& .fc': { flex: 1, minHeight: 0 },
        '& .fc-event': { cursor: 'pointer' },
        '& .fc-toolbar-title': { fontSize: 18 },
      }}
    >
      {problem && (
        <Alert severity="error" onClose={() => setProblem(null)}>
          {problem}
        </Alert>
      )}
      {truncated > 0 && <Alert severity="warning">{t('session.truncated', { count: truncated })}</Alert>}
      <FullCalendar
        ref={calendar}
        plugins={[timeGridPlugin, dayGridPlugin, interactionPlugin]}
        locale={language === 'zh' ? zhCnLocale : 'en'}
        // The chevron buttons are read out by these (zh-cn gives none): 上一周, 下一月…
        buttonHints={language === 'zh' ? { prev: '上一$0', next: '下一$0', today: '本$0' } : {}}
        initialView="timeGridWeek"
        // 今天 is the configured zone's today (`now` below), wherever the browser is.
        headerToolbar={{ left: 'prev,next today', center: 'title', right: 'timeGridWeek,dayGridMonth' }}
        height="100%"
        allDaySlot={false}
        scrollTime="08:00:00"
        slotDuration="00:30:00"
        nowIndicator
        // Today and the now line are the configured zone's (sessions are wall-clock times there), not the browser's.
        now={nowWallClock}
        dayMaxEvents={4}
        events={events}
        selectable={canWrite}
        selectMirror
        select={select}
        editable={canWrite}
        eventDrop={move}
        eventResize={move}
        eventClick={(info: EventClickArg) => {
          info.jsEvent.preventDefault();
          onOpen(Number(info.event.id));
        }}
        eventContent={renderEvent}
        eventTimeFormat={{ hour: '2-digit', minute: '2-digit', hour12: false }}
        slotLabelFormat={{ hour: '2-digit', minute: '2-digit', hour12: false }}
      />
      <Snackbar
        open={!!notice}
        autoHideDuration={4000}
        onClose={() => setNotice(null)}
        message={notice}
        anchorOrigin={{ vertical: 'bottom', horizontal: 'center' }}
      />
    </Box>
  );
}

function toEvent(row: CalendarRow, canWrite: boolean): EventInput {
  const movable = canWrite && isChangeable(row.status);
  return {
    id: String(row.id),
    title: `${row.courseTitle}`,
    start: row.startsAt,
    end: row.endsAt,
    allDay: false,
    editable: movable,
    backgroundColor: CALENDAR_COLOR[row.status],
    borderColor: row.unified ? '#6a1b9a' : CALENDAR_COLOR[row.status],
    classNames: row.status === 'cancelled' ? ['session-cancelled'] : [],
    extendedProps: { row },
  };
}

function renderEvent(arg: EventContentArg) {
  const row = arg.event.extendedProps.row as CalendarRow | undefined;
  if (!row) return <Box sx={{ fontSize: 12, px: 0.25 }}>{arg.timeText}</Box>; // the range being selected
  const place = [row.baseName, row.roomName].filter(Boolean).join(' · ');
  return (
    <Box
      sx={{ overflow: 'hidden', fontSize: 12, lineHeight: 1.35, px: 0.25, textDecoration: row.status === 'cancelled' ? 'line-through' : 'none' }}
      title={`${row.courseTitle}\n${formatTimeRange(row.startsAt, row.endsAt)}\n${place}`}
    >
      <Box component="span" sx={{ fontWeight: 600 }}>
        {arg.timeText}{' '}
      </Box>
      <span>{row.courseTitle}</span>
      <Box sx={{ opacity: 0.9, whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }}>{place}</Box>
      <Box sx={{ opacity: 0.9 }}>
        {row.enrolledCount}/{row.capacity}
        {row.waitlistedCount > 0 ? ` +${row.waitlistedCount}` : ''}
      </Box>
    </Box>
  );
}
