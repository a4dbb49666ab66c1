import { useState } from 'react';
import { Link as RouterLink, useParams, useSearchParams } from 'react-router';
import { Alert, Box, Button, Chip, CircularProgress, Paper, Snackbar, Stack, Tab, Tabs } from '@mui/material';
import ArrowBackIcon from '@mui/icons-material/ArrowBack';
import EditIcon from '@mui/icons-material/Edit';
import EventBusyIcon from '@mui/icons-material/EventBusy';
import { useCall } from '../../api/useCall.ts';
import { DetailList, Page } from '../../components/Page.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useAuth } from '../../auth/AuthProvider.tsx';
import { formatTimeRange } from '../../../../core/dates.ts';
import { SessionForm } from './SessionForm.tsx';
import { EnrolmentTab } from './EnrolmentTab.tsx';
import { AttendanceTab } from './AttendanceTab.tsx';
import { CancelSessionDialog } from './CancelSessionDialog.tsx';
import { STATUS_COLOR } from './sessionStyle.ts';
import { SignInSheetButton } from '../documents/PrintButtons.tsx';

export function SessionDetail() {
  const { t, label } = useI18n();
  const id = Number(useParams().id);
  const canWrite = useAuth().can('bases.write');
  const { data, error, reload } = useCall('sessions.get', { id });
  const [params] = useSearchParams();
  const [tab, setTab] = useState(params.get('tab') === 'attendance' ? 2 : 0);
  const [editing, setEditing] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  // What the last action did (who moved up from the waitlist, whom to notify); stays until closed.
  const [outcome, setOutcome] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  if (error) return <Alert severity="error">{t('common.loadFailed', { message: error.message })}</Alert>;
  if (!data) return <CircularProgress aria-label={t('common.loading')} />;
  const { session, enrolments, can } = data;
  const changed = (message: string) => {
    setOutcome(message);
    reload();
  };
  const mentorsOf = (role: 'lead' | 'assistant') =>
    session.mentors
      .filter((m) => m.role === role)
      .map((m) => (
        <Button key={m.mentorId} component={RouterLink} to={`/people/${m.personId}`} size="small" sx={{ minWidth: 0, p: 0, mr: 1 }}>
          {m.name}
        </Button>
      ));
  return (
    <Page
      title={
        <Stack direction="row" spacing={1.5} sx={{ alignItems: 'center' }}>
          <span>
            {session.courseCode} {session.courseTitle}
          </span>
          {/* Which of a course's sessions this is: its date and time. */}
          <Box component="span" sx={{ color: 'text.secondary', fontWeight: 400 }}>
            {formatTimeRange(session.startsAt, session.endsAt)}
          </Box>
          <Chip size="small" color={STATUS_COLOR[session.status]} label={label('sessionStatus', session.status)} />
          {session.unified && <Chip size="small" variant="outlined" color="secondary" label={t('session.unified')} />}
        </Stack>
      }
      actions={
        <>
          <Button component={RouterLink} to="/sessions" startIcon={<ArrowBackIcon />}>
            {t('common.back')}
          </Button>
          {session.status !== 'cancelled' && <SignInSheetButton sessionId={session.id} />}
          {canWrite && can.change.allowed && (
            <>
              <Button variant="outlined" startIcon={<EditIcon />} onClick={() => setEditing(true)}>
                {t('session.edit')}
              </Button>
              <Button variant="outlined" color="error" startIcon={<EventBusyIcon />} onClick={() => setCancelling(true)}>
                {t('session.cancel')}
              </Button>
            </>
          )}
        </>
      }
    >
      {outcome && (
        <Alert severity="info" onClose={() => setOutcome(null)}>
          {outcome}
        </Alert>
      )}
      <Paper variant="outlined" sx={{ flex: 1, minHeight: 0, display: 'flex', flexDirection: 'column' }}>
        <Tabs value={tab} onChange={(_e, v: number) => setTab(v)} sx={{ borderBottom: 1, borderColor: 'divider', px: 1 }}>
          <Tab label={t('session.tab.basic')} />
          <Tab
            label={`${t('session.tab.enrolments')}（${session.enrolledCount}/${session.capacity}${session.waitlistedCount ? ` +${session.waitlistedCount}` : ''}）`}
          />
          <Tab label={t('session.tab.attendance')} />
        </Tabs>
        <Box sx={{ p: 2, overflow: 'auto' }}>
          {tab === 0 && (
            <DetailList
              items={[
                { label: t('session.base'), value: <RouterLink to={`/bases/${session.baseId}`}>{session.baseName}</RouterLink> },
                { label: t('session.course'), value: `${session.courseCode} ${session.courseTitle}（${session.categoryName}）` },
                { label: t('session.time'), value: formatTimeRange(session.startsAt, session.endsAt) },
                { label: t('session.creditHours'), value: session.creditHours },
                { label: t('session.room'), value: session.roomName ? `${session.roomName}（${session.roomSeats} 座）` : '—' },
                { label: t('session.capacity'), value: session.capacity },
                { label: t('session.enrolled'), value: session.enrolledCount },
                { label: t('session.waitlisted'), value: session.waitlistedCount },
                { label: t('session.leadMentors'), value: mentorsOf('lead') },
                { label: t('session.assistantMentors'), value: session.mentors.some((m) => m.role === 'assistant') ? mentorsOf('assistant') : '—' },
                { label: t('session.note'), value: session.note || '—' },
                ...(session.cancelReason ? [{ label: t('session.cancelReason'), value: session.cancelReason }] : []),
              ]}
            />
          )}
          {tab === 1 && <EnrolmentTab session={session} enrolments={enrolments} can={can} canWrite={canWrite} onChanged={changed} />}
          {tab === 2 && (
            <AttendanceTab key={session.status} session={session} enrolments={enrolments} can={can} canWrite={canWrite} onChanged={changed} onReload={reload} />
          )}
        </Box>
      </Paper>
      <SessionForm
        open={editing}
        session={session}
        draft={null}
        onClose={() => setEditing(false)}
        onSaved={(_id, promoted) => {
          setEditing(false);
          if (promoted) changed(t('session.promoted', { names: promoted }));
          else {
            setNotice(t('common.saved'));
            reload();
          }
        }}
      />
      <CancelSessionDialog
        open={cancelling}
        session={session}
        enrolments={enrolments}
        onClose={() => setCancelling(false)}
        onDone={(message) => {
          setCancelling(false);
          changed(message);
        }}
      />
      <Snackbar open={!!notice} autoHideDuration={3000} onClose={() => setNotice(null)} message={notice} />
    </Page>
  );
}
