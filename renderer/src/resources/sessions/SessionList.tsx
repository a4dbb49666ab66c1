import { useCallback, useMemo, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { useAddressChange } from '../../components/useAddressChange.ts';
import { Button, ToggleButton, ToggleButtonGroup } from '@mui/material';
import AddIcon from '@mui/icons-material/Add';
import EventAvailableIcon from '@mui/icons-material/EventAvailable';
import CalendarMonthIcon from '@mui/icons-material/CalendarMonth';
import ViewListIcon from '@mui/icons-material/ViewList';
import { Page } from '../../components/Page.tsx';
import { ExportButton } from '../../jobs/ExportButton.tsx';
import { SearchBox } from '../../components/SearchBox.tsx';
import { ServerDataGrid } from '../../components/ServerDataGrid.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useCall } from '../../api/useCall.ts';
import { useAuth } from '../../auth/AuthProvider.tsx';
import { BasePicker, type BaseChoice } from '../bases/BasePicker.tsx';
import { SessionCalendar } from './SessionCalendar.tsx';
import { CalendarJump } from './CalendarJump.tsx';
import { SessionForm, type SessionDraft } from './SessionForm.tsx';
import { SlotFinder } from './SlotFinder.tsx';
import { useSessionColumns } from './sessionColumns.tsx';
import { LinkedFilterChip } from '../../components/LinkedFilterChip.tsx';
import { addDays } from '../../../../core/dates.ts';
import { SessionStatus } from '../../../../domain/index.ts';

type Linked = { from?: string; to?: string; statuses?: SessionStatus[]; openSeats?: true };

/** Filters another screen opened the list with (工作台: this week's sessions, rosters with seats free): ?from=&to=&statuses=a,b&openSeats=true. */
function linkedFilters(params: URLSearchParams): Linked | null {
  const date = (key: string) => (/^\d{4}-\d{2}-\d{2}$/.test(params.get(key) ?? '') ? params.get(key)! : undefined);
  const statuses = (params.get('statuses') ?? '').split(',').filter((v): v is SessionStatus => (SessionStatus.values as readonly string[]).includes(v));
  const linked: Linked = {
    ...(date('from') && { from: date('from') }),
    ...(date('to') && { to: date('to') }),
    ...(statuses.length > 0 && { statuses }),
    ...(params.get('openSeats') === 'true' && { openSeats: true as const }),
  };
  return Object.keys(linked).length > 0 ? linked : null;
}

type View = 'calendar' | 'list';
const VIEW_KEY = 'sws.sessions.view';

/** 班期日历: the sessions of one base or of all, as a calendar or a list. */
export function SessionList() {
  const { t, label } = useI18n();
  const navigate = useNavigate();
  const { can, user } = useAuth();
  const canWrite = can('bases.write');
  // A coordinator of a single base schedules there: the form starts with it.
  const single = user.role === 'coordinator' && user.baseIds.length === 1;
  const { data: ownBases } = useCall('bases.list', { pageSize: 1 }, single);
  const ownBase = single && ownBases?.rows[0] ? { id: ownBases.rows[0].id, name: ownBases.rows[0].name } : null;
  const [base, setBase] = useState<BaseChoice | null>(null);
  const [params] = useSearchParams();
  const [linked, setLinked] = useState<Linked | null>(() => linkedFilters(params));
  const [view, setView] = useState<View>(() => (linked || localStorage.getItem(VIEW_KEY) === 'list' ? 'list' : 'calendar'));
  useAddressChange((next) => {
    const filters = linkedFilters(next);
    setLinked(filters);
    if (filters) setView('list');
  });
  const [search, setSearch] = useState('');
  const [draft, setDraft] = useState<SessionDraft | null>(null);
  const [creating, setCreating] = useState(false);
  const [finding, setFinding] = useState(false);
  // A new start resets the finder: it changes with the base chosen, not with every render (ownBase is rebuilt each time).
  // eslint-disable-next-line react-hooks/exhaustive-deps -- ownBase is known by its id
  const finderStart = useMemo(() => ({ base: base ?? ownBase, courseId: null }), [base, ownBase?.id]);
  const [refreshKey, setRefreshKey] = useState(0);
  // Each jump is new, even to the same date again (after paging away from it).
  const [jump, setJump] = useState<{ date: string; n: number } | null>(null);
  const onSearch = useCallback((v: string) => setSearch(v), []);

  const columns = useSessionColumns();
  const linkedLabel = (f: Linked) =>
    [
      f.from && f.to && t('session.linkedDates', { from: f.from, to: addDays(f.to, -1) }),
      f.statuses && f.statuses.map((v) => label('sessionStatus', v)).join('、'),
      f.openSeats && t('session.linkedOpenSeats'),
    ]
      .filter(Boolean)
      .join('，');

  const openForm = (next: SessionDraft) => {
    setDraft({ ...next, base: next.base ?? ownBase });
    setCreating(true);
  };
  const chooseView = (next: View | null) => {
    if (!next) return;
    localStorage.setItem(VIEW_KEY, next);
    setView(next);
  };

  return (
    <Page
      title={t('session.title')}
      actions={
        <>
          <ExportButton operation="sessions.export" query={{ baseId: base?.id, ...(view === 'list' && { search: search || undefined, ...linked }) }} />
          {canWrite && (
            <Button variant="outlined" startIcon={<EventAvailableIcon />} onClick={() => setFinding(true)}>
              {t('slots.open')}
            </Button>
          )}
          {canWrite && (
            <Button variant="contained" startIcon={<AddIcon />} onClick={() => openForm({ base, startsAt: '', endsAt: '' })}>
              {t('session.create')}
            </Button>
          )}
        </>
      }
      filters={
        <>
          <BasePicker label={t('session.base')} placeholder={t('session.allBases')} value={base} onChange={setBase} />
          <ToggleButtonGroup size="small" exclusive value={view} onChange={(_e, next: View | null) => chooseView(next)} aria-label={t('session.title')}>
            <ToggleButton value="calendar">
              <CalendarMonthIcon fontSize="small" sx={{ mr: 0.5 }} />
              {t('session.viewCalendar')}
            </ToggleButton>
            <ToggleButton value="list">
              <ViewListIcon fontSize="small" sx={{ mr: 0.5 }} />
              {t('session.viewList')}
            </ToggleButton>
          </ToggleButtonGroup>
          {view === 'calendar' && <CalendarJump onJump={(date) => setJump((was) => ({ date, n: (was?.n ?? 0) + 1 }))} />}
          {view === 'list' && <SearchBox label={t('session.search')} placeholder={t('session.search')} onSearch={onSearch} />}
          {view === 'list' && linked && <LinkedFilterChip label={linkedLabel(linked)} onDelete={() => setLinked(null)} />}
        </>
      }
    >
      {view === 'calendar' ? (
        <SessionCalendar
          baseId={base?.id}
          canWrite={canWrite}
          refreshKey={refreshKey}
          jump={jump}
          onCreate={(range) => openForm({ base, ...range })}
          onOpen={(id) => navigate(`/sessions/${id}`)}
        />
      ) : (
        <ServerDataGrid
          ariaLabel={t('session.title')}
          operation="sessions.list"
          columns={columns}
          query={{ baseId: base?.id, search: search || undefined, ...linked }}
          emptyText={t('session.empty')}
          refreshKey={refreshKey}
          onRowClick={(row) => navigate(`/sessions/${row.id}`)}
        />
      )}
      <SlotFinder
        open={finding}
        start={finderStart}
        onClose={() => setFinding(false)}
        onChoose={(slot, chosenBase, courseId, capacity) => {
          setFinding(false);
          openForm({
            base: chosenBase,
            startsAt: slot.startsAt,
            endsAt: slot.endsAt,
            fill: { courseId, roomId: slot.roomId, leadMentorIds: [slot.mentorId], capacity },
          });
        }}
      />
      <SessionForm
        open={creating}
        session={null}
        draft={draft}
        onClose={() => setCreating(false)}
        onSaved={() => {
          setCreating(false);
          setRefreshKey((k) => k + 1);
        }}
      />
    </Page>
  );
}
